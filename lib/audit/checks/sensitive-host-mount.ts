import { engineStorageExposure, sensitiveExposure } from "../host-paths";
import { bindEvidence, bindMounts } from "../mounts";
import type { Check } from "../types";

/**
 * A bind mount whose host source is a sensitive system folder ({@link SENSITIVE_HOST_PATHS}) or a folder
 * above one (`/var/lib` holds `/var/lib/docker`), or the engine's own storage (`DockerRootDir`, wherever
 * `--data-root` put it, and anything beneath it).
 * Critical when writable, high when read-only. CIS 5.6.
 */
export const sensitiveHostMount: Check = {
  id: "sensitive-host-mount",
  title: "No sensitive host folders mounted",
  defaultSeverity: "critical",
  cis: "5.6",
  description:
    "Mounting /, /etc, /usr, /var/lib/docker and the like gives the container the host's own files: writable, it can take over the host; read-only, it can still read secrets and configuration.",
  remediation: {
    dockerRun: "remove -v /etc:… (mount only the single file or app folder needed, with :ro)",
    compose: "volumes: mount only the single file or app folder needed, with :ro",
  },
  evaluate(s) {
    const sensitive = bindMounts(s)
      .map((b) => ({
        ...b,
        exposure: sensitiveExposure(b.source) ?? engineStorageExposure(b.source, s.engine.dockerRootDir),
      }))
      .filter((b): b is typeof b & { exposure: string } => b.exposure !== null);
    if (sensitive.length === 0)
      return { status: "pass", message: "no sensitive host folders mounted", evidence: {} };
    const evidence = { Mounts: bindEvidence(sensitive) };
    const list = sensitive.map((b) => `${b.exposure} (${b.rw ? "writable" : "read-only"})`).join(", ");
    const writable = sensitive.some((b) => b.rw);
    return {
      status: "fail",
      severity: writable ? "critical" : "high",
      message: `host system folders mounted: ${list}`,
      evidence,
    };
  },
};

import { engineSocketExposure, isEngineSocketName } from "../host-paths";
import { bindEvidence, bindMounts } from "../mounts";
import type { Check, CheckOutcome } from "../types";

/**
 * The engine's (or containerd's, podman's) API socket, or the folder holding it, bind-mounted in.
 * `:ro` does not help: connecting to a socket is not a write. CIS 5.32; case `docker-socket-mounted-readonly`.
 */
export const dockerSocketMount: Check = {
  id: "docker-socket-mount",
  title: "Docker socket not mounted",
  defaultSeverity: "critical",
  cis: "5.32",
  description:
    "Whoever can talk to the engine's socket can start a privileged container with the host's / mounted: it is root on the host. Mounting it read-only changes nothing.",
  remediation: {
    dockerRun:
      "remove -v /var/run/docker.sock:… (or front it with a proxy that allows only the calls needed)",
    compose: "volumes: remove the docker.sock entry",
  },
  evaluate(s): CheckOutcome {
    const exposed = bindMounts(s)
      .map((b) => ({
        bind: b,
        why:
          engineSocketExposure(b.source) ??
          (isEngineSocketName(b.destination)
            ? `${b.destination} in the container is an engine socket`
            : null),
      }))
      .filter((x): x is { bind: (typeof x)["bind"]; why: string } => x.why !== null);
    if (exposed.length === 0) return { status: "pass", message: "no engine socket mounted", evidence: {} };
    const ro = exposed.every((x) => !x.bind.rw);
    return {
      status: "fail",
      message: `${exposed.map((x) => x.why).join("; ")}${ro ? " (read-only does not make this safe)" : ""}`,
      evidence: { Mounts: bindEvidence(exposed.map((x) => x.bind)) },
    };
  },
};

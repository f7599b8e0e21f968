import { bindEvidence, bindMounts } from "../mounts";
import type { Check } from "../types";

/**
 * Bind mounts that are writable (`Mounts[].RW`, whatever the spelling: `-v`, `--mount`, `--volumes-from`).
 * A write path that survives `--read-only`.
 */
export const writableBindMount: Check = {
  id: "writable-bind-mount",
  title: "Bind mounts are read-only",
  defaultSeverity: "medium",
  cis: null,
  description:
    "A read-only root does not cover bind mounts: a writable one lets the container change files on the host. Mount host folders with :ro unless the app must write there.",
  remediation: {
    dockerRun: "-v /host/config:/app/config:ro",
    compose: 'volumes: ["/host/config:/app/config:ro"]',
  },
  evaluate(s) {
    const binds = bindMounts(s);
    if (binds.length === 0) return { status: "pass", message: "no bind mounts", evidence: {} };
    const evidence = { Mounts: bindEvidence(binds) };
    const writable = binds.filter((b) => b.rw);
    if (writable.length > 0) {
      const list = writable.map((b) => `${b.destination} ← ${b.source}`).join(", ");
      return { status: "fail", message: `writable bind mounts: ${list}`, evidence };
    }
    return { status: "pass", message: `all ${binds.length} bind mounts are read-only`, evidence };
  },
};

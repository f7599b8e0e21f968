import { bindEvidence, bindMounts, volumeLabel } from "../mounts";
import type { Check } from "../types";
import { allOf, NOUNS } from "../wording";

/**
 * Bind mounts by effect (a `local` volume with `o=bind` included: `lib/audit/mounts.ts`) that are writable (`Mounts[].RW`, whatever the spelling: `-v`, `--mount`, `--volumes-from`).
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
      const list = writable
        .map(
          (b) =>
            `${b.destination} ← ${b.source}${b.volume ? ` (${volumeLabel({ name: b.volume, anonymous: false })}, local driver o=bind)` : ""}`,
        )
        .join(", ");
      return { status: "fail", message: `writable bind mounts: ${list}`, evidence };
    }
    return { status: "pass", message: `${allOf(binds.length, NOUNS.bind)} read-only`, evidence };
  },
};

import { backingOf, volumeEvidence, volumeMounts } from "../mounts";
import type { Check } from "../types";
import { allOf, NOUNS } from "../wording";

/**
 * Volumes by effect (bind and tmpfs volumes of the `local` driver are judged as binds and tmpfs instead; network
 * and device filesystems stay here, named with their type): named or anonymous volumes (an image's `VOLUME` included) mounted read-write (`Mounts[].RW`).
 * Low by default: data volumes are often deliberate, but they are writable paths `--read-only` does not cover.
 */
export const writableVolume: Check = {
  id: "writable-volume",
  title: "Volumes are read-only",
  defaultSeverity: "low",
  cis: null,
  description:
    "Volumes stay writable under --read-only and persist across restarts, so they can carry an attacker's files from one run to the next. Keep them for data that must persist, and mount read-only where the app only reads.",
  remediation: { dockerRun: "-v app_data:/app/data:ro", compose: 'volumes: ["app_data:/app/data:ro"]' },
  evaluate(s) {
    const volumes = volumeMounts(s);
    if (volumes.length === 0) return { status: "pass", message: "no volumes", evidence: {} };
    const evidence = { Mounts: volumeEvidence(volumes) };
    const writable = volumes.filter((v) => v.rw);
    if (writable.length > 0) {
      const list = writable
        .map((v) => {
          const b = backingOf(v);
          const what =
            b.kind === "filesystem"
              ? `, ${b.fsType} mount of ${b.device}`
              : b.kind === "plugin"
                ? `, ${b.driver} driver`
                : "";
          return `${v.destination} (${v.anonymous ? "anonymous volume" : v.name}${what})`;
        })
        .join(", ");
      return { status: "fail", message: `writable volumes: ${list}`, evidence };
    }
    return { status: "pass", message: `${allOf(volumes.length, NOUNS.volume)} read-only`, evidence };
  },
};

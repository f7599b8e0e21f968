/**
 * The mount-table probe: what the kernel has mounted for PID 1, compared with what inspect says.
 */
import type { Mount, ProbeResult } from "../types";
import { type MountinfoEntry, mountAt, mountFlags, mountLine } from "./mountinfo";
import { witnessVolume } from "./volume-witness";

/** What the inspect data promises, from the snapshot. */
export interface MountExpectation {
  /** `HostConfig.ReadonlyRootfs`. */
  readonlyRootfs: boolean;
  /** The container's declared mounts (binds, volumes, tmpfs). */
  mounts: readonly Mount[];
  /** `major:minor` of the engine's volumes folder, read on the engine's host; `null` or absent when unknown. */
  volumesDevice?: string | null;
}

/** The probe's result and the one fact the verdict needs. */
export interface MountTableReading {
  probe: ProbeResult;
  /** `/` read-only per the kernel; `null` when the table has no `/`. */
  rootReadOnly: boolean | null;
}

// Masking and kernel-interface mounts under these are not places an app writes files.
const KERNEL_INTERFACE = /^\/(proc|sys)(\/|$)/;
const NOT_FILE_STORAGE = new Set(["proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue"]);

/**
 * Classifies PID 1's mount table (`parseMountinfo` output).
 * - `fail`: `/` is read-write, or the kernel applies weaker flags than inspect promises (a `:ro` mount that is
 *   `rw`, a tmpfs without the `noexec`/`nosuid`/`nodev` it was declared with, `/` `rw` though
 *   `HostConfig.ReadonlyRootfs` is true) — each mismatch is named in the evidence.
 * - `pass`: `/` is read-only and every declared mount is as declared.
 * - `skipped`: the table has no `/` (not a mount table).
 * Each volume is also compared with its driver options ({@link witnessVolume}): a disagreement (a `type=tmpfs`
 * volume that is no tmpfs, an `o=bind` volume whose mounted folder is not its device folder, a plain volume
 * not in the engine's volumes folder) is named in the evidence and `details` ("the kernel shows …"); the kernel's
 * reading is what the other probes act on (the tmpfs-exec probe takes every writable tmpfs of the table).
 * `details` holds one line per mount ({@link mountLine}: never the source or engine storage paths), the
 * mismatches, and marks the writable mounts the engine added that inspect never shows (`/dev`, `/dev/shm`,
 * `/etc/hosts`, …).
 */
export function classifyMountTable(
  entries: readonly MountinfoEntry[],
  expected: MountExpectation,
): MountTableReading {
  const root = mountAt(entries, "/");
  if (!root) {
    return {
      rootReadOnly: null,
      probe: { id: "mount-table", status: "skipped", evidence: "the mount table has no / entry" },
    };
  }
  const rootReadOnly = mountFlags(root).readOnly;
  const mismatches: string[] = [];
  if (expected.readonlyRootfs && !rootReadOnly) {
    mismatches.push("/ is mounted rw though HostConfig.ReadonlyRootfs is true");
  }
  const witnessed: string[] = [];
  for (const m of expected.mounts) {
    if (m.type === "other") continue;
    const entry = mountAt(entries, m.destination);
    if (!entry) {
      mismatches.push(`${m.destination}: declared ${m.type} mount is not in the mount table`);
      continue;
    }
    if (m.type === "volume") {
      const w = witnessVolume(m, entry, expected.volumesDevice ?? null);
      for (const d of w.disagreements) witnessed.push(`${m.destination} (volume ${m.name}): ${d}`);
    }
    const f = mountFlags(entry);
    if (!m.rw && !f.readOnly) mismatches.push(`${m.destination}: declared read-only, mounted rw`);
    if (m.type === "tmpfs") {
      for (const flag of ["noexec", "nosuid", "nodev"] as const) {
        if (m[flag] && !f[flag]) mismatches.push(`${m.destination}: declared ${flag}, mounted without it`);
      }
    }
  }
  const declared = new Set(expected.mounts.map((m) => m.destination.replace(/\/+$/, "")));
  const engineAdded = entries.filter(
    (e) =>
      e.mountPoint !== "/" &&
      !declared.has(e.mountPoint) &&
      !KERNEL_INTERFACE.test(e.mountPoint) &&
      !NOT_FILE_STORAGE.has(e.fsType) &&
      !mountFlags(e).readOnly,
  );
  const added = new Set(engineAdded);
  const details = [
    ...mismatches.map((m) => `mismatch: ${m}`),
    ...witnessed.map((w) => `volume judged by the kernel: ${w}`),
    ...entries.map((e) => `${mountLine(e)}${added.has(e) ? " (writable, added by the engine)" : ""}`),
  ];
  const rootText = `/ is mounted ${rootReadOnly ? "ro" : "rw"} (${root.fsType})`;
  const addedText =
    engineAdded.length > 0
      ? `; writable mounts the engine added: ${engineAdded.map((e) => e.mountPoint).join(", ")}`
      : "";
  const witnessText =
    witnessed.length > 0
      ? `; volumes the kernel shows otherwise than their options: ${witnessed.join("; ")}`
      : "";
  if (mismatches.length > 0) {
    return {
      rootReadOnly,
      probe: {
        id: "mount-table",
        status: "fail",
        evidence: `${rootText}; differs from inspect: ${mismatches.join("; ")}${witnessText}`,
        details,
      },
    };
  }
  return {
    rootReadOnly,
    probe: {
      id: "mount-table",
      status: rootReadOnly ? "pass" : "fail",
      evidence: `${rootText}${addedText}${witnessText}`,
      details,
    },
  };
}

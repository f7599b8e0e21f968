/**
 * Which mounts the per-mount probes test: ro-mount-write every mount meant read-only, tmpfs-exec every
 * writable tmpfs the kernel mounted (declared or not), each by its destination as the kernel spells it.
 */
import { posix } from "node:path";
import type { Mount } from "../types";
import { type MountinfoEntry, mountFlags } from "./mountinfo";

/**
 * A destination as the kernel mounts it: `//etc` is `/etc`, `/srv/./static/` is `/srv/static` (the engine
 * stores `HostConfig.Tmpfs` keys as typed; runc cleans them before mounting).
 */
export function cleanDestination(destination: string): string {
  const clean = posix.normalize(destination).replace(/\/+$/, "");
  return clean === "" ? "/" : clean;
}

/** The engine's own `/dev`: a tmpfs no option can make noexec, so tmpfs-exec shows it and never fails it. */
export const ENGINE_DEV = "/dev";

/** Why tmpfs-exec does not test the engine's `/dev`. */
export const ENGINE_DEV_NOTE = "the engine's own /dev (no option can make it noexec): shown, not tested";

/** Kernel interfaces the engine masks with tmpfs or `/dev/null` binds: never a place for files. */
function isKernelInterface(mountPoint: string): boolean {
  return /^\/(proc|sys)(\/|$)/.test(mountPoint);
}

/**
 * tmpfs-exec's folders: every declared tmpfs (a read-only one proves itself: nothing can be written), and
 * every *writable* tmpfs in the mount table (`kernelTable`, empty when it could not be read) — a tmpfs
 * volume, `/dev/shm` — but the engine's `/dev`, which goes to `reported`, and `/proc`, `/sys` masks.
 */
export function tmpfsTargets(
  declared: readonly string[],
  kernelTable: readonly MountinfoEntry[],
): { dirs: string[]; reported: { dir: string; line: string }[] } {
  const dirs = new Set(declared.map(cleanDestination));
  let dev = false;
  for (const entry of kernelTable) {
    if (entry.fsType !== "tmpfs" || mountFlags(entry).readOnly) continue;
    const point = cleanDestination(entry.mountPoint);
    if (isKernelInterface(point)) continue;
    if (point === ENGINE_DEV && !dirs.has(ENGINE_DEV)) dev = true;
    else dirs.add(point);
  }
  return { dirs: [...dirs].sort(), reported: dev ? [{ dir: ENGINE_DEV, line: ENGINE_DEV_NOTE }] : [] };
}

/** ro-mount-write's targets: every mount meant read-only (binds, volumes, tmpfs mounted `ro`), once each. */
export function readOnlyTargets(mounts: readonly Mount[]): string[] {
  return [...new Set(mounts.filter((m) => !m.rw).map((m) => cleanDestination(m.destination)))].sort();
}

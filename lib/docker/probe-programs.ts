/**
 * Whether a container's own processes could replace a program a probe runs. Every probe execs `/bin/sh`
 * and the programs it finds on the fixed `PATH` (`PROBE_PATH`), as uid 65534; if a process of the container
 * running as some other uid (say 1000) can write one of those files or folders, it can plant a program that
 * then runs as 65534 — a uid it did not have (files owned by nobody, a volume shared with a container that
 * runs as nobody). So, when roaudit can see the container's filesystem from the host
 * (`/proc/<pid>/root`), Verify first checks that `/bin/sh`, each `PATH` folder, every folder above them
 * and every program in them (symlinks followed inside the container's root) is owned by the container's
 * root and writable by no one else, and so is what the kernel and the dynamic loader take along with them
 * (`probe-loader.ts`); otherwise no probe runs in the container and Verify says why.
 * Reads metadata (lstat, readlink) and, of files already judged safe, the first bytes (`readHead`): nothing
 * is written or run.
 */
import { constants } from "node:fs";
import { lstat, open, readdir } from "node:fs/promises";
import { PROBE_PATH, PROBE_SHELL } from "@/lib/audit/runtime/probe-exec";
import { resolveInScope } from "@/lib/audit/runtime/resolve-path";
import { hostReadlink } from "./host-proc";
import { loaderPlantable } from "./probe-loader";

/** Entries checked per folder at most (a folder holding more is judged by its own owner and mode). */
const MAX_ENTRIES = 5_000;

/**
 * The host uid the container's uid 0 maps to, from `/proc/<pid>/uid_map` text (`0 <host> <count>` lines);
 * 0 when there is no user namespace, `null` when uid 0 is not mapped.
 */
export function rootHostUid(uidMap: string): number | null {
  for (const line of uidMap.split("\n")) {
    const [inside, outside, count] = line.trim().split(/\s+/).map(Number);
    if (inside === 0 && Number.isInteger(outside) && (count ?? 0) > 0) return outside as number;
  }
  return uidMap.trim() === "" ? 0 : null;
}

/** Why a file of this owner and mode can be replaced by a non-root process, or `null`. */
export function replaceableBy(path: string, uid: number, mode: number, rootUid: number): string | null {
  if (uid !== rootUid) return `${path} is owned by uid ${uid}, not the container's root`;
  if ((mode & 0o022) !== 0)
    return `${path} is writable by its group or by everyone (mode ${(mode & 0o7777).toString(8)})`;
  return null;
}

/**
 * Checks the container whose main process is `pid` (already checked to be the container's by
 * `readHostProc`) and whose uid 0 maps to host uid `rootUid`. Returns why a container process could replace
 * a probe's program — or what the loader maps into it, see `probe-loader.ts` — or `null` when none can.
 * `procRoot` is for tests.
 */
export async function plantableProgram(
  pid: number,
  rootUid: number,
  procRoot = "/proc",
): Promise<string | null> {
  const fs = containerFiles(pid, rootUid, procRoot);
  const programs = new Set<string>();

  const shell = await fs.check(PROBE_SHELL);
  if (shell.why) return shell.why;
  if (shell.resolved !== null) programs.add(shell.resolved);
  for (const dir of PROBE_PATH.split(":")) {
    // Resolved once: the folder checked is the folder listed.
    const { why, resolved } = await fs.check(dir);
    if (why) return why;
    if (resolved === null) continue;
    const entries = await fs.checkEntries(resolved);
    if (entries.why) return entries.why;
    // A program left unchecked could be anyone's: too big a PATH folder is refused, like the loader's folders.
    if (entries.truncated) return `${resolved} holds too many entries to judge`;
    for (const file of entries.files) programs.add(file);
  }
  return loaderPlantable(fs, [...programs]);
}

/**
 * A container's filesystem as the host sees it under `/proc/<pid>/root`, judged file by file: metadata only
 * (lstat, readlink), except {@link ContainerFiles.readHead}, which opens one regular file already judged.
 */
export interface ContainerFiles {
  /** Checks `containerPath` (symlinks followed inside the root) and the folders above it; `resolved` null when missing or a loop. */
  check(containerPath: string): Promise<{ why: string | null; resolved: string | null }>;
  /**
   * Checks every entry of the resolved folder `dir` (at most 5,000; symlinks followed as `check` does) and,
   * `depth` > 0, the entries of its subfolders whose name `descend` accepts (told the `depth` left at `dir`); returns the regular files seen,
   * and `truncated` when a folder held more entries than were checked.
   */
  checkEntries(
    dir: string,
    depth?: number,
    descend?: (name: string, depth: number) => boolean,
  ): Promise<{ why: string | null; files: string[]; truncated?: boolean }>;
  /** Up to `max` bytes from the start of the resolved regular file `path`; `null` when it is not one (or changed). */
  readHead(path: string, max: number): Promise<Buffer | null>;
}

/** The {@link ContainerFiles} of the container whose main process is `pid`. */
export function containerFiles(pid: number, rootUid: number, procRoot = "/proc"): ContainerFiles {
  const base = `${procRoot}/${pid}/root`;
  const readlinkIn = hostReadlink(pid, procRoot);
  const checked = new Set<string>();
  // Inode of every file judged safe, so a later read opens that very file.
  const judged = new Map<string, { dev: number; ino: number }>();
  const hostPath = (p: string) => (p === "/" ? `${base}/` : `${base}${p}`);

  const checkResolved = async (resolved: string): Promise<string | null> => {
    // The folders above it too: a writable one lets its entry be renamed away and replaced.
    const parts = resolved.split("/").filter(Boolean);
    for (let i = 0; i <= parts.length; i += 1) {
      const p = `/${parts.slice(0, i).join("/")}`;
      if (checked.has(p)) continue;
      checked.add(p);
      let st: Awaited<ReturnType<typeof lstat>>;
      try {
        // `<base>/` for the container's `/`: `/proc/<pid>/root` itself is a magic symlink; the slash follows it.
        st = await lstat(hostPath(p));
      } catch {
        return null; // missing: nothing to run there, and nothing the probe will find by this name
      }
      const why = replaceableBy(p, st.uid, st.mode, rootUid);
      if (why) return why;
      judged.set(p, { dev: st.dev, ino: st.ino });
    }
    return null;
  };

  const check: ContainerFiles["check"] = async (containerPath) => {
    const resolved = resolveInScope(containerPath, readlinkIn);
    if (resolved === null) return { why: `${containerPath} is a symlink loop`, resolved };
    const why = await checkResolved(resolved);
    return { why, resolved: why === null && !judged.has(resolved) ? null : resolved };
  };

  const checkEntries: ContainerFiles["checkEntries"] = async (dir, depth = 0, descend = () => false) => {
    let names: string[];
    try {
      names = await readdir(hostPath(dir));
    } catch {
      return { why: null, files: [] };
    }
    const truncated = names.length > MAX_ENTRIES;
    names = names.slice(0, MAX_ENTRIES);
    const files: string[] = [];
    for (const name of names) {
      const entry = `${dir === "/" ? "" : dir}/${name}`;
      const st = await lstat(hostPath(entry)).catch(() => null);
      if (!st) continue;
      let resolved = entry;
      let isDir = st.isDirectory();
      if (st.isSymbolicLink()) {
        // Followed inside the container's root, as exec will; the target and its folders must be safe too.
        const target = await check(entry);
        if (target.why) return { why: target.why, files };
        if (target.resolved === null) continue;
        resolved = target.resolved;
        isDir = (await lstat(hostPath(resolved)).catch(() => null))?.isDirectory() ?? false;
      } else {
        const own = replaceableBy(entry, st.uid, st.mode, rootUid);
        if (own) return { why: own, files };
        judged.set(entry, { dev: st.dev, ino: st.ino });
      }
      if (isDir) {
        if (depth > 0 && descend(name, depth)) {
          const sub = await checkEntries(resolved, depth - 1, descend);
          if (sub.why || sub.truncated) return { ...sub, files };
          files.push(...sub.files);
        }
      } else files.push(resolved);
    }
    return { why: null, files, truncated };
  };

  const readHead: ContainerFiles["readHead"] = async (path, max) => {
    const seen = judged.get(path);
    if (!seen) return null;
    let handle: Awaited<ReturnType<typeof open>> | null = null;
    try {
      // No following a last-component symlink, no blocking on a FIFO; and only the inode judged above.
      handle = await open(hostPath(path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      const st = await handle.stat();
      if (!st.isFile() || st.dev !== seen.dev || st.ino !== seen.ino) return null;
      const buf = Buffer.alloc(Math.min(max, st.size));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } catch {
      return null;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  };

  return { check, checkEntries, readHead };
}

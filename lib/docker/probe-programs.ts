/**
 * Whether a container's own processes could replace a program a probe runs. Every probe execs `/bin/sh`
 * and the programs it finds on the fixed `PATH` (`PROBE_PATH`), as uid 65534; if a process of the container
 * running as some other uid (say 1000) can write one of those files or folders, it can plant a program that
 * then runs as 65534 — a uid it did not have (files owned by nobody, a volume shared with a container that
 * runs as nobody). So, when roaudit can see the container's filesystem from the host
 * (`/proc/<pid>/root`), Verify first checks that `/bin/sh`, each `PATH` folder, every folder above them
 * and every program in them (symlinks followed inside the container's root) is owned by the container's
 * root and writable by no one else; otherwise no probe runs in the container and Verify says why.
 * Reads metadata only (lstat, readlink): nothing is opened, written or run.
 */
import { lstat, readdir } from "node:fs/promises";
import { PROBE_PATH, PROBE_SHELL } from "@/lib/audit/runtime/probe-exec";
import { resolveInScope } from "@/lib/audit/runtime/resolve-path";
import { hostReadlink } from "./host-proc";

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
 * a probe's program, or `null` when none can. `procRoot` is for tests.
 */
export async function plantableProgram(
  pid: number,
  rootUid: number,
  procRoot = "/proc",
): Promise<string | null> {
  const base = `${procRoot}/${pid}/root`;
  const readlinkIn = hostReadlink(pid, procRoot);
  const checked = new Set<string>();

  /** Checks `containerPath` and the folders above it; returns why it is replaceable, and where it resolved to. */
  const check = async (containerPath: string): Promise<{ why: string | null; resolved: string | null }> => {
    const resolved = resolveInScope(containerPath, readlinkIn);
    if (resolved === null) return { why: `${containerPath} is a symlink loop`, resolved };
    return { why: await checkResolved(resolved), resolved };
  };

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
        st = await lstat(p === "/" ? `${base}/` : `${base}${p}`);
      } catch {
        return null; // missing: nothing to run there, and nothing the probe will find by this name
      }
      const why = replaceableBy(p, st.uid, st.mode, rootUid);
      if (why) return why;
    }
    return null;
  };

  const shell = await check(PROBE_SHELL);
  if (shell.why) return shell.why;
  for (const dir of PROBE_PATH.split(":")) {
    // Resolved once: the folder checked is the folder listed.
    const { why, resolved } = await check(dir);
    if (why) return why;
    if (resolved === null) continue;
    let names: string[];
    try {
      names = (await readdir(`${base}${resolved}`)).slice(0, MAX_ENTRIES);
    } catch {
      continue;
    }
    for (const name of names) {
      const entry = `${resolved}/${name}`;
      const st = await lstat(`${base}${entry}`).catch(() => null);
      if (!st) continue;
      if (st.isSymbolicLink()) {
        // Followed inside the container's root, as exec will; the target and its folders must be safe too.
        const target = await check(entry);
        if (target.why) return target.why;
        continue;
      }
      const own = replaceableBy(entry, st.uid, st.mode, rootUid);
      if (own) return own;
    }
  }
  return null;
}

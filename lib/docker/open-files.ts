/**
 * Files a container's processes hold open for writing, read from the host's `/proc/<pid>/fd` and
 * `/proc/<pid>/fdinfo`: what the change list misses until the app writes (nginx opens its logs for append at
 * start and writes nothing until a request or an error). Possible only when roaudit runs on the engine's host,
 * in its pid namespace; elsewhere the answer is empty.
 */
import "server-only";
import { constants } from "node:fs";
import { open, readdir, readFile, readlink } from "node:fs/promises";
import type { FileChange } from "@/lib/audit/write-paths";
import { engineCall } from "./client";
import { cgroupNamesContainer } from "./host-proc";
import { dropPartialFirstLine } from "./trial-logs";

/** Most processes and descriptors read per container, so a process with thousands of files stays cheap. */
export const MAX_PROCESSES = 64;
export const MAX_DESCRIPTORS = 1024;

/** `O_ACCMODE` of `fdinfo`'s octal `flags:` line: 1 `O_WRONLY`, 2 `O_RDWR`. */
const O_ACCMODE = 0o3;

/** `true` when an `fdinfo` text says the descriptor was opened for writing. */
export function openedForWriting(fdinfo: string): boolean {
  const m = /^flags:\s*([0-7]+)$/m.exec(fdinfo);
  if (!m?.[1]) return false;
  return (Number.parseInt(m[1], 8) & O_ACCMODE) !== 0;
}

/**
 * A descriptor's link target as a container path, or `null` for what is not a file on a filesystem the app
 * could be given (sockets, pipes, anonymous inodes, deleted files, `/dev`, `/proc`, `/sys`).
 */
export function writableFilePath(target: string): string | null {
  if (!target.startsWith("/") || target.endsWith(" (deleted)")) return null;
  if (/^\/(dev|proc|sys)(\/|$)/.test(target)) return null;
  return target;
}

/** Host pids of the container's processes (`GET /containers/{id}/top`), at most {@link MAX_PROCESSES}. */
async function containerPids(id: string, signal?: AbortSignal): Promise<number[]> {
  const top = (await engineCall(
    (d, s) => d.getContainer(id).top({ ps_args: "-o pid", abortSignal: s } as object),
    { signal },
  )) as { Titles?: unknown; Processes?: unknown };
  const titles = Array.isArray(top.Titles) ? top.Titles : [];
  const column = titles.indexOf("PID");
  const rows = Array.isArray(top.Processes) ? top.Processes : [];
  const pids = rows
    .map((row) => (Array.isArray(row) ? Number(row[Math.max(column, 0)]) : Number.NaN))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
  return [...new Set(pids)].slice(0, MAX_PROCESSES);
}

/**
 * The files container `id` (full id, running) holds open for writing, as `opened` {@link FileChange}s sorted
 * by path; `[]` when it is not running or roaudit is not on the engine's host (a pid whose
 * `/proc/<pid>/cgroup` does not name the container is never read). Never throws for `/proc`; engine errors
 * (the container is gone) give `[]` too, since this only adds to the change list.
 */
export async function readOpenWriteFiles(
  id: string,
  signal?: AbortSignal,
  procRoot = "/proc",
): Promise<FileChange[]> {
  let pids: number[];
  try {
    pids = await containerPids(id, signal);
  } catch {
    return [];
  }
  const found = new Set<string>();
  let descriptors = 0;
  for (const pid of pids) {
    const base = `${procRoot}/${pid}`;
    try {
      if (!cgroupNamesContainer(await readFile(`${base}/cgroup`, "utf8"), id)) continue;
      const fds = await readdir(`${base}/fd`);
      for (const fd of fds) {
        if (++descriptors > MAX_DESCRIPTORS) break;
        const path = writableFilePath(await readlink(`${base}/fd/${fd}`).catch(() => ""));
        if (path === null || found.has(path)) continue;
        if (openedForWriting(await readFile(`${base}/fdinfo/${fd}`, "utf8").catch(() => ""))) found.add(path);
      }
    } catch {
      // The process ended, or this is not the engine's host.
    }
  }
  return [...found].sort().map((path) => ({ path, kind: "opened" as const }));
}

/** The last lines of a file a container holds open for writing (its own log file, say). */
export interface OpenFileTail {
  /** The path as the container sees it. */
  path: string;
  lines: string[];
}

/**
 * The last `maxBytes` of each regular file container `id`'s processes hold open for writing (at most
 * `maxFiles`), as lines: an app's own log file, which `docker logs` never shows (nginx logs to
 * `/var/log/nginx/error.log` once it runs). Each file is read through the process's descriptor
 * (`/proc/<pid>/fd/<n>`), so no path is resolved and a symlink the container plants cannot point the read
 * elsewhere; FIFOs and devices are never read. `[]` off the engine's host. Never throws.
 */
export async function readOpenWriteFileTails(
  id: string,
  maxFiles = 5,
  maxBytes = 8192,
  procRoot = "/proc",
): Promise<OpenFileTail[]> {
  let pids: number[];
  try {
    pids = await containerPids(id);
  } catch {
    return [];
  }
  const tails: OpenFileTail[] = [];
  const seen = new Set<string>();
  for (const pid of pids) {
    const base = `${procRoot}/${pid}`;
    try {
      if (!cgroupNamesContainer(await readFile(`${base}/cgroup`, "utf8"), id)) continue;
      for (const fd of (await readdir(`${base}/fd`)).slice(0, MAX_DESCRIPTORS)) {
        if (tails.length >= maxFiles) return tails;
        const path = writableFilePath(await readlink(`${base}/fd/${fd}`).catch(() => ""));
        if (path === null || seen.has(path)) continue;
        if (!openedForWriting(await readFile(`${base}/fdinfo/${fd}`, "utf8").catch(() => ""))) continue;
        seen.add(path);
        const handle = await open(`${base}/fd/${fd}`, constants.O_RDONLY | constants.O_NONBLOCK).catch(
          () => null,
        );
        if (!handle) continue;
        try {
          const stat = await handle.stat();
          if (!stat.isFile()) continue;
          const length = Math.min(stat.size, maxBytes);
          const buffer = Buffer.alloc(length);
          await handle.read(buffer, 0, length, stat.size - length);
          // Read from a non-zero offset: the first line may be the end of one (part of a secret).
          const lines = dropPartialFirstLine(buffer.toString("utf8"), stat.size > length)
            .split("\n")
            .filter((l) => l.trim() !== "");
          if (lines.length > 0) tails.push({ path, lines });
        } finally {
          await handle.close();
        }
      }
    } catch {
      // The process ended, or this is not the engine's host.
    }
  }
  return tails;
}

/**
 * The change list with the open files added: an open file the list already names is not repeated. `null`
 * (nothing changed) stays `null` only when nothing is open for writing either.
 */
export function withOpenFiles(
  changes: readonly FileChange[] | null,
  opened: readonly FileChange[],
): FileChange[] | null {
  if (opened.length === 0) return changes === null ? null : [...changes];
  const listed = new Set((changes ?? []).map((c) => c.path));
  const merged = [...(changes ?? []), ...opened.filter((o) => !listed.has(o.path))];
  return merged.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

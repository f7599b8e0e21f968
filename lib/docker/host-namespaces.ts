/**
 * The user and mount namespaces of every process of a container, read from the host's `/proc` (only when
 * roaudit runs on the engine's host): the processes are the container's cgroup's (`cgroup.procs`, child cgroups
 * included), or, when no cgroup folder can be read, the engine's top endpoint (`GET /containers/{id}/top`,
 * host pids). Verify compares them with PID 1's (`lib/audit/runtime/namespaces.ts`).
 */
import "server-only";
import { readdir, readFile, readlink } from "node:fs/promises";
import {
  compareNamespaces,
  type NamespaceReading,
  type ProcessNamespaces,
} from "@/lib/audit/runtime/namespaces";
import { engineCall } from "./client";
import { cgroupNamesContainer } from "./host-proc";

/** Processes read, at most: a container with more is judged on these, and says so. */
export const MAX_PROCESSES = 4096;
/** Child cgroup folders walked, at most. */
const MAX_CGROUP_DIRS = 256;
/** Longest the engine's top endpoint may take, in ms. */
const TOP_DEADLINE_MS = 5_000;

/**
 * Witnesses of a process's namespaces that need no privilege, for a roaudit that may not read other users'
 * `ns/*` links (it runs as a member of the docker group, not root): its `uid_map` text (a new user namespace
 * has a map of its own) and the id of its root mount in `mountinfo` (a new mount namespace copies every mount
 * under new ids), as `uid_map:[0 1000 1]` and `mount:[1887]`; `null` for one that cannot be read.
 */
export async function namespaceWitnesses(pid: number, procRoot = "/proc"): Promise<ProcessNamespaces> {
  const text = (f: string) => readFile(`${procRoot}/${pid}/${f}`, "utf8").catch(() => null);
  const [uidMap, mountinfo] = await Promise.all([text("uid_map"), text("mountinfo")]);
  const rootId = mountinfo
    ?.split("\n")
    .map((l) => l.split(" "))
    .find((f) => f[4] === "/")?.[0];
  return {
    pid,
    user: uidMap === null ? null : `uid_map:[${uidMap.trim().split(/\s+/).join(" ")}]`,
    mnt: rootId ? `mount:[${rootId}]` : null,
  };
}

/** `ns/user` and `ns/mnt` link texts of host pid `pid`; `null` for one that cannot be read. */
export async function processNamespaces(pid: number, procRoot = "/proc"): Promise<ProcessNamespaces> {
  const link = async (ns: "user" | "mnt") => {
    try {
      return await readlink(`${procRoot}/${pid}/ns/${ns}`);
    } catch {
      return null;
    }
  };
  const [user, mnt] = await Promise.all([link("user"), link("mnt")]);
  return { pid, user, mnt };
}

/**
 * The cgroup folders a container's processes are in, from PID 1's `/proc/<pid>/cgroup` (only when it names the
 * container): cgroup v1's `pids` (else `memory`) hierarchy, and v2's unified one (`/sys/fs/cgroup` or, on a
 * hybrid host, `/sys/fs/cgroup/unified`). Paths with `..` are never used.
 */
async function cgroupFolders(
  containerId: string,
  pid: number,
  procRoot: string,
  cgroupRoot: string,
): Promise<string[]> {
  const text = await readFile(`${procRoot}/${pid}/cgroup`, "utf8");
  if (!cgroupNamesContainer(text, containerId)) return [];
  const folders: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\d+:([^:]*):(\/.*)$/.exec(line);
    if (!m?.[2] || m[2].includes("..")) continue;
    const controllers = (m[1] ?? "").split(",");
    const path = m[2] === "/" ? "" : m[2];
    if (m[1] === "") folders.push(`${cgroupRoot}${path}`, `${cgroupRoot}/unified${path}`);
    else if (controllers.includes("pids")) folders.unshift(`${cgroupRoot}/pids${path}`);
    else if (controllers.includes("memory")) folders.push(`${cgroupRoot}/memory${path}`);
  }
  return folders;
}

/** Pids in `folder`'s `cgroup.procs` and its child cgroups' (breadth first, bounded), or `null` when unreadable. */
async function cgroupPids(folder: string): Promise<number[] | null> {
  const pids = new Set<number>();
  const queue = [folder];
  let walked = 0;
  while (queue.length > 0 && walked < MAX_CGROUP_DIRS && pids.size < MAX_PROCESSES) {
    const dir = queue.shift() as string;
    walked += 1;
    let text: string;
    try {
      text = await readFile(`${dir}/cgroup.procs`, "utf8");
    } catch {
      if (dir === folder) return null;
      continue;
    }
    for (const line of text.split("\n")) {
      const pid = Number(line.trim());
      if (Number.isInteger(pid) && pid > 0) pids.add(pid);
    }
    try {
      for (const entry of await readdir(dir, { withFileTypes: true }))
        if (entry.isDirectory() && !entry.isSymbolicLink()) queue.push(`${dir}/${entry.name}`);
    } catch {
      // A child cgroup removed meanwhile: its processes are gone too.
    }
  }
  return [...pids].slice(0, MAX_PROCESSES);
}

/** Host pids from the engine's top endpoint (the `PID` column), or `null` when it does not answer. */
async function topPids(containerId: string): Promise<number[] | null> {
  try {
    const top = (await engineCall((d) => d.getContainer(containerId).top(), {
      timeoutMs: TOP_DEADLINE_MS,
    })) as { Titles?: unknown; Processes?: unknown };
    const titles = Array.isArray(top.Titles) ? top.Titles : [];
    const column = titles.indexOf("PID");
    if (column < 0 || !Array.isArray(top.Processes)) return null;
    return top.Processes.slice(0, MAX_PROCESSES)
      .map((row) => (Array.isArray(row) ? Number(row[column]) : Number.NaN))
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return null;
  }
}

/**
 * Compares every process of the container with its main process `pid` (`State.Pid`), from the host's `/proc`.
 * Call it only once `readHostProc` has found `pid` to be the container's on this host. Never throws: a listing
 * that cannot be made is `unknown`, with why.
 */
export async function readContainerNamespaces(
  containerId: string,
  pid: number,
  procRoot = "/proc",
  cgroupRoot = "/sys/fs/cgroup",
): Promise<NamespaceReading> {
  // The links when they can be read (root); else, for every process alike, the unprivileged witnesses.
  const links = await processNamespaces(pid, procRoot);
  const readable = links.user !== null && links.mnt !== null;
  const read = readable ? processNamespaces : namespaceWitnesses;
  const pid1 = readable ? links : await namespaceWitnesses(pid, procRoot);
  let pids: number[] | null = null;
  try {
    for (const folder of await cgroupFolders(containerId, pid, procRoot, cgroupRoot)) {
      pids = await cgroupPids(folder);
      if (pids !== null) break;
    }
  } catch {
    pids = null;
  }
  pids ??= await topPids(containerId);
  if (pids === null)
    return { kind: "unknown", reason: "neither its cgroup nor the engine's top endpoint listed them" };
  const processes = await Promise.all(pids.map((p) => read(p, procRoot)));
  return compareNamespaces(pid1, processes);
}

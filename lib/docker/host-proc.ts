/**
 * Reading a container's main process from the host's `/proc`: the kernel's own answer, which Verify prefers
 * to anything read through exec (a container can fake its own `cat`). Possible only when roaudit runs on the
 * engine's host, in its pid namespace.
 */
import "server-only";
import { readlinkSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { ProcFile } from "@/lib/audit/runtime/exec-probes";

/** The files' texts, or why they could not be read. */
export type HostProcRead = { ok: true; files: Record<ProcFile, string> } | { ok: false; reason: string };

/** `true` when a `/proc/<pid>/cgroup` text names the container (cgroupfs `/docker/<id>`, systemd `docker-<id>.scope`). */
export function cgroupNamesContainer(cgroupText: string, containerId: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(containerId)) return false;
  return cgroupText.split("\n").some((line) => line.includes(containerId));
}

/**
 * Reads `/proc/<pid>/{status,mountinfo,uid_map}` of a container's main process (`State.Pid`), only when
 * `/proc/<pid>/cgroup` names the container's id before and after the reads (so a pid reused by another
 * process, or a pid of another host's engine, is never read). Reasons, for people:
 * `not on the engine's host` (no such pid here, or it is not this container), `the container has no main
 * process` (pid 0), or the read error. Never throws.
 */
export async function readHostProc(
  containerId: string,
  pid: number,
  procRoot = "/proc",
): Promise<HostProcRead> {
  if (!Number.isInteger(pid) || pid <= 0) return { ok: false, reason: "the container has no main process" };
  const path = (f: string) => `${procRoot}/${pid}/${f}`;
  const owned = async () => {
    try {
      return cgroupNamesContainer(await readFile(path("cgroup"), "utf8"), containerId);
    } catch {
      return false;
    }
  };
  if (!(await owned())) return { ok: false, reason: "not on the engine's host" };
  try {
    const [status, mountinfo, uidMap] = await Promise.all(
      (["status", "mountinfo", "uid_map"] as const).map((f) => readFile(path(f), "utf8")),
    );
    if (!(await owned())) return { ok: false, reason: "the container's main process ended during the read" };
    return { ok: true, files: { status: status ?? "", mountinfo: mountinfo ?? "", uid_map: uidMap ?? "" } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return { ok: false, reason: `the host's /proc/${pid} could not be read (${code})` };
  }
}

/** The kernel's freezer state of a container's cgroup: `FREEZING` while `docker pause` is under way. */
export type FreezerState = "THAWED" | "FREEZING" | "FROZEN";

/**
 * The freezer state of the cgroup of a container's main process, read from the host: cgroup v1's
 * `/sys/fs/cgroup/freezer/<path>/freezer.state`, or cgroup v2's `<path>/cgroup.freeze` (asked for) and
 * `cgroup.events` (`frozen 1` reached), with `<path>` from `/proc/<pid>/cgroup` when that names the container.
 * `null` when it cannot be read (not on the engine's host, no freezer). Never throws.
 */
export async function readHostFreezer(
  containerId: string,
  pid: number,
  procRoot = "/proc",
  cgroupRoot = "/sys/fs/cgroup",
): Promise<FreezerState | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const text = await readFile(`${procRoot}/${pid}/cgroup`, "utf8");
    if (!cgroupNamesContainer(text, containerId)) return null;
    const lines = text.split("\n");
    const v1 = lines
      .map((l) => /^\d+:([^:]*):(\/.*)$/.exec(l))
      .find((m) => m?.[1]?.split(",").includes("freezer"));
    if (v1?.[2] && !v1[2].includes("..")) {
      const state = (await readFile(`${cgroupRoot}/freezer${v1[2]}/freezer.state`, "utf8")).trim();
      return state === "THAWED" || state === "FREEZING" || state === "FROZEN" ? state : null;
    }
    const v2 = lines.map((l) => /^0::(\/.*)$/.exec(l)).find(Boolean);
    if (v2?.[1] && !v2[1].includes("..")) {
      const base = `${cgroupRoot}${v2[1] === "/" ? "" : v2[1]}`;
      const asked = (await readFile(`${base}/cgroup.freeze`, "utf8")).trim() === "1";
      const frozen = /^frozen 1$/m.test(await readFile(`${base}/cgroup.events`, "utf8"));
      return frozen ? "FROZEN" : asked ? "FREEZING" : "THAWED";
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * A `readlink` in a container's filesystem through the host's `/proc/<pid>/root` (only call it once
 * {@link readHostProc} has checked the pid is the container's): the target of `path` when it is a symlink,
 * `null` otherwise or on any error. Reads a link's text only — nothing is opened, written or run — so a link
 * swapped meanwhile can at worst misname a mount point, never reach anything.
 */
export function hostReadlink(pid: number, procRoot = "/proc"): (path: string) => string | null {
  return (path) => {
    if (!Number.isInteger(pid) || pid <= 0 || !path.startsWith("/") || path.includes("\0")) return null;
    try {
      return readlinkSync(`${procRoot}/${pid}/root${path}`);
    } catch {
      return null;
    }
  };
}

/**
 * `major:minor` of the filesystem holding `path` on this host (stat(2)'s `st_dev`, glibc's encoding), or `null`
 * when it cannot be read. Only meaningful once {@link readHostProc} found roaudit on the engine's host.
 */
export async function hostDevice(path: string): Promise<string | null> {
  try {
    const dev = (await stat(path)).dev;
    const major = (Math.floor(dev / 256) % 4096) | (Math.floor(dev / 2 ** 32) & ~0xfff);
    const minor = (dev % 256) | (Math.floor(dev / 4096) & ~0xff);
    return `${major}:${minor}`;
  } catch {
    return null;
  }
}

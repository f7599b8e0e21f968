/**
 * roaudit's own hardened container (`scripts/run-hardened.sh`), which the self-audit spec drives: the image
 * built by `scripts/build-image.sh`, run read-only, as 10001:10001, with the engine socket mounted, in the
 * host's network namespace, serving on 127.0.0.1.
 */
import { readdir, readFile, readlink } from "node:fs/promises";
import { docker } from "./fleet";

/** Name of the container `scripts/run-hardened.sh` starts. */
export const SELF_NAME = "roaudit-self";

/** Its label (`roaudit.test=self-audit`): only a container carrying it is taken for ours. */
export const SELF_LABEL = { key: "roaudit.test", value: "self-audit" } as const;

/** Port it serves on, on 127.0.0.1 (`ROAUDIT_SELF_PORT`, as for `scripts/run-hardened.sh`; default 3180). */
export const SELF_PORT = Number(process.env.ROAUDIT_SELF_PORT ?? 3180);

export const SELF_BASE_URL = `http://127.0.0.1:${SELF_PORT}`;

/** How to start it, for failure messages. */
export const SELF_START_HINT =
  "start it with `bash scripts/build-image.sh && bash scripts/run-hardened.sh` (scripts/test-all.sh does before Playwright)";

/** The parts of `docker inspect` the self-audit reads. */
export interface SelfInspect {
  Id: string;
  Config: { Image: string; User: string; Env: string[] | null; Labels: Record<string, string> | null };
  State: { Status: string; Pid: number };
  /** `""` on a host without AppArmor, else the profile applied (`docker-default`). */
  AppArmorProfile?: string;
  HostConfig: {
    ReadonlyRootfs: boolean;
    Tmpfs: Record<string, string> | null;
    CapDrop: string[] | null;
    SecurityOpt: string[] | null;
    NetworkMode: string;
    Memory: number;
    PidsLimit: number | null;
    GroupAdd: string[] | null;
    Privileged: boolean;
  };
  Mounts: { Type: string; Source: string; Destination: string; RW: boolean }[];
}

/** `docker inspect roaudit-self`, or `null` when there is no such container. */
export async function inspectSelf(): Promise<SelfInspect | null> {
  let out: string;
  try {
    out = await docker(["container", "inspect", SELF_NAME]);
  } catch (error) {
    if (/No such (container|object)/i.test(String(error))) return null;
    throw error;
  }
  const [inspect] = JSON.parse(out) as SelfInspect[];
  return inspect ?? null;
}

/**
 * Why the self-audit cannot run, or `null` when roaudit-self is there: running, labelled as ours, and
 * answering `GET /api/health` on {@link SELF_BASE_URL}.
 */
export async function selfAuditProblem(): Promise<string | null> {
  const inspect = await inspectSelf();
  if (!inspect) return `there is no container ${SELF_NAME}`;
  if (inspect.Config.Labels?.[SELF_LABEL.key] !== SELF_LABEL.value) {
    return `the container ${SELF_NAME} lacks the label ${SELF_LABEL.key}=${SELF_LABEL.value}: it is not the one scripts/run-hardened.sh starts`;
  }
  if (inspect.State.Status !== "running") return `the container ${SELF_NAME} is ${inspect.State.Status}`;
  try {
    const response = await fetch(`${SELF_BASE_URL}/api/health`, { signal: AbortSignal.timeout(5_000) });
    if (response.status !== 200) return `${SELF_BASE_URL}/api/health answered HTTP ${response.status}`;
  } catch (error) {
    return `nothing answers on ${SELF_BASE_URL}/api/health (${String(error)})`;
  }
  return null;
}

/**
 * Pid of the process listening on 127.0.0.1:`port` (TCP over IPv4), or `null` when none: the socket's inode
 * from `/proc/net/tcp`, then the process holding a descriptor on it. Linux only, and it must run where it can
 * read every process's descriptors (root) in the network namespace of the listener (the host's).
 */
export async function listenerPid(port: number): Promise<number | null> {
  // /proc/net/tcp: "sl local_address rem_address st … inode"; 127.0.0.1 is 0100007F (little-endian), 0A is LISTEN.
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const inodes = new Set<string>();
  for (const line of (await readFile("/proc/net/tcp", "utf8")).split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === local && fields[3] === "0A" && fields[9]) inodes.add(`socket:[${fields[9]}]`);
  }
  if (inodes.size === 0) return null;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = await readdir(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      const target = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => "");
      if (inodes.has(target)) return Number(entry);
    }
  }
  return null;
}

/** `docker stats --no-stream` of roaudit-self: memory limit as the engine reports it, and the process count. */
export async function selfStats(): Promise<{ memLimit: string; pids: number }> {
  const out = await docker(["stats", "--no-stream", "--format", "{{.MemUsage}}|{{.PIDs}}", SELF_NAME]);
  const [usage = "", pids = ""] = out.split("|");
  return { memLimit: usage.split("/")[1]?.trim() ?? "", pids: Number(pids) };
}

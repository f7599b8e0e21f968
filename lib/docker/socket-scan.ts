/**
 * Finds Engine API sockets beneath the host sources of a container's binds, wherever they are: a socket file
 * that answers `GET /_ping` with `OK` (Docker, Podman and their rootless forms all do) hands the engine to
 * whoever can connect to it, read-only bind or not. Only when roaudit runs on the engine's host and sees its
 * file system (otherwise the sources are not our paths). Bounded in depth, entries, sockets and time; never
 * follows a symbolic link. The pure core gets the result as data (`SocketScan`).
 */
import "server-only";
import { statSync } from "node:fs";
import { lstat, opendir } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import pLimit from "p-limit";
import type { SocketScan } from "@/lib/audit/types";

/** Folders below a source that are read, at most. */
export const SCAN_MAX_DEPTH = 3;
/** Directory entries read per source, at most. */
export const SCAN_MAX_ENTRIES = 2_000;
/** Sockets pinged per source, at most. */
export const SCAN_MAX_SOCKETS = 8;
/** Time one source's scan may take, pings included, in ms. */
export const SCAN_TIMEOUT_MS = 2_000;
/** Time one `/_ping` may take, in ms. */
export const PING_TIMEOUT_MS = 500;
/** Sources scanned at the same time, per {@link SocketScanner}. */
export const SCAN_CONCURRENCY = 2;

/**
 * `true` when this process sees the engine's file system, so that a bind's host source is a path here: the
 * engine keeps a folder per container under `DockerRootDir/containers/<64-hex id>`, and finding this
 * container's there is proof no other host or mount namespace could fake by chance. `false` in a container of
 * roaudit's own (with only the socket mounted), on another host, or when either is unknown.
 */
export function onEngineHost(dockerRootDir: string | null, containerId: string): boolean {
  if (!dockerRootDir?.startsWith("/") || !/^[0-9a-f]{64}$/.test(containerId)) return false;
  try {
    return statSync(path.join(dockerRootDir, "containers", containerId)).isDirectory();
  } catch {
    return false;
  }
}

/** `true` when the unix socket at `path` answers `GET /_ping` with status 200 and body `OK` within `timeoutMs`. */
export function pingsAsEngine(path: string, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request(
      { socketPath: path, path: "/_ping", method: "GET", timeout: timeoutMs, headers: { Host: "localhost" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
          if (body.length > 64) req.destroy();
        });
        res.on("end", () => resolve(res.statusCode === 200 && body.trim() === "OK"));
        res.on("error", () => resolve(false));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Socket files at or beneath `source`, breadth first, within the bounds; `partial` when a bound stopped it. */
async function socketFilesBeneath(
  source: string,
  deadline: number,
): Promise<{ sockets: string[]; partial: boolean }> {
  const sockets: string[] = [];
  let entries = 0;
  let partial = false;
  const top = await lstat(source).catch(() => null);
  if (!top) return { sockets, partial };
  if (top.isSocket()) return { sockets: [source], partial };
  if (!top.isDirectory()) return { sockets, partial };
  let level = [source];
  for (let depth = 0; depth < SCAN_MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const handle = await opendir(dir).catch(() => null);
      if (!handle) continue;
      for await (const entry of handle) {
        entries += 1;
        if (entries > SCAN_MAX_ENTRIES || Date.now() > deadline || sockets.length >= SCAN_MAX_SOCKETS) {
          partial = true;
          break;
        }
        const full = `${dir === "/" ? "" : dir}/${entry.name}`;
        if (entry.isSocket()) sockets.push(full);
        else if (entry.isDirectory()) next.push(full);
      }
      if (partial) return { sockets, partial };
    }
    level = next;
  }
  if (level.length > 0) partial = true;
  return { sockets, partial };
}

/**
 * One request's socket scans: each source is scanned at most once, {@link SCAN_CONCURRENCY} at a time. Make
 * one per fleet read or detail page.
 */
export class SocketScanner {
  private readonly cache = new Map<string, Promise<{ sockets: string[]; partial: boolean }>>();
  private readonly limit = pLimit(SCAN_CONCURRENCY);

  /** @param enabled Scan at all; default (`undefined`): only on the engine's host ({@link onEngineHost}). */
  constructor(private readonly enabled?: boolean) {}

  /**
   * The {@link SocketScan} of a container's bind sources (host paths), or `null` when not on the engine's host
   * (`witness`: the engine's `DockerRootDir` and the container's id, see {@link onEngineHost}). Never throws.
   */
  async scan(
    sources: readonly string[],
    witness: { dockerRootDir: string | null; containerId: string } = { dockerRootDir: null, containerId: "" },
  ): Promise<SocketScan | null> {
    if (!(this.enabled ?? onEngineHost(witness.dockerRootDir, witness.containerId))) return null;
    const unique = [...new Set(sources)].filter((s) => s.startsWith("/"));
    const results = await Promise.all(unique.map((s) => this.one(s)));
    return {
      found: unique.flatMap((source, i) => (results[i]?.sockets ?? []).map((socket) => ({ source, socket }))),
      partial: unique.filter((_, i) => results[i]?.partial),
    };
  }

  private one(source: string): Promise<{ sockets: string[]; partial: boolean }> {
    const cached = this.cache.get(source);
    if (cached) return cached;
    const run = this.limit(async () => {
      const deadline = Date.now() + SCAN_TIMEOUT_MS;
      const { sockets, partial } = await socketFilesBeneath(source, deadline).catch(() => ({
        sockets: [] as string[],
        partial: true,
      }));
      const answers = await Promise.all(
        sockets.map((s) => pingsAsEngine(s, Math.max(1, Math.min(PING_TIMEOUT_MS, deadline - Date.now())))),
      );
      return { sockets: sockets.filter((_, i) => answers[i]), partial };
    });
    this.cache.set(source, run);
    return run;
  }
}

/**
 * Reads one container from the engine and converts it to a {@link ContainerSnapshot}.
 */
import "server-only";
import { bindMounts } from "@/lib/audit/mounts";
import type { ContainerSnapshot } from "@/lib/audit/types";
import { needsPasswd } from "@/lib/audit/user";
import { engineCall } from "./client";
import { engineFacts } from "./engine-info";
import { EngineResponseError, engineStatus } from "./errors";
import { InspectShapeError, parseInspect } from "./inspect-schema";
import { readPasswd } from "./passwd-reader";
import { toSnapshot } from "./snapshot";
import { SocketScanner } from "./socket-scan";
import { VolumeReader } from "./volumes";

/**
 * The per-request readers a snapshot needs beyond the inspect: named volumes' options and, on the engine's
 * host, engine sockets beneath bind sources. One set per fleet read or page, so that what many containers
 * share is read once.
 */
export interface SnapshotReaders {
  volumes: VolumeReader;
  sockets: SocketScanner;
}

/** A fresh {@link SnapshotReaders}. */
export function snapshotReaders(): SnapshotReaders {
  return { volumes: new VolumeReader(), sockets: new SocketScanner() };
}

/**
 * Inspects a container (one `GET /containers/{id}/json`), reads `/etc/passwd` when `Config.User` is a name,
 * reads its named `local` volumes' options (`GET /volumes/{name}`) and, on the engine's host, scans its binds'
 * host sources for engine sockets, through `readers` (pass the request's {@link SnapshotReaders} so a fleet
 * read asks about each volume and source once; default: readers of its own), and builds the snapshot. Returns `null` when the container no longer exists (HTTP 404: removed since it
 * was listed). Throws `EngineUnavailableError`, or `EngineResponseError` when the answer is malformed.
 */
export async function loadSnapshot(
  id: string,
  signal?: AbortSignal,
  readers: SnapshotReaders = snapshotReaders(),
): Promise<ContainerSnapshot | null> {
  try {
    const raw: unknown = await engineCall(
      (d, s) => d.getContainer(id).inspect({ abortSignal: s } as object),
      { signal },
    );
    const inspect = parseInspect(raw);
    // Named local volumes only: an anonymous one carries its options inline (HostConfig.Mounts) or has none.
    const named = inspect.Mounts.filter(
      (m) =>
        m.Type === "volume" && (m.Driver === "local" || m.Driver === "") && !/^[0-9a-f]{64}$/.test(m.Name),
    ).map((m) => m.Name);
    const [facts, passwd, volumeReads] = await Promise.all([
      engineFacts(signal),
      needsPasswd(inspect.Config.User)
        ? readPasswd(inspect.Id, inspect.State.StartedAt, signal)
        : Promise.resolve(null),
      readers.volumes.read(named, signal),
    ]);
    const snapshot = toSnapshot(inspect, { engine: facts, passwd, volumes: volumeReads });
    // Binds by effect (bind volumes too): their host sources are where a socket could hide.
    const socketScan = await readers.sockets.scan(
      bindMounts(snapshot).map((b) => b.source),
      { dockerRootDir: facts.dockerRootDir, containerId: inspect.Id },
    );
    return { ...snapshot, socketScan };
  } catch (error) {
    if (engineStatus(error) === 404) return null;
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

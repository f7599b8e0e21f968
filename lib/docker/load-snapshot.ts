/**
 * Reads one container from the engine and converts it to a {@link ContainerSnapshot}.
 */
import "server-only";
import type { ContainerSnapshot } from "@/lib/audit/types";
import { needsPasswd } from "@/lib/audit/user";
import { engineCall } from "./client";
import { engineFacts } from "./engine-info";
import { EngineResponseError, engineStatus } from "./errors";
import { InspectShapeError, parseInspect } from "./inspect-schema";
import { readPasswd } from "./passwd-reader";
import { toSnapshot } from "./snapshot";
import { VolumeReader } from "./volumes";

/**
 * Inspects a container (one `GET /containers/{id}/json`), reads `/etc/passwd` when `Config.User` is a name,
 * reads its named `local` volumes' options (`GET /volumes/{name}`, through `volumes`: pass the request's
 * {@link VolumeReader} so a fleet read asks about each volume once; default a reader of its own), and builds
 * the snapshot. Returns `null` when the container no longer exists (HTTP 404: removed since it
 * was listed). Throws `EngineUnavailableError`, or `EngineResponseError` when the answer is malformed.
 */
export async function loadSnapshot(
  id: string,
  signal?: AbortSignal,
  volumes: VolumeReader = new VolumeReader(),
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
      needsPasswd(inspect.Config.User) ? readPasswd(inspect.Id, signal) : Promise.resolve(null),
      volumes.read(named, signal),
    ]);
    return toSnapshot(inspect, { engine: facts, passwd, volumes: volumeReads });
  } catch (error) {
    if (engineStatus(error) === 404) return null;
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

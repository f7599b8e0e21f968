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

/**
 * Inspects a container (one `GET /containers/{id}/json`), reads `/etc/passwd` when `Config.User` is a name,
 * and builds the snapshot. Returns `null` when the container no longer exists (HTTP 404: removed since it
 * was listed). Throws `EngineUnavailableError`, or `EngineResponseError` when the answer is malformed.
 */
export async function loadSnapshot(id: string, signal?: AbortSignal): Promise<ContainerSnapshot | null> {
  try {
    const raw: unknown = await engineCall(
      (d, s) => d.getContainer(id).inspect({ abortSignal: s } as object),
      { signal },
    );
    const inspect = parseInspect(raw);
    const [facts, passwd] = await Promise.all([
      engineFacts(signal),
      needsPasswd(inspect.Config.User)
        ? readPasswd(inspect.Id, inspect.State.StartedAt, signal)
        : Promise.resolve(null),
    ]);
    return toSnapshot(inspect, { engine: facts, passwd });
  } catch (error) {
    if (engineStatus(error) === 404) return null;
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

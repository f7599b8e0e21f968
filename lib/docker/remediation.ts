/**
 * The remediation of one container, read from the engine: its inspect answer, its image's (to tell what it
 * sets beyond the image), `/etc/passwd` when its user is a name, engine facts, and its change list.
 */
import "server-only";
import type { RemediationResponse } from "@/lib/api-types";
import { generateRemediation } from "@/lib/audit/remediation";
import { needsPasswd } from "@/lib/audit/user";
import { readChanges } from "./changes";
import { engineCall } from "./client";
import { readContainerBounded } from "./container-read";
import { engineFacts } from "./engine-info";
import { EngineResponseError, engineStatus } from "./errors";
import {
  InspectShapeError,
  type ParsedImageInspect,
  parseImageInspect,
  parseInspect,
} from "./inspect-schema";
import { readPasswd } from "./passwd-reader";
import { toSnapshot } from "./snapshot";

/**
 * The hardened configuration of container `id` (a full id, as `resolveContainerId` returns it), or `null` when
 * the container no longer exists (removed since it was resolved). An image that cannot be read (removed by
 * id) only makes the answer less exact: entrypoint, command and environment are then written out in full.
 * Throws `ContainerUnansweredError` when the engine does not answer about the container within the fleet's
 * per-container deadline (while it answers otherwise), `EngineUnavailableError`, or `EngineResponseError` when
 * an answer is malformed.
 */
export async function loadRemediation(id: string, signal?: AbortSignal): Promise<RemediationResponse | null> {
  try {
    // The fleet's per-container deadline: a container the engine is silent about is its own trouble.
    const raw: unknown = await readContainerBounded(
      (bounded) =>
        engineCall((d, s) => d.getContainer(id).inspect({ abortSignal: s } as object), { signal: bounded }),
      signal,
    );
    const inspect = parseInspect(raw);
    const [facts, passwd, image, changes] = await Promise.all([
      engineFacts(signal),
      needsPasswd(inspect.Config.User)
        ? readPasswd(inspect.Id, inspect.State.StartedAt, signal)
        : Promise.resolve(null),
      readImage(inspect.Image, signal),
      readChanges(inspect.Id, signal),
    ]);
    return generateRemediation(toSnapshot(inspect, { engine: facts, passwd, image }), changes);
  } catch (error) {
    if (engineStatus(error) === 404) return null;
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

async function readImage(imageId: string, signal?: AbortSignal): Promise<ParsedImageInspect | null> {
  if (imageId === "") return null;
  try {
    const raw: unknown = await engineCall(
      (d, s) => d.getImage(imageId).inspect({ abortSignal: s } as object),
      { signal },
    );
    return parseImageInspect(raw);
  } catch (error) {
    if (engineStatus(error) === 404) return null;
    throw error;
  }
}

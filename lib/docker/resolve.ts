/**
 * Resolving a container reference from a URL (full id, unique id prefix, or name) the way the engine does,
 * but with our own errors: the engine's answer to an ambiguous prefix differs between versions.
 */
import "server-only";
import { engineCall } from "./client";
import {
  AmbiguousReferenceError,
  ContainerNotFoundError,
  EngineResponseError,
  InvalidReferenceError,
} from "./errors";
import { type ContainerList, InspectShapeError, parseContainerList } from "./inspect-schema";
import { runningFleetWatcher } from "./watcher";

/**
 * A container reference we accept: a name by the engine's own rule (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`, which also
 * covers hex ids and prefixes), at most 128 characters. Anything else never reaches the engine.
 */
export const CONTAINER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/**
 * The full id for `ref`: exact full id first, then exact name, then a unique id prefix. From the fleet
 * watcher's cache while it is settled (no engine request), else from one `GET /containers/json?all`.
 * Throws `InvalidReferenceError` (malformed), `ContainerNotFoundError`, or `AmbiguousReferenceError` (a prefix
 * of several ids).
 */
export async function resolveContainerId(ref: string): Promise<string> {
  if (!CONTAINER_REF.test(ref)) {
    throw new InvalidReferenceError(
      "Container reference must be a full id, a unique id prefix or a container name.",
    );
  }
  // The fleet watcher's cache answers while it holds the whole fleet; a reference it does not know may be a
  // container whose create event is still on its way: the engine's list decides that one.
  const watcher = runningFleetWatcher();
  if (watcher?.settled()) {
    const found = resolveIn(
      [...watcher.containers.values()].map((c) => c.listed),
      ref,
    );
    if (found) return found;
  }
  const listed: unknown = await engineCall((d, s) => d.listContainers({ all: true, abortSignal: s }));
  let containers: ContainerList;
  try {
    containers = parseContainerList(listed);
  } catch (error) {
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
  const found = resolveIn(containers, ref);
  if (found) return found;
  throw new ContainerNotFoundError(`No container "${ref}".`);
}

/** `ref` resolved in `containers` (see {@link resolveContainerId}), or `null` when none matches. */
function resolveIn(containers: ContainerList, ref: string): string | null {
  const ids = containers.map((c) => c.Id);
  if (ids.includes(ref)) return ref;
  const named = containers.find((c) => c.Names.includes(`/${ref}`));
  if (named) return named.Id;
  const matches = /^[0-9a-f]+$/.test(ref) ? ids.filter((id) => id.startsWith(ref)) : [];
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new AmbiguousReferenceError(
      `"${ref}" is a prefix of ${matches.length} container ids; give more of the id.`,
    );
  }
  return null;
}

/**
 * The remediation of one container, read from the engine: its inspect answer, its image's (to tell what it
 * sets beyond the image), `/etc/passwd` when its user is a name, engine facts, its change list, and (on the
 * engine's host, while it runs) the files its processes hold open for writing; what a trial run proved for it
 * replaces the guess.
 */
import "server-only";
import type { RemediationResponse } from "@/lib/api-types";
import { generateRemediation } from "@/lib/audit/remediation";
import type { ContainerSnapshot } from "@/lib/audit/types";
import { needsPasswd } from "@/lib/audit/user";
import type { FileChange } from "@/lib/audit/write-paths";
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
import { readOpenWriteFiles, withOpenFiles } from "./open-files";
import { readPasswd } from "./passwd-reader";
import { toSnapshot } from "./snapshot";
import { provenFor } from "./trial-store";

/** What a remediation is made from: the snapshot (read with its image) and the change list with open files. */
export interface RemediationInputs {
  snapshot: ContainerSnapshot;
  changes: FileChange[] | null;
}

/**
 * Reads a remediation's inputs for container `id` (a full id), or `null` when the container no longer exists.
 * An image that cannot be read (removed by id) only makes the answer less exact: entrypoint, command and
 * environment are then written out in full. Throws `ContainerUnansweredError` when the engine does not answer about the container within the
 * fleet's per-container deadline (while it answers otherwise), `EngineUnavailableError`, or `EngineResponseError` when an
 * answer is malformed.
 */
export async function loadRemediationInputs(
  id: string,
  signal?: AbortSignal,
): Promise<RemediationInputs | null> {
  try {
    // The fleet's per-container deadline: a container the engine is silent about is its own trouble.
    const raw: unknown = await readContainerBounded(
      (bounded) =>
        engineCall((d, s) => d.getContainer(id).inspect({ abortSignal: s } as object), { signal: bounded }),
      signal,
    );
    const inspect = parseInspect(raw);
    const [facts, passwd, image, changes, opened] = await Promise.all([
      engineFacts(signal),
      needsPasswd(inspect.Config.User)
        ? readPasswd(inspect.Id, inspect.State.StartedAt, signal)
        : Promise.resolve(null),
      readImage(inspect.Image, signal),
      readChanges(inspect.Id, signal),
      inspect.State.Status === "running" ? readOpenWriteFiles(inspect.Id, signal) : Promise.resolve([]),
    ]);
    return {
      snapshot: toSnapshot(inspect, { engine: facts, passwd, image }),
      changes: withOpenFiles(changes, opened),
    };
  } catch (error) {
    if (engineStatus(error) === 404) return null;
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

/**
 * The hardened configuration of container `id` (a full id, as `resolveContainerId` returns it), or `null` when
 * the container no longer exists (removed since it was resolved); what a trial run proved for it replaces the
 * guess. Throws as {@link loadRemediationInputs}.
 */
export async function loadRemediation(id: string, signal?: AbortSignal): Promise<RemediationResponse | null> {
  const inputs = await loadRemediationInputs(id, signal);
  if (!inputs) return null;
  return generateRemediation(inputs.snapshot, inputs.changes, provenFor(inputs.snapshot.id));
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

/**
 * Reads a container's change list (`GET /containers/{id}/changes`, what `docker diff` prints): what it wrote,
 * added or deleted in its writable layer. Works on running, stopped and created containers alike.
 */
import "server-only";
import type { FileChange } from "@/lib/audit/write-paths";
import { parseChanges } from "./changes-schema";
import { engineCall } from "./client";
import { EngineResponseError } from "./errors";
import { InspectShapeError } from "./inspect-schema";

/**
 * The change list as {@link FileChange}s sorted by path, or `null` when the writable layer holds nothing (the
 * engine answers `null`, not `[]`). Throws `EngineUnavailableError`; the engine's HTTP 404 as it is (the
 * container is gone: the route answers `not_found`); `EngineResponseError` when the answer is malformed.
 */
export async function readChanges(id: string, signal?: AbortSignal): Promise<FileChange[] | null> {
  const raw: unknown = await engineCall((d, s) => d.getContainer(id).changes({ abortSignal: s } as object), {
    signal,
  });
  try {
    return parseChanges(raw);
  } catch (error) {
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

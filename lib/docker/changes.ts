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
  const answer: unknown = await engineCall(
    (d, s) => d.getContainer(id).changes({ abortSignal: s } as object),
    { signal },
  );
  try {
    return parseChanges(decoded(answer));
  } catch (error) {
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

/**
 * docker-modem hands a JSON body over parsed, except when it parses to something falsy: the engine's `null`
 * (an unchanged container) then arrives as the raw bytes `null`.
 */
function decoded(answer: unknown): unknown {
  if (!Buffer.isBuffer(answer) && typeof answer !== "string") return answer;
  const text = answer.toString("utf8").trim();
  try {
    return JSON.parse(text === "" ? "null" : text) as unknown;
  } catch {
    throw new EngineResponseError("the change list is not JSON");
  }
}

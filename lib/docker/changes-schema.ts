/**
 * The Engine API's change list (`GET /containers/{id}/changes`, what `docker diff` prints) as a zod schema,
 * and its conversion to our {@link FileChange}. Pure: the reader is `lib/docker/changes.ts`.
 */
import { z } from "zod";
import type { FileChange } from "@/lib/audit/write-paths";
import { InspectShapeError } from "./inspect-schema";

/** `Kind` codes of the engine: 0 modified, 1 added, 2 deleted (moby `archive.ChangeType`). */
const KINDS = ["modified", "added", "deleted"] as const;

/**
 * The answer: an array of `{ Path, Kind }`, or `null` when the writable layer holds nothing (an unchanged
 * container; a read-only one whose engine created no mount point or working folder in it).
 */
export const changesSchema = z
  .array(z.object({ Path: z.string().startsWith("/"), Kind: z.number().int().min(0).max(2) }))
  .nullable();

/**
 * Converts a raw change list to {@link FileChange}s, sorted by path. `null` stays `null`: "nothing changed"
 * is not "no list". Throws {@link InspectShapeError} naming the first wrong entry.
 */
export function parseChanges(raw: unknown): FileChange[] | null {
  const result = changesSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join(".") || "(root)" : "(root)";
    throw new InspectShapeError(`unexpected change list at ${where}: ${issue?.message ?? "invalid"}`);
  }
  if (result.data === null) return null;
  return result.data
    .map((c) => ({ path: c.Path, kind: KINDS[c.Kind] ?? "modified" }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

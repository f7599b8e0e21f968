/**
 * Verify results in this server's lifetime, keyed by full container id. In memory on purpose: a verdict
 * is a fact about a moment, and the report says when it was taken.
 *
 * Bounded: each container keeps its last {@link HISTORY_LIMIT} verdicts, and the store forgets the
 * containers verified longest ago beyond {@link CONTAINER_LIMIT} (removed containers would otherwise stay
 * for the server's lifetime).
 */
import "server-only";
import type { Verification } from "@/lib/audit/types";
import { processSingleton } from "@/lib/singleton";

/** Verdicts kept per container, newest first in {@link verificationHistory}. */
export const HISTORY_LIMIT = 20;

/** Containers whose verdicts are kept; the one verified longest ago is forgotten first. */
export const CONTAINER_LIMIT = 2000;

/** Container id → its verdicts, oldest first; Map order is "least recently verified first". */
function store(): Map<string, Verification[]> {
  return processSingleton("verification-history", () => new Map<string, Verification[]>());
}

/** The last verification of a container, or `null`. */
export function lastVerification(containerId: string): Verification | null {
  return store().get(containerId)?.at(-1) ?? null;
}

/** Every kept verification of a container, newest first (at most {@link HISTORY_LIMIT}); `[]` when none. */
export function verificationHistory(containerId: string): Verification[] {
  return [...(store().get(containerId) ?? [])].reverse();
}

/** Records a verification as the container's latest, dropping its oldest beyond {@link HISTORY_LIMIT}. */
export function recordVerification(containerId: string, verification: Verification): void {
  const map = store();
  const history = [...(map.get(containerId) ?? []), verification].slice(-HISTORY_LIMIT);
  // Re-inserting moves the container to the end: the first key is always the one verified longest ago.
  map.delete(containerId);
  map.set(containerId, history);
  while (map.size > CONTAINER_LIMIT) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

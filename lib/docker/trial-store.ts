/**
 * What trial runs proved, per container, for the remediation to use from then on: process memory only (a
 * restart forgets it; a trial is cheap to run again). Holds mounts and capability names, never environment.
 */
import "server-only";
import type { ProvenNeeds } from "@/lib/audit/trial/types";
import { processSingleton } from "@/lib/singleton";

/** Most containers remembered; the oldest is forgotten first. */
const MAX_REMEMBERED = 500;

const store = () => processSingleton("trial-proven", () => new Map<string, ProvenNeeds>());

/** Remembers what a trial proved for container `id` (full id), replacing an earlier trial's. */
export function rememberProven(id: string, proven: ProvenNeeds): void {
  const map = store();
  map.delete(id);
  map.set(id, proven);
  if (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

/** What the last successful trial proved for container `id`, or `null`. */
export function provenFor(id: string): ProvenNeeds | null {
  return store().get(id) ?? null;
}

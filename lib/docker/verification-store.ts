/**
 * Verify results in this server's lifetime, keyed by full container id. In memory on purpose: a verdict
 * is a fact about a moment, and the report says when it was taken.
 */
import "server-only";
import type { Verification } from "@/lib/audit/types";
import { processSingleton } from "@/lib/singleton";

function store(): Map<string, Verification> {
  return processSingleton("verifications", () => new Map<string, Verification>());
}

/** The last verification of a container, or `null`. */
export function lastVerification(containerId: string): Verification | null {
  return store().get(containerId) ?? null;
}

/** Records a verification (replacing the previous one). */
export function recordVerification(containerId: string, verification: Verification): void {
  store().set(containerId, verification);
}

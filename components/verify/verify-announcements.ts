import type { VerifyVerdict } from "@/lib/api-types";
import { VERDICT_LABELS } from "../labels";
import type { VerifyState } from "./use-verify";

/** What a screen reader hears when one container's Verify ends, e.g. "sample-writer: Not enforced". */
export function verifyAnnouncement(name: string, state: VerifyState | null): string | null {
  if (state === null || state.phase === "running") return null;
  if (state.phase === "error") return `${name}: Verify failed: ${state.message}`;
  return `${name}: ${VERDICT_LABELS[state.verification.verdict]}`;
}

/** Verdicts and errors a Verify all has collected so far. */
export interface VerifyAllTally {
  verdicts: Partial<Record<VerifyVerdict, number>>;
  errors: number;
  cancelled: number;
}

/**
 * The one announcement at a Verify all's end, e.g. "9 verified: 4 not enforced, 1 inconclusive". Counts of
 * zero are left out; errors (no verdict) and cancelled containers are named apart from the verdicts.
 */
export function verifyAllAnnouncement(tally: VerifyAllTally): string {
  const verified = Object.values(tally.verdicts).reduce((sum, n) => sum + (n ?? 0), 0);
  const parts = [
    [tally.verdicts["not-enforced"] ?? 0, "not enforced"],
    [tally.verdicts.inconclusive ?? 0, "inconclusive"],
    [tally.verdicts.enforced ?? 0, "enforced"],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  let text = `Verify all ${tally.cancelled > 0 ? "cancelled" : "finished"}: ${verified} verified`;
  if (shown.length > 0) text += `: ${shown.join(", ")}`;
  if (tally.errors > 0) text += `; ${tally.errors} could not be verified`;
  if (tally.cancelled > 0) text += `; ${tally.cancelled} not verified`;
  return `${text}.`;
}

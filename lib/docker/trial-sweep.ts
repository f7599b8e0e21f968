/**
 * Removes what trial runs of this roaudit left behind: the siblings and volumes recorded in the trial journal
 * (`trial-journal.ts`) that still carry their recorded `roaudit.trial` label, and nothing else — never by
 * label alone. Run before and after every trial; the start-up sweep does the same after a restart.
 */
import "server-only";
import { docker } from "./client";
import { engineEndpoint } from "./endpoint";
import { type SweepCount, sweepJournal } from "./trial-journal";
import type { TrialAction } from "./trial-sibling";

/** Removes recorded siblings (with their anonymous volumes) and recorded volumes; returns how many of each. */
export async function sweepTrials(
  onAction: (action: TrialAction) => void = () => undefined,
): Promise<SweepCount> {
  return sweepJournal(docker(), engineEndpoint(), (_id, sibling, outcome) =>
    onAction({ action: "remove", sibling, outcome }),
  );
}

/**
 * Removes what trial runs left behind: every container and volume labelled `roaudit.trial` (any value), and
 * nothing else. Run before and after every trial and once at start-up, so a restart of roaudit mid-trial
 * leaves nothing behind for long.
 */
import "server-only";
import { engineCall } from "./client";
import { removeSibling, TRIAL_LABEL, type TrialAction } from "./trial-sibling";

/** Removes labelled siblings (with their anonymous volumes) and labelled volumes; returns how many of each. */
export async function sweepTrials(
  onAction: (action: TrialAction) => void = () => undefined,
): Promise<{ containers: number; volumes: number }> {
  const filters = JSON.stringify({ label: [TRIAL_LABEL] });
  const containers = (await engineCall((d, s) =>
    d.listContainers({ all: true, filters, abortSignal: s } as object),
  )) as { Id: string; Names?: string[]; Labels?: Record<string, string> }[];
  for (const c of containers) {
    // The engine filtered by label; checked again, since nothing else may ever be removed.
    if (!c.Labels || !(TRIAL_LABEL in c.Labels)) continue;
    await removeSibling(c.Id, (c.Names?.[0] ?? c.Id).replace(/^\//, ""), onAction);
  }
  const answer = (await engineCall((d, s) => d.listVolumes({ filters, abortSignal: s } as object))) as {
    Volumes?: { Name: string; Labels?: Record<string, string> | null }[] | null;
  };
  let volumes = 0;
  for (const v of answer.Volumes ?? []) {
    if (!v.Labels || !(TRIAL_LABEL in v.Labels)) continue;
    try {
      await engineCall((d, s) => d.getVolume(v.Name).remove({ abortSignal: s } as object));
      volumes++;
    } catch {
      // In use by a sibling being removed, or gone already: the next sweep takes it.
    }
  }
  return { containers: containers.length, volumes };
}

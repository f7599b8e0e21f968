/**
 * The start-up sweep of trial leftovers: a roaudit stopped mid-trial left a sibling (and its volumes) behind;
 * the next start removes what the trial journal (`trial-journal.ts`) records and what still carries its
 * recorded `roaudit.trial` label, and nothing else (never by label alone). No `server-only` marker
 * (`instrumentation.ts` runs it); it talks to the engine with dockerode directly, once.
 */
import Docker from "dockerode";
import { engineEndpoint } from "./endpoint";
import { sweepJournal } from "./trial-journal";

/** Removes the recorded leftovers; never throws (an engine that does not answer is swept at the next trial). */
export async function sweepTrialsAtStart(log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  try {
    const { containers, volumes } = await sweepJournal(new Docker(), engineEndpoint());
    if (containers + volumes > 0) {
      log(`roaudit: removed ${containers} trial sibling(s) and ${volumes} volume(s) left by an earlier run`);
    }
  } catch (error) {
    log(`roaudit: the start-up sweep of trial leftovers did not finish: ${(error as Error).message}`);
  }
}

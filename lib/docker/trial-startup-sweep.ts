/**
 * The start-up sweep of trial leftovers: a roaudit stopped mid-trial left a sibling (and its volumes) behind;
 * the next start removes every container and volume labelled `roaudit.trial`, and nothing else. No
 * `server-only` marker (`instrumentation.ts` runs it); it talks to the engine with dockerode directly, once.
 */
import Docker from "dockerode";
import { TRIAL_LABEL } from "./trial-label";

/** Removes the leftovers; never throws (an engine that does not answer is swept at the next trial). */
export async function sweepTrialsAtStart(log: (line: string) => void = (l) => console.log(l)): Promise<void> {
  try {
    const docker = new Docker();
    const filters = JSON.stringify({ label: [TRIAL_LABEL] });
    const containers = await docker.listContainers({ all: true, filters } as object);
    for (const c of containers) {
      if (!(TRIAL_LABEL in (c.Labels ?? {}))) continue;
      await docker.getContainer(c.Id).remove({ force: true, v: true });
    }
    const { Volumes } = await docker.listVolumes({ filters } as object);
    let volumes = 0;
    for (const v of Volumes ?? []) {
      if (!(TRIAL_LABEL in (v.Labels ?? {}))) continue;
      await docker.getVolume(v.Name).remove();
      volumes++;
    }
    if (containers.length + volumes > 0) {
      log(
        `roaudit: removed ${containers.length} trial sibling(s) and ${volumes} volume(s) left by an earlier run`,
      );
    }
  } catch (error) {
    log(`roaudit: the start-up sweep of trial leftovers did not finish: ${(error as Error).message}`);
  }
}

/**
 * One container with everything its detail page shows: the fleet's view, the verdict history and the
 * configuration behind the checks.
 */
import "server-only";
import type { ContainerResponse } from "@/lib/api-types";
import { containerConfiguration } from "@/lib/audit/configuration";
import { redactEngineRoot } from "@/lib/audit/redact";
import type { ContainerSnapshot } from "@/lib/audit/types";
import { verificationRun } from "@/lib/audit/verification-run";
import { readContainerBounded } from "./container-read";
import { viewOfSnapshot } from "./fleet";
import { loadSnapshot } from "./load-snapshot";
import { verificationHistory } from "./verification-store";
import { runningFleetWatcher } from "./watcher";

/**
 * A container's snapshot and when it was read: from the fleet watcher's cache when it is current for the
 * container (no engine request), else one inspect now, with the fleet's per-container deadline
 * (`readContainerBounded`: a container the engine does not answer about in time throws
 * `ContainerUnansweredError`). `null` when the container no longer exists.
 */
export async function detailSnapshot(
  id: string,
): Promise<{ snapshot: ContainerSnapshot; readAt: string; cached: boolean } | null> {
  const cached = runningFleetWatcher()?.current(id);
  if (cached) return { snapshot: cached.snapshot, readAt: cached.readAt, cached: true };
  const snapshot = await readContainerBounded((signal) => loadSnapshot(id, signal));
  return snapshot ? { snapshot, readAt: new Date().toISOString(), cached: false } : null;
}

/**
 * The {@link ContainerResponse} of a container by full id, or `null` when it no longer exists. One snapshot
 * (the watcher's when current, see {@link detailSnapshot}) serves both the view — the fleet's own
 * (`viewOfSnapshot`), so the detail page and the table never disagree — and the configuration. `generatedAt`
 * is when the answer was known true (now: a cache is served only while current), `read.readAt` when the
 * engine was read. Every engine storage path is redacted (`<docker-root>/…`). Throws
 * `ContainerUnansweredError`, `EngineUnavailableError` or `EngineResponseError`.
 */
export async function containerDetail(id: string): Promise<ContainerResponse | null> {
  const found = await detailSnapshot(id);
  if (!found) return null;
  const { snapshot, readAt } = found;
  return redactEngineRoot<ContainerResponse>(
    {
      ...viewOfSnapshot(snapshot),
      generatedAt: new Date().toISOString(),
      read: { status: "current", readAt },
      history: verificationHistory(id).map((v) => ({ ...v, run: verificationRun(v, snapshot) })),
      configuration: containerConfiguration(snapshot),
    },
    snapshot.engine.dockerRootDir,
  );
}

/**
 * One container with everything its detail page shows: the fleet's view, the verdict history and the
 * configuration behind the checks.
 */
import "server-only";
import type { ContainerResponse } from "@/lib/api-types";
import { containerConfiguration } from "@/lib/audit/configuration";
import { redactEngineRoot } from "@/lib/audit/redact";
import { readContainerBounded } from "./container-read";
import { viewOfSnapshot } from "./fleet";
import { loadSnapshot } from "./load-snapshot";
import { verificationHistory } from "./verification-store";

/**
 * The {@link ContainerResponse} of a container by full id, or `null` when it no longer exists. One inspect
 * serves both the view — the fleet's own (`viewOfSnapshot`), so the detail page and the table never
 * disagree — and the configuration. Every engine storage path is redacted (`<docker-root>/…`).
 * The read has the fleet's per-container deadline: a container the engine does not answer about in time throws
 * `ContainerUnansweredError`. Throws `EngineUnavailableError` or `EngineResponseError`.
 */
export async function containerDetail(id: string): Promise<ContainerResponse | null> {
  const snapshot = await readContainerBounded((signal) => loadSnapshot(id, signal));
  if (!snapshot) return null;
  return redactEngineRoot<ContainerResponse>(
    {
      ...viewOfSnapshot(snapshot),
      history: verificationHistory(id),
      configuration: containerConfiguration(snapshot),
    },
    snapshot.engine.dockerRootDir,
  );
}

/**
 * One container with everything its detail page shows: the fleet's view, the verdict history and the
 * configuration behind the checks.
 */
import "server-only";
import type { ContainerResponse } from "@/lib/api-types";
import { containerConfiguration } from "@/lib/audit/configuration";
import { redactEngineRoot } from "@/lib/audit/redact";
import { viewOf } from "./fleet";
import { loadSnapshot } from "./load-snapshot";
import { verificationHistory } from "./verification-store";

/**
 * The {@link ContainerResponse} of a container by full id, or `null` when it no longer exists. The view is
 * the fleet's own (`viewOf`), so the detail page and the table never disagree; the configuration comes from
 * a second inspect made at the same time. Every engine storage path is redacted (`<docker-root>/…`).
 * Throws `EngineUnavailableError` or `EngineResponseError`.
 */
export async function containerDetail(id: string): Promise<ContainerResponse | null> {
  const [view, snapshot] = await Promise.all([viewOf(id), loadSnapshot(id)]);
  if (!view || !snapshot) return null;
  return redactEngineRoot<ContainerResponse>(
    { ...view, history: verificationHistory(id), configuration: containerConfiguration(snapshot) },
    snapshot.engine.dockerRootDir,
  );
}

/**
 * The engine's part of `GET /api/health`, from the fleet watcher when it is live.
 */
import "server-only";
import type { FleetEngineStatus, HealthResponse } from "@/lib/api-types";
import { engineEndpoint } from "./endpoint";
import { engineHealth, pinnedEngineVersion } from "./engine-info";
import { engineState, readyEngines } from "./merged-fleet";
import { runningFleetWatcher } from "./watcher";

/**
 * Whether the engine answers, and its version. While the fleet watcher's event stream is open and its cache
 * live, and the version was read since that stream opened (the same engine process), this reads no engine;
 * otherwise one `GET /version` (see `engineHealth`). Never throws.
 */
export async function engineHealthNow(): Promise<
  Pick<HealthResponse, "status" | "engine" | "generatedAt" | "source">
> {
  const version = pinnedEngineVersion();
  if (runningFleetWatcher()?.status.kind === "live" && version !== null) {
    return {
      status: "ok",
      engine: { reachable: true, endpoint: engineEndpoint(), version, error: null },
      generatedAt: new Date().toISOString(),
      source: "watcher",
    };
  }
  const health = await engineHealth();
  return { ...health, generatedAt: new Date().toISOString(), source: "engine" };
}

/**
 * With engines configured: every engine's state from its watcher (each given at most `ENGINE_WAIT_MS` for its
 * first sync, all at once; no engine request of its own), `degraded` when any is not reachable, and `engine`
 * the first engine's. An invalid configuration is `degraded` with no engine. Never throws.
 */
export async function configuredEnginesHealth(): Promise<
  Pick<HealthResponse, "status" | "engine" | "generatedAt" | "source" | "engines">
> {
  let engines: FleetEngineStatus[] = [];
  let first: { endpoint: string } | null = null;
  let configError: string | null = null;
  try {
    const watches = await readyEngines();
    engines = watches.map(engineState);
    first = watches[0]?.watcher ? { endpoint: watches[0].watcher.endpoint } : null;
  } catch (error) {
    configError = (error as Error).message;
  }
  const head = engines[0];
  const reachable = head?.status === "reachable";
  const error =
    head?.error ??
    (configError === null
      ? null
      : {
          code: "ENGINE_CONFIG",
          message: configError,
          hint: "Fix ROAUDIT_ENGINES or ROAUDIT_ENGINES_FILE.",
        });
  return {
    status: engines.length > 0 && engines.every((e) => e.status === "reachable") ? "ok" : "degraded",
    engine: { reachable, endpoint: first?.endpoint ?? "", version: null, error: reachable ? null : error },
    generatedAt: new Date().toISOString(),
    source: "watcher",
    engines,
  };
}

/**
 * The engine's part of `GET /api/health`, from the fleet watcher when it is live.
 */
import "server-only";
import type { HealthResponse } from "@/lib/api-types";
import { engineEndpoint } from "./endpoint";
import { engineHealth, pinnedEngineVersion } from "./engine-info";
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

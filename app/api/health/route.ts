import { emptyQuery, errorResponse, json, parseQuery } from "@/lib/api/respond";
import type { HealthResponse } from "@/lib/api-types";
import { enginesConfigured } from "@/lib/docker/engine-watchers";
import { configuredEnginesHealth, engineHealthNow } from "@/lib/docker/health";
import { policyHealth } from "@/lib/policy/load";

export const dynamic = "force-dynamic";

/**
 * `GET /api/health`: always 200 with the engine's reachability and the policy file's state (400 only for
 * unknown query parameters); from the fleet watcher while it is live (see `lib/docker/health.ts`).
 */
export async function GET(request: Request) {
  try {
    parseQuery(request.url, emptyQuery);
    const engine = enginesConfigured() ? await configuredEnginesHealth() : await engineHealthNow();
    const policy = policyHealth();
    const status = engine.status === "ok" && policy !== "invalid" ? "ok" : "degraded";
    return json<HealthResponse>({ ...engine, status, policy });
  } catch (error) {
    return errorResponse(error);
  }
}

import { emptyQuery, errorResponse, json, parseQuery } from "@/lib/api/respond";
import type { HealthResponse } from "@/lib/api-types";
import { engineHealth } from "@/lib/docker/engine-info";

export const dynamic = "force-dynamic";

/** `GET /api/health`: always 200 with the engine's reachability (400 only for unknown query parameters). */
export async function GET(request: Request) {
  try {
    parseQuery(request.url, emptyQuery);
    return json<HealthResponse>(await engineHealth());
  } catch (error) {
    return errorResponse(error);
  }
}

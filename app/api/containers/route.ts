import { errorResponse, fleetQuery, json, parseQuery } from "@/lib/api/respond";
import type { FleetResponse } from "@/lib/api-types";
import { readFleet } from "@/lib/docker/fleet";

export const dynamic = "force-dynamic";

/** `GET /api/containers[?all=true]`: the audited fleet. */
export async function GET(request: Request) {
  try {
    const { all } = parseQuery(request.url, fleetQuery);
    return json<FleetResponse>(await readFleet({ all }));
  } catch (error) {
    return errorResponse(error);
  }
}

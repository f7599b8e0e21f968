import { ApiError } from "@/lib/api/errors";
import { emptyQuery, errorResponse, json, parseQuery } from "@/lib/api/respond";
import type { RemediationResponse } from "@/lib/api-types";
import { loadRemediation } from "@/lib/docker/remediation";
import { resolveContainerId } from "@/lib/docker/resolve";

export const dynamic = "force-dynamic";

/**
 * `GET /api/containers/{id}/remediation`: the container's hardened configuration (`docker run` and compose)
 * and the write paths it needs, for running, stopped and created containers alike.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    parseQuery(request.url, emptyQuery);
    const id = await resolveContainerId((await params).id);
    const remediation = await loadRemediation(id);
    if (!remediation) throw new ApiError("not_found", "No such container (it was removed).");
    return json<RemediationResponse>(remediation);
  } catch (error) {
    return errorResponse(error);
  }
}

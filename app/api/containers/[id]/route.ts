import { ApiError } from "@/lib/api/errors";
import { emptyQuery, errorResponse, json, parseQuery } from "@/lib/api/respond";
import type { ContainerResponse } from "@/lib/api-types";
import { containerDetail } from "@/lib/docker/container-detail";
import { resolveContainerId } from "@/lib/docker/resolve";

export const dynamic = "force-dynamic";

/**
 * `GET /api/containers/{id}`: one container by full id, unique id prefix or name, with its verdict history
 * and configuration.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    parseQuery(request.url, emptyQuery);
    const id = await resolveContainerId((await params).id);
    const detail = await containerDetail(id);
    if (!detail) throw new ApiError("not_found", "No such container (it was removed).");
    return json<ContainerResponse>(detail);
  } catch (error) {
    return errorResponse(error);
  }
}

import { emptyQuery, errorResponse, json, parseQuery } from "@/lib/api/respond";
import type { VerifyResponse } from "@/lib/api-types";
import { resolveContainerId } from "@/lib/docker/resolve";
import { verifyContainer } from "@/lib/docker/verify";

export const dynamic = "force-dynamic";

/**
 * `POST /api/containers/{id}/verify`: runs the `touch /etc/test-file` check. The request body is ignored:
 * nothing in a request can change what is executed.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    parseQuery(request.url, emptyQuery);
    const id = await resolveContainerId((await params).id);
    return json<VerifyResponse>(await verifyContainer(id));
  } catch (error) {
    return errorResponse(error);
  }
}

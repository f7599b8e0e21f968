import { ApiError } from "@/lib/api/errors";
import { emptyQuery, errorResponse, json, parseQuery } from "@/lib/api/respond";
import type { VerifyResponse } from "@/lib/api-types";
import { resolveContainerId } from "@/lib/docker/resolve";
import { verifyContainer } from "@/lib/docker/verify";
import { auditExec } from "@/lib/security/audit-log";
import { settings } from "@/lib/security/settings";

export const dynamic = "force-dynamic";

/**
 * `POST /api/containers/{id}/verify`: runs the probe battery (root-write, mount-table, process-identity,
 * tmpfs-exec, ro-mount-write; see `lib/docker/verify.ts`) and answers the verdict with every probe's result.
 * The request body is ignored: nothing in a request can change what is executed.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    parseQuery(request.url, emptyQuery);
    if (settings().readOnly) {
      throw new ApiError(
        "read_only_mode",
        "Verify is off: roaudit runs in read-only mode (ROAUDIT_READ_ONLY=true) and never calls exec.",
      );
    }
    const id = await resolveContainerId((await params).id);
    return json<VerifyResponse>(
      await verifyContainer(id, {
        identity: request.headers.get("x-roaudit-identity"),
        onExec: (record) => auditExec(record),
      }),
    );
  } catch (error) {
    return errorResponse(error);
  }
}

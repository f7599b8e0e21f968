import { ApiError } from "@/lib/api/errors";
import { emptyQuery, errorResponse, json, parseQuery } from "@/lib/api/respond";
import type { TrialResponse } from "@/lib/api-types";
import { resolveContainerId } from "@/lib/docker/resolve";
import { runTrial } from "@/lib/docker/trial";
import { auditTrial } from "@/lib/security/audit-log";
import { settings } from "@/lib/security/settings";

export const dynamic = "force-dynamic";
/** A trial answers within 5 minutes (see `lib/docker/trial.ts`). */
export const maxDuration = 330;

/**
 * `POST /api/containers/{id}/trial`: runs the container's hardened configuration as labelled siblings until
 * it starts read-only or no change answers its failure, and answers when the trial ends with its rounds and
 * the configuration it proved (or last tried). Off unless `ROAUDIT_TRIALS=true`, and in read-only mode. The
 * request body is ignored: nothing in a request changes what is created.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    parseQuery(request.url, emptyQuery);
    const s = settings();
    if (!s.trials) {
      throw new ApiError(
        "trials_off",
        s.readOnly
          ? "Trial runs are off: roaudit runs in read-only mode (ROAUDIT_READ_ONLY=true)."
          : "Trial runs are off: start roaudit with ROAUDIT_TRIALS=true to allow them.",
      );
    }
    const id = await resolveContainerId((await params).id);
    return json<TrialResponse>(
      await runTrial(id, {
        identity: request.headers.get("x-roaudit-identity"),
        onAction: (record) => auditTrial(record),
      }),
    );
  } catch (error) {
    return errorResponse(error);
  }
}

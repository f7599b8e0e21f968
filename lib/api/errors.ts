/**
 * The one error envelope of every route, `{ "error": { "code", "message" } }`, and the exhaustive map from
 * error code to HTTP status. Unknown errors are logged and answered with a generic 500 that reveals nothing.
 */
import type { ApiErrorBody, ApiErrorCode, EngineError } from "@/lib/api-types";

/** HTTP status of each error code. */
export const ERROR_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  invalid_id: 400,
  invalid_query: 400,
  not_found: 404,
  ambiguous_id: 409,
  container_not_running: 409,
  container_unanswered: 504,
  docker_unavailable: 503,
  engine_error: 502,
  internal: 500,
  unauthorized: 401,
  rate_limited: 429,
  cross_site: 403,
  host_not_allowed: 403,
  method_not_allowed: 405,
  payload_too_large: 413,
  read_only_mode: 403,
  invalid_body: 400,
  bad_request: 400,
  trials_off: 403,
  trial_refused: 409,
  trial_busy: 409,
};

/** An error with a code from {@link ERROR_STATUS} and a message safe to show. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly engine?: { endpoint: string; error: EngineError },
  ) {
    super(message);
  }

  /** HTTP status for this error. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The envelope. */
  toBody(): ApiErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.engine ? { engine: this.engine } : {}) },
    };
  }
}

/**
 * Turning results and errors into responses, alike for every route.
 */
import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import {
  AmbiguousReferenceError,
  ContainerNotFoundError,
  ContainerNotRunningError,
  ContainerUnansweredError,
  EngineResponseError,
  EngineUnavailableError,
  engineMessage,
  engineStatus,
  InvalidReferenceError,
} from "@/lib/docker/errors";
import { TrialBusyError, TrialRefusedError } from "@/lib/docker/trial-errors";
import { ApiError } from "./errors";

const NO_STORE = { "Cache-Control": "no-store" };

/** 200 JSON, never cached. */
export function json<T>(body: T, status = 200): NextResponse<T> {
  return NextResponse.json(body, { status, headers: NO_STORE });
}

/**
 * Maps any thrown value to the error envelope: `ApiError` as it is; `lib/docker`'s typed errors to their codes
 * (`InvalidReferenceError` 400 `invalid_id`, `ContainerNotFoundError` 404 `not_found`, `AmbiguousReferenceError`
 * 409 `ambiguous_id`, `ContainerNotRunningError` 409 `container_not_running`, `ContainerUnansweredError` 504
 * `container_unanswered`, `TrialRefusedError` 409 `trial_refused`, `TrialBusyError` 409 `trial_busy`);
 * `EngineUnavailableError` → 503
 * `docker_unavailable` with endpoint and cause; an engine 404 → `not_found`; a malformed engine answer or
 * another engine HTTP error → 502 `engine_error`; anything else is logged and answered 500 `internal`.
 */
export function errorResponse(error: unknown): NextResponse {
  const api = toApiError(error);
  return NextResponse.json(api.toBody(), { status: api.status, headers: NO_STORE });
}

/** The envelope error for any thrown value (see {@link errorResponse}); pages use it to show the same answer. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof EngineUnavailableError) {
    return new ApiError("docker_unavailable", error.message, {
      endpoint: error.endpoint,
      error: error.detail,
    });
  }
  if (error instanceof InvalidReferenceError) return new ApiError("invalid_id", error.message);
  if (error instanceof ContainerNotFoundError) return new ApiError("not_found", error.message);
  if (error instanceof AmbiguousReferenceError) return new ApiError("ambiguous_id", error.message);
  if (error instanceof ContainerNotRunningError) return new ApiError("container_not_running", error.message);
  if (error instanceof ContainerUnansweredError) return new ApiError("container_unanswered", error.message);
  if (error instanceof TrialRefusedError) return new ApiError("trial_refused", `No trial: ${error.message}.`);
  if (error instanceof TrialBusyError) return new ApiError("trial_busy", error.message);
  if (error instanceof EngineResponseError)
    return new ApiError("engine_error", `The engine's answer was not understood: ${error.message}`);
  const status = engineStatus(error);
  if (status === 404) return new ApiError("not_found", "No such container (it may have been removed).");
  if (status !== undefined)
    return new ApiError("engine_error", `The engine answered ${status}: ${engineMessage(error)}`);
  console.error("roaudit: unexpected error", error);
  return new ApiError("internal", "Internal error.");
}

/**
 * Validates query parameters with a zod schema (use `z.strictObject`, so unknown names fail). A name given
 * twice, or any schema failure, is `invalid_query` naming the parameter.
 */
export function parseQuery<T>(url: string, schema: z.ZodType<T>): T {
  const params = new URL(url).searchParams;
  const entries: [string, string][] = [];
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    if (values.length > 1)
      throw new ApiError("invalid_query", `Query parameter "${name}" is given more than once.`);
    entries.push([name, values[0] ?? ""]);
  }
  // Own properties whatever the name: `raw["__proto__"] = …` would set the prototype, and pass as no key.
  const raw = Object.fromEntries(entries);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? issue.keys.join(", ") : "";
  const name = keys || issue?.path.join(".") || "query";
  throw new ApiError(
    "invalid_query",
    issue?.code === "unrecognized_keys"
      ? `Unknown query parameter: ${name}.`
      : `Query parameter "${name}": ${issue?.message ?? "invalid"}.`,
  );
}

/** `?all=true|false`, as `GET /api/containers` and `GET /api/report.csv` take it. */
export const fleetQuery = z
  .strictObject({ all: z.enum(["true", "false"]).optional() })
  .transform((q) => ({ all: q.all === "true" }));

/** No query parameters at all. */
export const emptyQuery = z.strictObject({});

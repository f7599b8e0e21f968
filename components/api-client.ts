import type {
  ApiErrorBody,
  ContainerResponse,
  FleetResponse,
  RemediationResponse,
  TrialResponse,
  VerifyResponse,
} from "@/lib/api-types";

/**
 * A failed request to the HTTP API as the browser sees it: the error envelope (`body`) when the server sent one,
 * `status` 0 when the request never got an answer. Not the server's `ApiError` (lib/api/errors.ts), which a route
 * throws to answer with that envelope.
 */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody["error"] | null;

  constructor(status: number, message: string, body: ApiErrorBody["error"] | null) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.body = body;
  }

  get code(): string | null {
    return this.body?.code ?? null;
  }
}

/** SWR key of the fleet; both variants share the `/api/containers` prefix so a verify can update either. */
export function fleetKey(includeStopped: boolean): string {
  return includeStopped ? "/api/containers?all=true" : "/api/containers";
}

export function isFleetKey(key: unknown): boolean {
  return key === fleetKey(false) || key === fleetKey(true);
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

async function toRequestError(response: Response): Promise<ApiRequestError> {
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // Not our envelope (a proxy's HTML page, an empty body): fall back to the status line.
  }
  if (isErrorBody(parsed)) return new ApiRequestError(response.status, parsed.error.message, parsed.error);
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  return new ApiRequestError(
    response.status,
    `The server answered HTTP ${response.status}${statusText}.`,
    null,
  );
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", ...init });
  } catch (error) {
    // A cancelled request is the caller's own doing, not an unreachable server.
    if (init?.signal?.aborted) throw error;
    throw new ApiRequestError(0, "Cannot reach the roaudit server. Is it still running?", null);
  }
  if (!response.ok) throw await toRequestError(response);
  return (await response.json()) as T;
}

export function fetchFleet(url: string): Promise<FleetResponse> {
  return request<FleetResponse>(url);
}

/** Runs the live probes in one running container; `signal` abandons the request (the server finishes the probe). */
export function postVerify(id: string, signal?: AbortSignal): Promise<VerifyResponse> {
  return request<VerifyResponse>(`/api/containers/${encodeURIComponent(id)}/verify`, {
    // No body: Verify takes none, and the server answers any body with 413.
    method: "POST",
    ...(signal ? { signal } : {}),
  });
}

/** Runs a trial of the container's hardened configuration (`POST /api/containers/{id}/trial`; up to 5 minutes). */
export function postTrial(id: string, signal?: AbortSignal): Promise<TrialResponse> {
  return request<TrialResponse>(`/api/containers/${encodeURIComponent(id)}/trial`, {
    method: "POST",
    ...(signal ? { signal } : {}),
  });
}

/** SWR key of one container's detail (`GET /api/containers/{id}`). */
export function containerKey(id: string): string {
  return `/api/containers/${encodeURIComponent(id)}`;
}

export function fetchContainer(url: string): Promise<ContainerResponse> {
  return request<ContainerResponse>(url);
}

/** SWR key of one container's remediation (`GET /api/containers/{id}/remediation`). */
export function remediationKey(id: string): string {
  return `/api/containers/${encodeURIComponent(id)}/remediation`;
}

export function fetchRemediation(url: string): Promise<RemediationResponse> {
  return request<RemediationResponse>(url);
}

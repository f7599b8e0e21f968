/**
 * Wire types of the HTTP API, declared once and imported with `import type` by the route handlers
 * and by the client's `useSWR<T>()`. Times are ISO 8601 strings.
 */
import type { ContainerConfiguration } from "@/lib/audit/configuration";
import type { ContainerAudit, Verification } from "@/lib/audit/types";
import type { PolicyStatus } from "@/lib/audit/waivers";

export type { ContainerConfiguration } from "@/lib/audit/configuration";
export type { RemediationResponse } from "@/lib/audit/remediation/types";
export type {
  CheckId,
  CheckResult,
  CheckStatus,
  Grade,
  ProbeId,
  ProbeResult,
  ProbeStatus,
  RuntimeFinding,
  Severity,
  Verification,
  VerifyVerdict,
  Waiver,
} from "@/lib/audit/types";
export type { PolicyStatus } from "@/lib/audit/waivers";
export type { WritePath } from "@/lib/audit/write-paths";

/** One container in `GET /api/containers` and `GET /api/containers/{id}`. */
export interface ContainerView extends ContainerAudit {
  /** Last verify in this server's lifetime, or `null`. */
  verification: Verification | null;
}

/** `GET /api/containers[?all=true]`. */
export interface FleetResponse {
  /** When the engine was read. */
  generatedAt: string;
  containers: ContainerView[];
  /** The waiver policy the audit applied. */
  policy: PolicyStatus;
}

/** `GET /api/containers/{id}`: the fleet's view of one container, plus what its detail page shows. */
export interface ContainerResponse extends ContainerView {
  /** Every verification kept in this server's lifetime, newest first (at most 20; `[]` when never verified). */
  history: Verification[];
  /** User, mounts, capabilities and security options, engine storage paths redacted. */
  configuration: ContainerConfiguration;
}

/** `POST /api/containers/{id}/verify`. */
export type VerifyResponse = Verification;

/** Why the engine could not be reached, for people. */
export interface EngineError {
  /** System error code (`ENOENT`, `EACCES`, `ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, …) or `HTTP_<status>`. */
  code: string;
  /** What failed, e.g. `connect ENOENT /var/run/docker.sock`. */
  message: string;
  /** What to do about it. */
  hint: string;
}

/** `GET /api/health`, always HTTP 200. */
export interface HealthResponse {
  /** `ok` when the engine answered and the policy file (if any) is valid, `degraded` otherwise. */
  status: "ok" | "degraded";
  engine: {
    reachable: boolean;
    /** Where roaudit looks for the engine, e.g. `unix:///var/run/docker.sock`. */
    endpoint: string;
    /** Engine version when reachable (`Version` from `GET /version`). */
    version: string | null;
    error: EngineError | null;
  };
  /** The waiver policy file: `none` configured, `loaded`, or `invalid` (then `status` is `degraded`; details in the log and `GET /api/containers`). */
  policy: "none" | "loaded" | "invalid";
}

/** Every error code an API route can answer with; see `lib/api/errors.ts` for the HTTP status of each. */
export type ApiErrorCode =
  | "invalid_id"
  | "invalid_query"
  | "not_found"
  | "ambiguous_id"
  | "container_not_running"
  | "docker_unavailable"
  | "engine_error"
  | "internal"
  | "unauthorized"
  | "rate_limited"
  | "cross_site"
  | "host_not_allowed"
  | "method_not_allowed"
  | "payload_too_large"
  | "read_only_mode"
  | "invalid_body";

/** The one error envelope of every route. */
export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    /** Present with `docker_unavailable`: endpoint and cause. */
    engine?: { endpoint: string; error: EngineError };
  };
}

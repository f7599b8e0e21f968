/**
 * Wire types of the HTTP API, declared once and imported with `import type` by the route handlers
 * and by the client's `useSWR<T>()`. Times are ISO 8601 strings.
 */
import type { ContainerConfiguration } from "@/lib/audit/configuration";
import type { ScoreBreakdown } from "@/lib/audit/score";
import type { ContainerAudit, Grade, Verification } from "@/lib/audit/types";
import type { PolicyStatus } from "@/lib/audit/waivers";

export type { ContainerConfiguration } from "@/lib/audit/configuration";
export type { RemediationResponse } from "@/lib/audit/remediation/types";
export type { ScoreBreakdown, ScorePenalty } from "@/lib/audit/score";
export type { ProvenNeeds, TrialResponse, TrialRound } from "@/lib/audit/trial/types";
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

/**
 * Whether the engine answered for one container in this fleet read (see `CONTAINER_READ_DEADLINE_MS` in
 * `lib/docker/fleet.ts`). The engine listed it, then did not answer its inspect in time: a container it
 * holds a lock on (a paused `runc init`, a hung shim) blocks every call about that container only.
 */
export type ContainerRead =
  /**
   * The audit is current: the engine has said nothing about the container since `readAt` (ISO 8601), when its
   * inspect was read (the watcher re-reads a container on each of its events).
   */
  | { status: "current"; readAt: string }
  /** Not answered since `since`; the audit shown is the last one read, at `readAt` (both ISO 8601). */
  | { status: "stale"; since: string; readAt: string }
  /** Not answered since `since`, never read before: no audit (`score` and `grade` are `null`, `checks` `[]`). */
  | { status: "unreadable"; since: string };

/**
 * One row of `GET /api/containers`: a container's view and whether it is current. A row the engine never
 * answered for has only what the list gave (id, name, image, state), `score`/`grade` `null` and no checks.
 */
export interface FleetContainer extends Omit<ContainerView, "score" | "grade" | "breakdown"> {
  /** 0–100, or `null` when `read.status` is `unreadable`. */
  score: number | null;
  /** `null` when `read.status` is `unreadable`: the grade is unknown, not F. */
  grade: Grade | null;
  /** `null` when `read.status` is `unreadable`. */
  breakdown: ScoreBreakdown | null;
  read: ContainerRead;
  /** The name of the engine the container runs on (issue 14; `local` for the `DOCKER_HOST` engine). */
  engine: string;
}

/** `GET /api/containers[?all=true]`. */
export interface FleetResponse {
  /** When the engine was read. */
  generatedAt: string;
  containers: FleetContainer[];
  /** The waiver policy the audit applied. */
  policy: PolicyStatus;
  /**
   * Each configured engine's state, in configuration order: present only when engines are configured
   * (`ROAUDIT_ENGINES`/`ROAUDIT_ENGINES_FILE`); with `DOCKER_HOST` alone the answer is as before.
   */
  engines?: FleetEngineStatus[];
}

/** One configured engine in `GET /api/containers` (no path, host, user or credential). */
export interface FleetEngineStatus {
  name: string;
  /** `unix`, `tcp` or `ssh`. */
  transport: string;
  labels: Record<string, string>;
  readOnly: boolean;
  /**
   * `reachable`: its rows are current; `syncing`: reconnected or first read under way (rows are its last good
   * data, possibly none); `down`: it does not answer, its rows are left out (`error` says why).
   */
  status: "reachable" | "syncing" | "down";
  /** When its rows were last known true (ISO 8601), or `null`. */
  trueAt: string | null;
  error: EngineError | null;
}

/** `event: fleet` of `GET /api/events`: containers that changed, and those removed. */
export interface FleetEvent {
  /** When the change was read. */
  generatedAt: string;
  /** The changed (or new) containers' rows, as `GET /api/containers?all=true` gives them. */
  changed: FleetContainer[];
  /** Ids of containers removed. */
  removed: string[];
}

/**
 * `event: status` of `GET /api/events`: the server's view of the engine. `live`: current; `syncing`: reconnected
 * and re-reading; `down`: the engine does not answer (`GET /api/containers` says why); `starting`: first read.
 */
export interface FleetStreamStatus {
  state: "starting" | "live" | "syncing" | "down";
}

/** `GET /api/containers/{id}`: the fleet's view of one container, plus what its detail page shows. */
export interface ContainerResponse extends ContainerView {
  /**
   * When this answer was true (ISO 8601): now, whether it came from the fleet watcher's cache (served only
   * while the watcher is live and has no unread event of the container) or from an inspect made for it.
   */
  generatedAt: string;
  /** When the engine's inspect behind it was read. */
  read: { status: "current"; readAt: string };
  /**
   * Every verification kept in this server's lifetime, newest first (at most 20; `[]` when never verified),
   * each with its `run` (`current` or `previous`: the container restarted or stopped since it was probed).
   */
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
  /**
   * When the engine's part was true (ISO 8601): now, whether `GET /version` was asked for this answer or the
   * fleet watcher's open event stream vouches for the engine (same engine process, version read since it opened).
   */
  generatedAt: string;
  /** `watcher`: answered from the fleet watcher's live connection, no engine request; `engine`: `GET /version` now. */
  source: "watcher" | "engine";
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
  /**
   * Every configured engine's state (as in `GET /api/containers`), present only when engines are configured;
   * then `status` is `degraded` when any is not `reachable` and `engine` is the first engine's.
   */
  engines?: FleetEngineStatus[];
}

/** Every error code an API route can answer with; see `lib/api/errors.ts` for the HTTP status of each. */
export type ApiErrorCode =
  | "invalid_id"
  | "invalid_query"
  | "not_found"
  | "ambiguous_id"
  | "container_not_running"
  | "container_unanswered"
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
  | "invalid_body"
  | "bad_request"
  | "trials_off"
  | "trial_refused"
  | "trial_busy";

/** The one error envelope of every route. */
export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    /** Present with `docker_unavailable`: endpoint and cause. */
    engine?: { endpoint: string; error: EngineError };
  };
}

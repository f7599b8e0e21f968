/**
 * Recognising engine failures: connection problems (the engine is unreachable), HTTP answers from the
 * engine (dockerode's `statusCode`), and answers that are not the Engine API at all.
 */
import type { EngineError } from "@/lib/api-types";

/** The engine could not be reached, or did not answer in time. */
export class EngineUnavailableError extends Error {
  override name = "EngineUnavailableError";
  constructor(
    readonly endpoint: string,
    readonly detail: EngineError,
  ) {
    super(`Cannot reach the Docker engine at ${endpoint}: ${detail.message}`);
  }
}

/** The engine answered, but not with something the Engine API would say. */
export class EngineResponseError extends Error {
  override name = "EngineResponseError";
}

/** A container reference that is not a full id, an id prefix or a container name: it never reaches the engine. */
export class InvalidReferenceError extends Error {
  override name = "InvalidReferenceError";
}

/** No container answers to a reference (the engine's 404, or nothing listed by that name or id). */
export class ContainerNotFoundError extends Error {
  override name = "ContainerNotFoundError";
}

/** An id prefix that several containers' ids start with. */
export class AmbiguousReferenceError extends Error {
  override name = "AmbiguousReferenceError";
}

/** An operation that needs a running container (exec) on one that is not: `state` is `State.Status`. */
export class ContainerNotRunningError extends Error {
  override name = "ContainerNotRunningError";
  constructor(
    message: string,
    readonly state: string,
  ) {
    super(message);
  }
}

/**
 * The engine answers, but not about this one container within the per-container deadline (a container whose
 * `runc init` a pause froze holds the engine's lock on it): the container's trouble, not the engine being down.
 */
export class ContainerUnansweredError extends Error {
  override name = "ContainerUnansweredError";
  constructor(
    message: string,
    /** The deadline that passed, in ms. */
    readonly deadlineMs: number,
  ) {
    super(message);
  }
}

const CONNECTION_CODES = new Set([
  "ENOENT",
  "EACCES",
  "EPERM",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENOTSOCK",
  "ECONNABORTED",
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  if ((error as { name?: unknown }).name === "AbortError") return "ETIMEDOUT";
  return undefined;
}

/** dockerode's HTTP status for an engine answer (`err.statusCode`), or `undefined`. */
export function engineStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The engine's own error text (`json.message`), without dockerode's "(HTTP code 409) …" prefix. */
export function engineMessage(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const json = (error as { json?: unknown }).json;
    if (
      typeof json === "object" &&
      json !== null &&
      typeof (json as { message?: unknown }).message === "string"
    ) {
      return (json as { message: string }).message.trim();
    }
    if (error instanceof Error) return error.message.replace(/^\(HTTP code \d+\)\s*/, "").trim();
  }
  return String(error);
}

/**
 * Describes a connection failure for people: the code, what failed, and what to do. Returns `null` when
 * `error` is not a connection failure (e.g. an HTTP 404 from the engine). Case `docker-connection-errors`:
 * a too-short timeout surfaces as ECONNRESET "socket hang up", not ETIMEDOUT.
 */
export function describeConnectionError(error: unknown, endpoint: string): EngineError | null {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === undefined || !CONNECTION_CODES.has(code)) {
    if (
      error instanceof Error &&
      /socket hang up|timed? ?out/i.test(message) &&
      engineStatus(error) === undefined
    ) {
      return {
        code: "ETIMEDOUT",
        message,
        hint: "The engine did not answer in time. Is it overloaded or hung?",
      };
    }
    return null;
  }
  return { code, message, hint: hintFor(code, endpoint) };
}

function hintFor(code: string, endpoint: string): string {
  const where = endpoint.replace(/^unix:\/\//, "");
  switch (code) {
    case "ENOENT":
      return `No socket at ${where}: is the Docker engine running? For rootless Docker or another socket, set DOCKER_HOST (e.g. unix://$XDG_RUNTIME_DIR/docker.sock).`;
    case "EACCES":
    case "EPERM":
      return `Permission denied on ${where}: run roaudit as a user in the docker group (or root), or point DOCKER_HOST at a socket it may use.`;
    case "ECONNREFUSED":
      return `Nothing accepts connections at ${endpoint}: start the engine or correct DOCKER_HOST.`;
    case "ECONNRESET":
    case "ETIMEDOUT":
    case "ECONNABORTED":
    case "EPIPE":
      return "The engine closed the connection or did not answer in time. Is it overloaded, restarting or hung?";
    case "ENOTSOCK":
      return `${where} is not a socket: correct DOCKER_HOST.`;
    default:
      return `The engine at ${endpoint} cannot be reached from this host: check DOCKER_HOST and the network.`;
  }
}

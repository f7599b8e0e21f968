/**
 * The one Docker Engine API client. Holds the socket, which is root on the host: server-only.
 */
import "server-only";
import Docker from "dockerode";
import { processSingleton } from "@/lib/singleton";
import { engineEndpoint } from "./endpoint";
import { describeConnectionError, EngineUnavailableError } from "./errors";

/** Idle timeout of one engine request, in ms. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Time allowed to connect to the engine, in ms. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The shared dockerode client, configured from `DOCKER_HOST` (`unix://…`, `tcp://…` with
 * `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`), default `/var/run/docker.sock`.
 */
export function docker(): Docker {
  return processSingleton(
    "docker",
    () =>
      new Docker({
        timeout: REQUEST_TIMEOUT_MS,
        connectionTimeout: CONNECT_TIMEOUT_MS,
      } as Docker.DockerOptions),
  );
}

/** Longest one engine call may take, start to end, in ms: an engine that answers a byte at a time is cut off. */
export const CALL_DEADLINE_MS = 20_000;

/** Options of {@link engineCall}. */
export interface EngineCallOptions {
  /** A caller's own deadline (e.g. a whole fleet read), combined with the call's. */
  signal?: AbortSignal;
  /** This call's deadline in ms; default {@link CALL_DEADLINE_MS}. */
  timeoutMs?: number;
}

/**
 * Runs an engine call with a deadline. The call gets an `AbortSignal` to pass to dockerode as `abortSignal`.
 * Connection failures and deadlines become {@link EngineUnavailableError}; every other error (HTTP answers
 * from the engine included) is rethrown as it is.
 */
export async function engineCall<T>(
  call: (d: Docker, signal: AbortSignal) => Promise<T>,
  options: EngineCallOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? CALL_DEADLINE_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    return await call(docker(), signal);
  } catch (error) {
    const endpoint = engineEndpoint();
    if (signal.aborted) {
      const why = options.signal?.aborted
        ? "in the time allowed"
        : `within ${Math.round(timeoutMs / 1000)} s`;
      throw new EngineUnavailableError(endpoint, {
        code: "ETIMEDOUT",
        message: `the engine did not answer ${why}`,
        hint: "The engine is slow or hung: check its load and logs (journalctl -u docker).",
      });
    }
    const detail = describeConnectionError(error, endpoint);
    if (detail) throw new EngineUnavailableError(endpoint, detail);
    throw error;
  }
}

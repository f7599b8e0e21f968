/**
 * The one Docker Engine API client. Holds the socket, which is root on the host: server-only.
 */
import "server-only";
import Docker from "dockerode";
import { processSingleton } from "@/lib/singleton";
import { engineEndpoint } from "./endpoint";
import { currentEndpoint, engineScope } from "./engine-scope";
import { describeConnectionError, EngineResponseError, EngineUnavailableError } from "./errors";

/** Idle timeout of one engine request, in ms. */
export const REQUEST_TIMEOUT_MS = 15_000;
/**
 * Time allowed to connect to the engine, in ms. docker-modem clears this timer only when an answer starts, so
 * it also bounds the wait for the first byte: it must not be shorter than {@link REQUEST_TIMEOUT_MS}, or one
 * slow inspect on a loaded engine fails a whole fleet read.
 */
export const CONNECT_TIMEOUT_MS = REQUEST_TIMEOUT_MS;

/**
 * The shared dockerode client, configured from `DOCKER_HOST` (`unix://…`, `tcp://…` with
 * `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`), default `/var/run/docker.sock`; inside `inEngine` (see `./engine-scope.ts`), that
 * engine's client.
 */
export function docker(): Docker {
  const scoped = engineScope();
  if (scoped) return scoped.docker;
  return processSingleton(
    "docker",
    () =>
      new Docker({
        timeout: REQUEST_TIMEOUT_MS,
        connectionTimeout: CONNECT_TIMEOUT_MS,
      } as Docker.DockerOptions),
  );
}

/**
 * A second client for the engine's event stream (`GET /events`) only: it has no idle timeout, since a quiet
 * engine sends nothing for hours and the shared client's {@link REQUEST_TIMEOUT_MS} would cut the stream.
 */
export function eventsDocker(): Docker {
  const scoped = engineScope();
  if (scoped) return scoped.eventsDocker;
  // Keyed by endpoint like the watcher that uses it, so a process that moves DOCKER_HOST follows it.
  return processSingleton(`docker-events:${engineEndpoint()}`, () => new Docker());
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
  // docker-modem can leave a call pending forever when the connection dies mid-answer (its response is
  // destroyed without a callback), so the deadline settles the call whatever dockerode does.
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
  );
  aborted.catch(() => undefined);
  try {
    return await Promise.race([call(docker(), signal), aborted]);
  } catch (error) {
    const endpoint = currentEndpoint();
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
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("HPE_")) {
      throw new EngineResponseError(`${endpoint} does not answer in HTTP (${code})`);
    }
    throw error;
  }
}

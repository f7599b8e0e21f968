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

/**
 * Runs an engine call and turns connection failures into {@link EngineUnavailableError}; every other error
 * (HTTP answers from the engine included) is rethrown as it is.
 */
export async function engineCall<T>(call: (d: Docker) => Promise<T>): Promise<T> {
  try {
    return await call(docker());
  } catch (error) {
    const endpoint = engineEndpoint();
    const detail = describeConnectionError(error, endpoint);
    if (detail) throw new EngineUnavailableError(endpoint, detail);
    throw error;
  }
}

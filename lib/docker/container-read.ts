/**
 * One container's read for a page or a route, bounded as the fleet bounds it: a container the engine does not
 * answer about within {@link CONTAINER_READ_DEADLINE_MS}, while it answers otherwise, is that container's
 * trouble (`ContainerUnansweredError`), never the engine being down.
 */
import "server-only";
import { ContainerUnansweredError } from "./errors";
import { silentAboutContainer } from "./exec-transport";
import { CONTAINER_READ_DEADLINE_MS } from "./watcher";

/**
 * Runs `read` with a signal that ends after {@link CONTAINER_READ_DEADLINE_MS} (the fleet's per-container
 * deadline), combined with the caller's `signal`. When the deadline passes and the engine still answers
 * `GET /version`, throws `ContainerUnansweredError`; when the engine does not answer either, the
 * `EngineUnavailableError` as it was. Any other error is rethrown as it is.
 */
export async function readContainerBounded<T>(
  read: (signal: AbortSignal) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const own = AbortSignal.timeout(CONTAINER_READ_DEADLINE_MS);
  try {
    return await read(signal ? AbortSignal.any([signal, own]) : own);
  } catch (error) {
    if (own.aborted && (await silentAboutContainer(error))) {
      throw new ContainerUnansweredError(
        `The engine answers, but not about this container within ${CONTAINER_READ_DEADLINE_MS / 1000} s: it may be being paused, or wedged in the freezer (see README, 'A container wedged by a pause'). Only this container is affected; try again later.`,
        CONTAINER_READ_DEADLINE_MS,
      );
    }
    throw error;
  }
}

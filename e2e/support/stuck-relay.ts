/**
 * A unix-socket relay to the real engine that forwards everything, except that it can leave chosen requests
 * unanswered (as an engine does for a container it holds a lock on) or run something before it forwards one
 * (e.g. remove the container its inspect is about). The shared relay (`relay.ts`) with those rules; the
 * fault-injecting socket the tests use for "one container never takes down the fleet".
 */
import { engineSocketPath } from "./fleet";
import { type Relay, startRelay } from "./relay";

/** What the relay does with one request, given `METHOD /path` (the `/v1.xx` prefix and query removed). */
export type StuckRelayRule = (line: string) => "forward" | "hang" | { before: () => Promise<void> };

/** A running relay. */
export type StuckRelay = Pick<Relay, "socketPath" | "requests" | "close"> & {
  /** Replaces the rule for the requests that come next. */
  setRule(rule: StuckRelayRule): void;
};

/** `GET /containers/<id>/json`, the inspect of one container. */
export const inspectLine = (id: string): string => `GET /containers/${id}/json`;

/**
 * Listens on `socketPath` and relays every connection to `engineSocket` (default: the engine of `DOCKER_HOST`
 * as it is now, before a test points `DOCKER_HOST` at the relay), applying `rule`.
 */
export async function startStuckRelay(
  socketPath: string,
  rule: StuckRelayRule,
  engineSocket: string = engineSocketPath(),
): Promise<StuckRelay> {
  const relay = await startRelay(socketPath, (line) => rule(line), engineSocket);
  return {
    socketPath,
    requests: relay.requests,
    setRule: (next) => relay.setRule((line) => next(line)),
    close: () => relay.close(),
  };
}

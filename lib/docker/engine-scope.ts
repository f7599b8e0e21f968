/**
 * Which engine the engine calls of the current asynchronous flow go to (issue 14). A flow run with
 * {@link inEngine} reaches that engine's clients through `docker()`, `eventsDocker()` and `engineCall`, so the
 * readers (list, inspect, archive, exec) serve every configured engine unchanged; a flow outside any scope
 * reaches the `DOCKER_HOST` engine exactly as before.
 */
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type Docker from "dockerode";
import { processSingleton } from "@/lib/singleton";
import { engineEndpoint } from "./endpoint";

/** One configured engine's clients, as the engine calls of a flow use them. */
export interface EngineScope {
  /** The engine's name (`[a-z0-9][a-z0-9_.-]*`). */
  name: string;
  /** Endpoint for people and error messages, without credentials (`displayEndpoint`). */
  endpoint: string;
  /** Request client (with the idle timeout). */
  docker: Docker;
  /** Event stream client (no idle timeout). */
  eventsDocker: Docker;
  /** The engine's unix socket path when reached over one (on this machine), else `null`. */
  socketPath: string | null;
}

const storage = processSingleton("engine-scope", () => new AsyncLocalStorage<EngineScope>());

/** The engine of the current flow, or `undefined` for the `DOCKER_HOST` engine. */
export function engineScope(): EngineScope | undefined {
  return storage.getStore();
}

/** Runs `fn` with its engine calls (and the timers and promises it starts) going to `scope`'s engine. */
export function inEngine<T>(scope: EngineScope | undefined, fn: () => T): T {
  return scope ? storage.run(scope, fn) : fn();
}

/** The current flow's engine endpoint, for messages: the scope's, else `DOCKER_HOST`'s. Never throws. */
export function currentEndpoint(): string {
  return engineScope()?.endpoint ?? engineEndpoint();
}

/**
 * One fleet watcher per configured engine (issue 14). With only `DOCKER_HOST` (no `ROAUDIT_ENGINES`, no
 * `ROAUDIT_ENGINES_FILE`) it is today's one watcher, `fleetWatcher()`, unchanged. With configured engines,
 * each engine of the registry gets a watcher running in its own scope (`./engine-scope.ts`), made again when
 * the engine's clients are remade (its configuration changed) and stopped when it leaves the configuration.
 */
import "server-only";
import { resolveEngines } from "@/lib/engines/config";
import { type PublicEngine, publicEngine } from "@/lib/engines/types";
import { processSingleton } from "@/lib/singleton";
import { EngineRegistry } from "./engine-registry";
import { servedEngineName } from "./served-engine";
import type { EngineDocker } from "./transports/engine-docker";
import { FleetWatcher, fleetWatcher } from "./watcher";

/** One configured engine and its watcher, or why it has none (its clients could not be made). */
export interface EngineWatch {
  view: PublicEngine;
  watcher: FleetWatcher | null;
  /** Why there is no watcher (no path, host or credential), else `null`. */
  error: string | null;
}

/** The engines in force with their watchers, and the configuration's error (then no engine). */
export interface EngineWatches {
  engines: EngineWatch[];
  error: string | null;
}

const registry = processSingleton("engine-registry", () => new EngineRegistry());
const watchers = processSingleton(
  "engine-watchers",
  () => new Map<string, { clients: EngineDocker; watcher: FleetWatcher }>(),
);

/**
 * The configured engines' watchers, started, in configuration order. Reads the configuration (one stat of the
 * engines file) on each call. Never throws.
 */
export function engineWatchers(env: NodeJS.ProcessEnv = process.env): EngineWatches {
  if (!enginesConfigured(env)) {
    const own = resolveEngines(env).engines[0];
    const view: PublicEngine = own
      ? publicEngine(own)
      : { name: servedEngineName(env), transport: "unix", labels: {}, readOnly: false };
    return { engines: [{ view, watcher: fleetWatcher(), error: null }], error: null };
  }
  const state = registry.sync(env);
  const seen = new Set<string>();
  const engines = state.engines.map((entry): EngineWatch => {
    const name = entry.config.name;
    seen.add(name);
    const clients = entry.clients;
    if (!("docker" in clients)) {
      stopWatcher(name);
      return { view: entry.view, watcher: null, error: clients.error };
    }
    let known = watchers.get(name);
    if (known && known.clients !== clients) {
      stopWatcher(name);
      known = undefined;
    }
    if (!known) {
      const watcher = new FleetWatcher(undefined, {
        name,
        endpoint: clients.endpoint,
        docker: clients.docker,
        eventsDocker: clients.eventsDocker,
        socketPath: entry.config.transport.kind === "unix" ? entry.config.transport.socketPath : null,
      });
      known = { clients, watcher };
      watchers.set(name, known);
    }
    known.watcher.start();
    return { view: entry.view, watcher: known.watcher, error: null };
  });
  for (const name of [...watchers.keys()]) if (!seen.has(name)) stopWatcher(name);
  return { engines, error: state.error };
}

/** Whether engines are configured (`ROAUDIT_ENGINES` or `ROAUDIT_ENGINES_FILE`), replacing `DOCKER_HOST`. */
export function enginesConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.ROAUDIT_ENGINES?.trim() || env.ROAUDIT_ENGINES_FILE?.trim());
}

/** The watcher of the configured engine `name` if one runs (never starts one). */
export function runningEngineWatcher(name: string): FleetWatcher | undefined {
  return watchers.get(name)?.watcher;
}

/** Stops every configured engine's watcher (tests; the `DOCKER_HOST` watcher is left alone). */
export function stopEngineWatchers(): void {
  for (const name of [...watchers.keys()]) stopWatcher(name);
}

function stopWatcher(name: string): void {
  watchers.get(name)?.watcher.stop();
  watchers.delete(name);
}

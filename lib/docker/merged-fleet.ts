/**
 * The fleet of every configured engine, merged (issue 14): each engine's rows from its own watcher's cache,
 * with its `engine` name, and each engine's state. An engine that is down, hung or still on its first read
 * adds at most {@link ENGINE_WAIT_MS} to the answer and never holds back the others' rows.
 */
import "server-only";
import type { EngineError, FleetContainer, FleetEngineStatus, FleetResponse } from "@/lib/api-types";
import type { WaiverPolicy } from "@/lib/audit/waivers";
import { activePolicy } from "@/lib/policy/load";
import { type EngineWatch, engineWatchers } from "./engine-watchers";
import { EngineResponseError, EngineUnavailableError } from "./errors";
import type { FleetWatcher, WatchedContainer } from "./watcher";

/** Longest a merged read waits for one engine's first sync, in ms (all engines wait at the same time). */
export const ENGINE_WAIT_MS = 5_000;

/** Builds one row; given by `fleet.ts` (its memoised audit), so the two fleets' rows are the same rows. */
export type RowOf = (c: WatchedContainer, policy: WaiverPolicy, engine: string) => FleetContainer;

/**
 * Every configured engine's rows (`all`: created and exited ones too; `listed` says which states the engine
 * lists without `all`), sorted by name then engine, and each engine's {@link FleetEngineStatus}. Throws
 * `EngineResponseError` when the engines configuration is invalid (fails closed: no engine is read).
 */
export async function readMergedFleet(
  options: { all: boolean },
  listed: (state: string) => boolean,
  rowOf: RowOf,
): Promise<FleetResponse> {
  const engines = await readyEngines();
  const active = activePolicy();
  const containers: FleetContainer[] = [];
  const states = engines.map((engine): FleetEngineStatus => {
    const state = engineState(engine);
    if (engine.watcher && state.status !== "down") {
      for (const c of engine.watcher.containers.values()) {
        if (options.all || listed(c.listed.State ?? ""))
          containers.push(rowOf(c, active.policy, engine.view.name));
      }
    }
    return state;
  });
  containers.sort((a, b) => a.name.localeCompare(b.name) || a.engine.localeCompare(b.engine));
  return { generatedAt: new Date().toISOString(), containers, policy: active.status, engines: states };
}

/**
 * The configured engines, each given at most {@link ENGINE_WAIT_MS} (all at once) to finish its first sync.
 * Throws `EngineResponseError` when the engines configuration is invalid.
 */
export async function readyEngines(): Promise<EngineWatch[]> {
  const { engines, error } = engineWatchers();
  if (error !== null) throw new EngineResponseError(`the engines configuration is invalid: ${error}`);
  await Promise.all(
    engines.map((e) => e.watcher?.ready(AbortSignal.timeout(ENGINE_WAIT_MS)).catch(() => undefined)),
  );
  return engines;
}

/** One configured engine's state from its watcher (reads no engine). */
export function engineState(engine: EngineWatch): FleetEngineStatus {
  const base = {
    name: engine.view.name,
    transport: engine.view.transport,
    labels: engine.view.labels,
    readOnly: engine.view.readOnly,
  };
  const watcher: FleetWatcher | null = engine.watcher;
  if (!watcher) {
    const error = {
      code: "ENGINE_CONFIG",
      message: engine.error ?? "no client",
      hint: "Check the engine's configuration.",
    };
    return { ...base, status: "down", trueAt: null, error };
  }
  const status = watcher.status;
  switch (status.kind) {
    case "live":
      return { ...base, status: "reachable", trueAt: new Date().toISOString(), error: null };
    case "starting":
      return { ...base, status: "syncing", trueAt: null, error: null };
    case "syncing":
      return { ...base, status: "syncing", trueAt: status.trueAt, error: null };
    case "down":
      return { ...base, status: "down", trueAt: status.trueAt, error: errorOf(status.error) };
  }
}

function errorOf(error: EngineUnavailableError | EngineResponseError): EngineError {
  if (error instanceof EngineUnavailableError) return error.detail;
  return {
    code: "ENGINE_ERROR",
    message: error.message,
    hint: "The engine answered with an error; see its logs.",
  };
}

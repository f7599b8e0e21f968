/**
 * Engine-wide facts (`GET /info`) and the health probe (`GET /version`).
 */
import "server-only";
import type { HealthResponse } from "@/lib/api-types";
import type { EngineFacts } from "@/lib/audit/types";
import { processSingleton } from "@/lib/singleton";
import { engineCall } from "./client";
import { engineSocketPath } from "./endpoint";
import { currentEndpoint, engineScope } from "./engine-scope";
import { EngineResponseError, EngineUnavailableError, engineMessage } from "./errors";

/** dockerode takes options on info() and version(); @types/dockerode only declares callbacks. */
interface WithOptions {
  info(options: { abortSignal: AbortSignal }): Promise<unknown>;
  version(options: { abortSignal: AbortSignal }): Promise<unknown>;
}

/** Longest the health probe waits for the engine, in ms. */
export const HEALTH_TIMEOUT_MS = 5_000;

/**
 * How long engine facts are reused, in ms, while no watcher follows the engine: they change only when the
 * engine restarts, which a watcher sees (its event stream ends), and then they are kept until it does.
 */
export const ENGINE_FACTS_TTL_MS = 60_000;

interface FactsCache {
  entry?: { at: number; facts: EngineFacts };
  pending?: Promise<EngineFacts>;
  /** Set while a watcher's event stream is open: the facts stay true until it ends. */
  pinned?: boolean;
  /** `Version` from `GET /version`, kept while pinned (an engine's version changes only with a restart). */
  version?: string;
}

const dockerHostCache = processSingleton<FactsCache>("engine-facts", () => ({}));

/** The facts cache of the current flow's engine: the `DOCKER_HOST` engine's, or a configured engine's own. */
function factsCache(): FactsCache {
  const scope = engineScope();
  return scope ? processSingleton<FactsCache>(`engine-facts:${scope.name}`, () => ({})) : dockerHostCache;
}

/**
 * Called by the fleet watcher: `true` when its event stream opens (the facts read from now on stay true until
 * the engine restarts), `false` when it ends. Either way the facts read so far are dropped: the engine may
 * have restarted with other settings.
 */
export function pinEngineFacts(pinned: boolean): void {
  const cache = factsCache();
  cache.entry = undefined;
  cache.version = undefined;
  cache.pinned = pinned;
}

/**
 * The engine's `Version` as `GET /version` last gave it while a watcher's event stream stays open (the same
 * engine process), or `null` when not read since the stream opened.
 */
export function pinnedEngineVersion(): string | null {
  const cache = factsCache();
  return cache.pinned ? (cache.version ?? null) : null;
}

/**
 * Engine facts, cached until the engine restarts (while a watcher follows it) or for
 * {@link ENGINE_FACTS_TTL_MS}; callers that miss the cache at the same time share one `GET /info`.
 * `seccompSupported` is read from `SecurityOptions` (`name=seccomp,profile=default`). Throws
 * `EngineUnavailableError` when the engine can't be reached.
 */
export async function engineFacts(signal?: AbortSignal, now = Date.now()): Promise<EngineFacts> {
  const cache = factsCache();
  const hit = cache.entry;
  if (hit && (cache.pinned || now - hit.at < ENGINE_FACTS_TTL_MS)) return hit.facts;
  if (!cache.pending) {
    cache.pending = readFacts(signal, now).finally(() => {
      cache.pending = undefined;
    });
  }
  return cache.pending;
}

async function readFacts(signal: AbortSignal | undefined, now: number): Promise<EngineFacts> {
  const scope = engineScope();
  const answer = (await engineCall((d, s) => (d as unknown as WithOptions).info({ abortSignal: s }), {
    signal,
  })) as { SecurityOptions?: unknown; DockerRootDir?: unknown } | null;
  const info = answer ?? {};
  const options = Array.isArray(info.SecurityOptions)
    ? info.SecurityOptions.filter((o) => typeof o === "string")
    : null;
  const facts: EngineFacts = {
    seccompSupported: options === null ? null : options.some((o: string) => /(^|,)name=seccomp(,|$)/.test(o)),
    dockerRootDir:
      typeof info.DockerRootDir === "string" && info.DockerRootDir.startsWith("/")
        ? info.DockerRootDir
        : null,
    socketPath: scope ? scope.socketPath : engineSocketPath(),
  };
  factsCache().entry = { at: now, facts };
  return facts;
}

/** The engine's part of the health answer: never throws; `reachable` is whether `GET /version` answered. */
export async function engineHealth(): Promise<Pick<HealthResponse, "status" | "engine">> {
  const endpoint = currentEndpoint();
  try {
    const version = (await engineCall((d, s) => (d as unknown as WithOptions).version({ abortSignal: s }), {
      timeoutMs: HEALTH_TIMEOUT_MS,
    })) as { Version?: unknown } | null;
    if (typeof version?.Version !== "string") {
      throw new EngineResponseError("the answer to GET /version is not the Engine API's");
    }
    const cache = factsCache();
    if (cache.pinned) cache.version = version.Version;
    return {
      status: "ok",
      engine: {
        reachable: true,
        endpoint,
        version: version.Version,
        error: null,
      },
    };
  } catch (error) {
    const detail =
      error instanceof EngineUnavailableError
        ? error.detail
        : {
            code: "ENGINE_ERROR",
            message: engineMessage(error),
            hint: "The engine answered with an error; see its logs.",
          };
    return { status: "degraded", engine: { reachable: false, endpoint, version: null, error: detail } };
  }
}

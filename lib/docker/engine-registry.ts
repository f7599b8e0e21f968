/**
 * The configured engines' clients: one {@link EngineDocker} per engine of `resolveEngines()`, kept while the
 * engine's configuration is unchanged, made again when it changes, closed when the engine leaves the list.
 * Not used by the routes yet (issue 14): the watcher per engine builds on it.
 */
import "server-only";
import { resolveEngines } from "@/lib/engines/config";
import { type EngineConfig, type PublicEngine, publicEngine } from "@/lib/engines/types";
import { CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from "./client";
import { type EngineDocker, engineDocker } from "./transports/engine-docker";

/** One configured engine and its clients (or why they could not be made, e.g. an unreadable TLS file). */
export interface RegisteredEngine {
  config: EngineConfig;
  view: PublicEngine;
  clients: EngineDocker | { error: string };
}

/** The engines in force, in configuration order, and the configuration's error (then no engine). */
export interface EngineRegistryState {
  engines: RegisteredEngine[];
  error: string | null;
}

/** A set of engine clients reconciled with the configuration on each {@link EngineRegistry.sync}. */
export class EngineRegistry {
  private entries = new Map<string, { key: string; entry: RegisteredEngine }>();

  /** Reads the configuration (cheap: one stat of the engines file) and reconciles the clients with it. */
  sync(env: Readonly<Record<string, string | undefined>> = process.env): EngineRegistryState {
    const setup = resolveEngines(env);
    const next = new Map<string, { key: string; entry: RegisteredEngine }>();
    for (const config of setup.engines) {
      const key = JSON.stringify(config);
      const old = this.entries.get(config.name);
      if (old && old.key === key) {
        next.set(config.name, old);
        continue;
      }
      next.set(config.name, { key, entry: register(config) });
    }
    for (const [name, old] of this.entries) {
      if (next.get(name) !== old) closeEntry(old.entry);
    }
    this.entries = next;
    return { engines: [...next.values()].map((v) => v.entry), error: setup.error };
  }

  /** The engine named `name`, or `undefined`. */
  get(name: string): RegisteredEngine | undefined {
    return this.entries.get(name)?.entry;
  }

  /** Closes every engine's clients. */
  close(): void {
    for (const { entry } of this.entries.values()) closeEntry(entry);
    this.entries.clear();
  }
}

function register(config: EngineConfig): RegisteredEngine {
  let clients: RegisteredEngine["clients"];
  try {
    clients = engineDocker(config, { timeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    clients = { error: (error as Error).message };
  }
  return { config, view: publicEngine(config), clients };
}

function closeEntry(entry: RegisteredEngine): void {
  if ("close" in entry.clients) entry.clients.close();
}

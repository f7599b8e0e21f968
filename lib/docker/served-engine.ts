/**
 * The engine the server reads today: the one `DOCKER_HOST` (or `DOCKER_CONTEXT`) names. Its name is what rows,
 * the CSV and the health answer carry in their `engine` field (issue 14: `local` unless `DOCKER_CONTEXT`
 * names another context). Never throws.
 */
import "server-only";
import { resolveEngines } from "@/lib/engines/config";

/** Name used when the configuration cannot give one (e.g. `DOCKER_CONTEXT` names no stored context). */
export const DEFAULT_ENGINE_NAME = "local";

/**
 * The name of the engine served by the single-engine path: the `DOCKER_HOST`/`DOCKER_CONTEXT` engine's name,
 * or {@link DEFAULT_ENGINE_NAME}. Engines configured by `ROAUDIT_ENGINES`/`ROAUDIT_ENGINES_FILE` are not served
 * by this path yet, so they do not change it.
 */
export function servedEngineName(env: NodeJS.ProcessEnv = process.env): string {
  const docker = { ...env, ROAUDIT_ENGINES: undefined, ROAUDIT_ENGINES_FILE: undefined };
  return resolveEngines(docker).engines[0]?.name ?? DEFAULT_ENGINE_NAME;
}

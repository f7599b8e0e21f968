/**
 * A container's Compose identity, from the labels Compose puts on every container it creates.
 */
import type { ComposeRef } from "./types";

/** Label holding the Compose project name. */
export const COMPOSE_PROJECT_LABEL = "com.docker.compose.project";
/** Label holding the Compose service name. */
export const COMPOSE_SERVICE_LABEL = "com.docker.compose.service";

/**
 * `{ project, service }` from `com.docker.compose.project` and `com.docker.compose.service` (`Config.Labels`),
 * or `null` when the project label is absent or blank; a blank service is `null`. Values are kept verbatim
 * (hostile text, escaped where shown).
 */
export function composeRefOf(labels: Readonly<Record<string, string>>): ComposeRef | null {
  const project = labels[COMPOSE_PROJECT_LABEL]?.trim() ?? "";
  if (project === "") return null;
  const service = labels[COMPOSE_SERVICE_LABEL]?.trim() ?? "";
  return { project, service: service === "" ? null : service };
}

/**
 * A container's Compose identity, from the labels Compose puts on every container it creates.
 */
import { displayText } from "./display-text";
import type { ComposeRef } from "./types";

/** Longest project or service name kept, in characters (code points); longer ones are cut and end in `…`. */
export const MAX_COMPOSE_NAME_LENGTH = 100;

/** Label holding the Compose project name. */
export const COMPOSE_PROJECT_LABEL = "com.docker.compose.project";
/** Label holding the Compose service name. */
export const COMPOSE_SERVICE_LABEL = "com.docker.compose.service";

/**
 * `{ project, service }` from `com.docker.compose.project` and `com.docker.compose.service` (`Config.Labels`),
 * or `null` when the project label is absent or blank; a blank service is `null`. Anyone who starts a container
 * sets these labels, so both are cleaned like waiver reasons ({@link displayText}: no ANSI escapes, control or
 * bidi-override characters, one line, at most {@link MAX_COMPOSE_NAME_LENGTH} characters); a name left blank
 * by that counts as absent. Still hostile text: React escapes it where shown.
 */
export function composeRefOf(labels: Readonly<Record<string, string>>): ComposeRef | null {
  const project = displayText(labels[COMPOSE_PROJECT_LABEL] ?? "", MAX_COMPOSE_NAME_LENGTH);
  if (project === "") return null;
  const service = displayText(labels[COMPOSE_SERVICE_LABEL] ?? "", MAX_COMPOSE_NAME_LENGTH);
  return { project, service: service === "" ? null : service };
}

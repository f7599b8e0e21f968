/**
 * Where roaudit looks for the engine, found the way the docker CLI and docker-modem find it.
 */

import { redactEndpoint } from "@/lib/engines/host";

/** Default engine socket when `DOCKER_HOST` is unset. */
export const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * The engine endpoint as a URL-like string for people: `DOCKER_HOST` when set (`unix:///run/x.sock`,
 * `tcp://127.0.0.1:2376`) without user or password (`redactEndpoint`), otherwise
 * `unix:///var/run/docker.sock`. Never throws.
 */
export function engineEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return `unix://${DEFAULT_SOCKET}`;
  // Credentials (ssh://user:pass@…, user:pass@host) never go into messages: see `redactEndpoint`.
  return redactEndpoint(host);
}

/**
 * The unix socket path roaudit talks to the engine through: `DOCKER_HOST`'s path when it is `unix://…`, the
 * default socket when `DOCKER_HOST` is unset, `null` over TCP or SSH. Never throws.
 */
export function engineSocketPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return DEFAULT_SOCKET;
  if (!host.startsWith("unix://")) return null;
  const path = host.slice("unix://".length);
  return path.startsWith("/") ? path : null;
}

/**
 * The name of the engine's host for people and file names: the host of a `tcp://` or `ssh://` endpoint
 * (without user or port), else `localHost` (a unix socket is on the machine roaudit runs on). Never throws.
 */
export function engineHostName(localHost: string, env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = engineEndpoint(env);
  if (endpoint.startsWith("unix://") || endpoint.startsWith("npipe://")) return localHost;
  try {
    return new URL(endpoint).hostname.replace(/^\[|\]$/g, "") || localHost;
  } catch {
    return localHost;
  }
}

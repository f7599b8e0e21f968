/**
 * roaudit's own security settings, read from the environment. No `server-only` marker: the proxy
 * (`proxy.ts`) imports this, and it holds no engine access.
 */
import { readFileSync } from "node:fs";

/** What the server enforces. */
export interface SecuritySettings {
  /** Address the server listens on (`ROAUDIT_HOST`, set by `scripts/start.mjs`); default `127.0.0.1`. */
  listenHost: string;
  /** Host names (no port) a request's `Host` header may carry. */
  allowedHosts: ReadonlySet<string>;
  /** The access token, or `null` when none is configured. */
  token: string | null;
  /** `ROAUDIT_READ_ONLY=true`: Verify is off and the server never calls exec. */
  readOnly: boolean;
  /**
   * `ROAUDIT_TRIALS=true` (and not read-only): `POST /api/containers/{id}/trial` may create, start and remove
   * labelled siblings of a container.
   */
  trials: boolean;
}

/** Shortest token accepted, in characters. */
export const MIN_TOKEN_LENGTH = 16;

/** Thrown when the settings are unusable (e.g. an unreadable token file): the server must not start. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

/** `true` for 127.0.0.0/8, `::1` and `localhost`. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `"example.com:3000"` → `"example.com"`, `"[::1]:3000"` → `"::1"`, lower case. */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  const colon = h.lastIndexOf(":");
  return colon > -1 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

/** A `Host` header split into its parts (RFC 9110 §7.2: `uri-host [ ":" port ]`). */
export interface HostHeader {
  /** Lower case, without brackets for IPv6 (`::1`). */
  hostname: string;
  /** The port, or `null` when none is given. */
  port: number | null;
}

/**
 * Parses a `Host` header strictly: one host name (letters, digits, `-`, `.`, `_`), IPv4 address or bracketed
 * IPv6 address, then at most one `:` and a decimal port (0–65535), nothing else. `null` for anything more,
 * e.g. `localhost:3000@evil.example`, `127.0.0.1:3000, evil.example`, `[::1]evil.example`, `localhost:abc`.
 */
export function parseHostHeader(value: string): HostHeader | null {
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9_.-]+))(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && port > 65535) return null;
  const hostname = (m[1] ?? m[2] ?? "").toLowerCase();
  return hostname ? { hostname, port } : null;
}

/**
 * Reads the settings:
 * - `ROAUDIT_HOST` (never `HOSTNAME`, which Docker sets to the container id);
 * - `ROAUDIT_ALLOWED_HOSTS`: comma-separated host names allowed in `Host`, besides the listen address
 *   (and, on loopback, `localhost`, `127.0.0.1`, `::1`);
 * - `ROAUDIT_TOKEN`, or `ROAUDIT_TOKEN_FILE` (e.g. a Docker or Kubernetes secret), at least
 *   {@link MIN_TOKEN_LENGTH} characters;
 * - `ROAUDIT_READ_ONLY=true`;
 * - `ROAUDIT_TRIALS=true`, ignored in read-only mode.
 * Throws {@link SettingsError} for a token that is too short or a token file that cannot be read.
 */
export function readSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SecuritySettings {
  const listenHost = (env.ROAUDIT_HOST ?? "").trim() || "127.0.0.1";
  const allowed = new Set<string>([hostnameOf(listenHost)]);
  if (isLoopback(listenHost) || listenHost === "0.0.0.0" || listenHost === "::") {
    for (const h of ["localhost", "127.0.0.1", "::1"]) allowed.add(h);
  }
  for (const h of (env.ROAUDIT_ALLOWED_HOSTS ?? "").split(",")) if (h.trim()) allowed.add(hostnameOf(h));

  let token = env.ROAUDIT_TOKEN?.trim() || null;
  if (!token && env.ROAUDIT_TOKEN_FILE) {
    try {
      token = readFileSync(env.ROAUDIT_TOKEN_FILE, "utf8").trim() || null;
    } catch (error) {
      throw new SettingsError(
        `ROAUDIT_TOKEN_FILE ${env.ROAUDIT_TOKEN_FILE} cannot be read: ${(error as Error).message}`,
      );
    }
  }
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    throw new SettingsError(`the access token must be at least ${MIN_TOKEN_LENGTH} characters long`);
  }
  const readOnly = env.ROAUDIT_READ_ONLY === "true";
  return {
    listenHost,
    allowedHosts: allowed,
    token,
    readOnly,
    trials: !readOnly && env.ROAUDIT_TRIALS === "true",
  };
}

let cached: SecuritySettings | undefined;

/** The process's settings, read once. */
export function settings(): SecuritySettings {
  cached ??= readSettings();
  return cached;
}

/**
 * Why the server must not start with these settings, or `null`: listening on a non-loopback address
 * without an access token would hand the Docker socket (root on the host) to the network.
 */
export function startupProblem(s: SecuritySettings): string | null {
  if (!isLoopback(s.listenHost) && s.token === null) {
    return (
      `refusing to listen on ${s.listenHost} without an access token: anyone who can reach it could run ` +
      "commands in your containers. Set ROAUDIT_TOKEN (or ROAUDIT_TOKEN_FILE), or listen on 127.0.0.1."
    );
  }
  return null;
}

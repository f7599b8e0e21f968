/**
 * Engine host URLs (`unix://`, `tcp://`, `ssh://`) read the way the docker CLI reads them. Pure.
 */
import { isIP } from "node:net";
import { EngineConfigError, type EngineTlsFiles, type EngineTransport } from "./types";

/** A host URL, taken apart; no credential files yet. */
export type ParsedHost =
  | { kind: "unix"; socketPath: string }
  | { kind: "tcp"; host: string; port: number }
  | { kind: "ssh"; host: string; port: number; user: string | null };

/** Default port of `tcp://` without TLS and with it, as the docker CLI uses them. */
export const DOCKER_TCP_PORT = 2375;
export const DOCKER_TLS_PORT = 2376;

/**
 * Takes a host URL apart. `tcp://h` without a port gets 2376 when `tls`, else 2375; `ssh://` gets 22. Throws
 * {@link EngineConfigError} for other schemes, relative socket paths, passwords in ssh URLs, paths or queries
 * after a tcp/ssh address. The message never repeats the URL (it may hold a user name).
 */
export function parseHost(raw: string, tls = false): ParsedHost {
  const text = raw.trim();
  if (text.startsWith("unix://")) {
    const socketPath = text.slice("unix://".length);
    if (!socketPath.startsWith("/"))
      throw new EngineConfigError("a unix:// host needs an absolute socket path");
    return { kind: "unix", socketPath };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== "tcp" && scheme !== "ssh") {
    throw new EngineConfigError("host must start with unix://, tcp:// or ssh://");
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EngineConfigError(`not a valid ${scheme}:// address`);
  }
  if ((url.pathname !== "" && url.pathname !== "/") || url.search !== "" || url.hash !== "") {
    throw new EngineConfigError(`a ${scheme}:// host takes no path or query`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") throw new EngineConfigError(`a ${scheme}:// host needs a host name`);
  if (scheme === "tcp") {
    if (url.username !== "" || url.password !== "")
      throw new EngineConfigError("a tcp:// host takes no user");
    const port = url.port === "" ? (tls ? DOCKER_TLS_PORT : DOCKER_TCP_PORT) : Number(url.port);
    return { kind: "tcp", host, port };
  }
  if (url.password !== "") {
    throw new EngineConfigError("an ssh:// host must not hold a password: use a key file");
  }
  const port = url.port === "" ? 22 : Number(url.port);
  return { kind: "ssh", host, port, user: url.username === "" ? null : decodeURIComponent(url.username) };
}

/** Is `host` this machine: `localhost`, 127.0.0.0/8 or ::1? */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/** Extra inputs that turn a parsed host into a transport. */
export interface TransportExtras {
  tls: EngineTlsFiles | null;
  allowPlainTcp: boolean;
  ssh: { identityFile: string; passphraseFile: string | null; knownHostsFile: string } | null;
}

/**
 * The transport of a parsed host. Throws {@link EngineConfigError} for plain tcp to a non-loopback address
 * (unless `allowPlainTcp`), TLS files on a non-tcp host, an ssh host without user, key file or known_hosts.
 */
export function transportOf(parsed: ParsedHost, extras: TransportExtras): EngineTransport {
  if (parsed.kind !== "tcp" && extras.tls !== null) {
    throw new EngineConfigError("TLS files apply to tcp:// hosts only");
  }
  switch (parsed.kind) {
    case "unix":
      return parsed;
    case "tcp":
      if (extras.tls === null && !extras.allowPlainTcp && !isLoopbackHost(parsed.host)) {
        throw new EngineConfigError(
          "plain tcp:// to another host sends everything (exec output included) unencrypted and unauthenticated: give TLS files, or allowPlainTcp: true",
        );
      }
      return { ...parsed, tls: extras.tls };
    case "ssh":
      if (parsed.user === null) throw new EngineConfigError("an ssh:// host needs a user (ssh://user@host)");
      if (extras.ssh === null) {
        throw new EngineConfigError("an ssh:// host needs an identity file and a known_hosts file");
      }
      return { kind: "ssh", host: parsed.host, port: parsed.port, user: parsed.user, ...extras.ssh };
  }
}

/**
 * The endpoint for people, with credentials stripped: `unix:///run/docker.sock`, `tcp://10.0.0.5:2376`,
 * `ssh://prod-1:22` (no user). For server-side logs and the operator's own view; not in {@link PublicEngine}.
 */
export function displayEndpoint(transport: EngineTransport): string {
  switch (transport.kind) {
    case "unix":
      return redactEndpoint(`unix://${transport.socketPath}`);
    case "tcp":
    case "ssh": {
      const host = transport.host.includes(":") ? `[${transport.host}]` : transport.host;
      return redactEndpoint(`${transport.kind}://${host}:${transport.port}`);
    }
  }
}

/**
 * An engine address as it may be shown (health answer, CSV, messages, logs): the one function every displayed
 * endpoint goes through. `unix://` and `npipe://` addresses are paths and shown as they are. Any other value
 * (`tcp://`, `ssh://`, `http(s)://`, or no scheme, shown as `tcp://`) loses everything between `scheme://` (or
 * the start) and the LAST `@` (user, password — which may itself hold `@` or `/`), and anything from a `?` or
 * `#` on. Pure, never throws; over-redacts rather than risk a credential (an `@` in a path drops the host too).
 */
export function redactEndpoint(raw: string): string {
  const text = raw.trim();
  if (/^(unix|npipe):\/\//i.test(text)) return text;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  const prefix = scheme ? `${scheme[1]?.toLowerCase()}://` : "tcp://";
  let rest = scheme ? text.slice(scheme[0].length) : text;
  const at = rest.lastIndexOf("@");
  if (at >= 0) rest = rest.slice(at + 1);
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = rest.slice(0, cut);
  return `${prefix}${rest}`;
}

/**
 * The engines roaudit audits: what each one is called and how it is reached. Pure types; `config.ts` makes them
 * from the environment, Docker contexts and the engines file.
 */

/** An engine's short name, unique in one roaudit: `[a-z0-9][a-z0-9_.-]*`, at most 63 characters. */
export const ENGINE_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** TLS client files for `tcp://` (paths, read when the client is made; never sent anywhere). */
export interface EngineTlsFiles {
  /** CA certificate (PEM) the engine's certificate must chain to. */
  ca: string;
  /** Client certificate (PEM). */
  cert: string;
  /** Client private key (PEM). */
  key: string;
  /** Skip the check of the engine's certificate (a context's `SkipTLSVerify`): the CA is then not used. */
  skipVerify: boolean;
}

/** How one engine is reached. Holds credentials' locations: server-side only, see {@link PublicEngine}. */
export type EngineTransport =
  | {
      kind: "unix";
      /** Absolute path of the engine's socket. */
      socketPath: string;
    }
  | {
      kind: "tcp";
      /** Host name or IP address (IPv6 without brackets). */
      host: string;
      /** TCP port. */
      port: number;
      /** TLS client files, or `null` for plain HTTP (loopback only unless `allowPlainTcp`). */
      tls: EngineTlsFiles | null;
    }
  | {
      kind: "ssh";
      host: string;
      /** SSH port, default 22. */
      port: number;
      /** Remote user name. */
      user: string;
      /** Private key file (OpenSSH or PEM). Keys come only from files. */
      identityFile: string;
      /** File holding the key's passphrase, or `null` for an unencrypted key. */
      passphraseFile: string | null;
      /** known_hosts file the server's host key must be listed in. */
      knownHostsFile: string;
    };

/** The kinds of {@link EngineTransport}. */
export type TransportKind = EngineTransport["kind"];

/** Where an engine's configuration came from. */
export type EngineSource = "docker-host" | "context" | "file";

/** One engine as configured. Server-side only: it locates credentials. */
export interface EngineConfig {
  /** Short unique name, {@link ENGINE_NAME_PATTERN}; used in `<engine>/<ref>` addresses. */
  name: string;
  transport: EngineTransport;
  /** No Verify (exec) on this engine: for GET-only socket proxies. */
  readOnly: boolean;
  /** Grouping labels (e.g. `env: prod`), keys and values at most 63 and 255 characters. */
  labels: Record<string, string>;
  /** May the trial run of a fix start containers here? Default on only for unix sockets. */
  trials: boolean;
  source: EngineSource;
}

/**
 * What anyone may see of an engine (API answers, pages, logs): no path, host, user, port or certificate.
 */
export interface PublicEngine {
  name: string;
  transport: TransportKind;
  labels: Record<string, string>;
  readOnly: boolean;
}

/** The public view of an engine: name, transport kind, labels, readOnly — nothing that locates a credential. */
export function publicEngine(engine: EngineConfig): PublicEngine {
  return {
    name: engine.name,
    transport: engine.transport.kind,
    labels: { ...engine.labels },
    readOnly: engine.readOnly,
  };
}

/** An engine configuration that cannot be used; the message says where and why, one problem per line. */
export class EngineConfigError extends Error {
  override name = "EngineConfigError";
}

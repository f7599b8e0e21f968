/**
 * The ssh:// transport: one SSH connection per engine (ssh2), host key checked against the engine's
 * known_hosts file, key read from a file; each HTTP connection dockerode opens is one `docker system
 * dial-stdio` channel multiplexed on it — the remote needs only the docker CLI, as for `docker -H ssh://…`.
 * (docker-modem's own ssh support opens a new SSH connection per request and trusts any host key.)
 */
import "server-only";
import { readFileSync } from "node:fs";
import { Agent, type AgentOptions } from "node:http";
import type { Duplex } from "node:stream";
import { Client, type ClientChannel, type ConnectConfig } from "ssh2";
import type { EngineTransport } from "@/lib/engines/types";
import { DeferredSocket } from "./deferred-socket";
import { checkHostKey, type HostKeyVerdict, hostKeyAlgorithmsFor } from "./known-hosts";

type SshTransport = Extract<EngineTransport, { kind: "ssh" }>;

/** Time allowed for the TCP connect and SSH handshake, in ms. */
export const SSH_READY_TIMEOUT_MS = 15_000;
/**
 * Most dial-stdio channels the request agent keeps open on one engine's connection; the event stream takes
 * one more: 9 in all, under OpenSSH's MaxSessions default of 10.
 */
export const SSH_MAX_CHANNELS = 8;
/** Keep-alive interval on the SSH connection, in ms. */
const KEEPALIVE_MS = 15_000;

/** The engine's SSH server offered a host key known_hosts does not vouch for. The message names no user or path. */
export class HostKeyRejectedError extends Error {
  override name = "HostKeyRejectedError";
  constructor(
    readonly endpoint: string,
    readonly verdict: Exclude<HostKeyVerdict, { kind: "known" }>,
  ) {
    super(hostKeyMessage(endpoint, verdict));
  }
}

function hostKeyMessage(endpoint: string, verdict: Exclude<HostKeyVerdict, { kind: "known" }>): string {
  switch (verdict.kind) {
    case "unknown":
      return `${endpoint}: its ${verdict.keyType} host key is not in the engine's known_hosts file; connection refused (add the key after checking its fingerprint: ssh-keyscan, then ssh-keygen -lf)`;
    case "changed":
      return `${endpoint}: its ${verdict.keyType} host key differs from the one in the engine's known_hosts file (the host was reinstalled, or someone is in the middle); connection refused`;
    case "revoked":
      return `${endpoint}: its ${verdict.keyType} host key is marked @revoked in the engine's known_hosts file; connection refused`;
  }
}

/** The SSH settings of a transport, files read now (key, passphrase, known_hosts). Throws on an unreadable file. */
function connectConfig(
  t: SshTransport,
  endpoint: string,
  onReject: (e: HostKeyRejectedError) => void,
): ConnectConfig {
  const knownHosts = readFileSync(t.knownHostsFile, "utf8");
  const algorithms = hostKeyAlgorithmsFor(knownHosts, t.host, t.port);
  return {
    host: t.host,
    port: t.port,
    username: t.user,
    privateKey: readFileSync(t.identityFile),
    ...(t.passphraseFile ? { passphrase: readFileSync(t.passphraseFile, "utf8").replace(/\r?\n$/, "") } : {}),
    readyTimeout: SSH_READY_TIMEOUT_MS,
    keepaliveInterval: KEEPALIVE_MS,
    keepaliveCountMax: 3,
    ...(algorithms.length > 0 ? { algorithms: { serverHostKey: algorithms as never } } : {}),
    hostVerifier: (key: Buffer) => {
      const verdict = checkHostKey(knownHosts, t.host, t.port, key);
      if (verdict.kind === "known") return true;
      onReject(new HostKeyRejectedError(endpoint, verdict));
      return false;
    },
  };
}

/**
 * One engine's SSH connection, opened on first use and again after it drops. `agent()` is an http.Agent for
 * dockerode (`new Docker({ protocol: "http", host: "docker", agent })`): every socket it makes is a dial-stdio
 * channel on this connection.
 */
export class SshEngineConnection {
  private client: Client | null = null;
  private ready: Promise<Client> | null = null;
  /** Connections opened so far (for the bench: 1 while the connection holds). */
  connectionsOpened = 0;
  /** dial-stdio channels opened so far. */
  channelsOpened = 0;

  constructor(
    private readonly transport: SshTransport,
    /** The endpoint for messages, credentials stripped (`ssh://host:port`). */
    readonly endpoint: string,
  ) {}

  private connect(): Promise<Client> {
    if (this.ready) return this.ready;
    const client = new Client();
    this.client = client;
    this.connectionsOpened += 1;
    const ready = new Promise<Client>((resolve, reject) => {
      let rejected: HostKeyRejectedError | null = null;
      let config: ConnectConfig;
      try {
        config = connectConfig(this.transport, this.endpoint, (e) => {
          rejected = e;
        });
      } catch (error) {
        reject(
          new Error(
            `${this.endpoint}: a key or known_hosts file cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
          ),
        );
        return;
      }
      client.once("ready", () => resolve(client));
      client.once("error", (error: Error) => reject(rejected ?? sshError(this.endpoint, error)));
      client.connect(config);
    });
    const forget = () => {
      if (this.client === client) {
        this.client = null;
        this.ready = null;
      }
    };
    client.once("close", forget);
    ready.catch(forget);
    this.ready = ready;
    return ready;
  }

  /** Opens one `docker system dial-stdio` channel: a byte stream to the remote engine's API. */
  async dial(): Promise<Duplex> {
    const client = await this.connect();
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.exec("docker system dial-stdio", (error, channel) => {
        if (error) reject(channelError(this.endpoint, error));
        else resolve(channel);
      });
    });
    this.channelsOpened += 1;
    return channel;
  }

  /**
   * An http.Agent whose sockets are dial-stdio channels (at most `maxSockets`, default
   * {@link SSH_MAX_CHANNELS}); kept-alive sockets are reused across requests.
   */
  agent(options: AgentOptions = {}): Agent {
    const agent = new Agent({ keepAlive: true, maxSockets: SSH_MAX_CHANNELS, ...options });
    agent.createConnection = (() => {
      const socket = new DeferredSocket();
      this.dial().then(
        (channel) => socket.attach(channel),
        (error: Error) => socket.fail(error),
      );
      return socket;
    }) as unknown as Agent["createConnection"];
    return agent;
  }

  /** Closes the SSH connection (open channels end with it). */
  close(): void {
    this.client?.end();
    this.client = null;
    this.ready = null;
  }
}

function sshError(endpoint: string, error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const level = (error as { level?: string }).level;
  if (level === "client-authentication") {
    return Object.assign(new Error(`${endpoint}: the SSH server refused the engine's key`), {
      code: "EACCES",
    });
  }
  if (level === "client-timeout") {
    return Object.assign(new Error(`${endpoint}: the SSH handshake did not finish in time`), {
      code: "ETIMEDOUT",
    });
  }
  return Object.assign(new Error(`${endpoint}: SSH failed (${code ?? level ?? "error"})`), {
    code: code ?? "ECONNRESET",
  });
}

/** A refused channel: ssh2's reason (e.g. `open failed`, from the server's MaxSessions) is kept; it holds no credential. */
function channelError(endpoint: string, error: Error): Error {
  const reason = (error as { reason?: unknown }).reason;
  return Object.assign(
    new Error(
      `${endpoint}: the SSH server refused a dial-stdio channel (${typeof reason === "number" ? `reason ${reason}` : error.message.slice(0, 80)})`,
    ),
    { code: "ECONNRESET" },
  );
}

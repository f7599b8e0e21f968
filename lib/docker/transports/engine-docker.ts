/**
 * A dockerode client for one configured engine, over its transport: unix socket, tcp (TLS client certificate
 * and CA, or plain to loopback), or ssh (one multiplexed SSH connection, see `ssh.ts`). Credentials are read
 * from their files here and go nowhere else.
 */
import "server-only";
import { readFileSync } from "node:fs";
import { Agent as HttpsAgent } from "node:https";
import Docker from "dockerode";
import { displayEndpoint } from "@/lib/engines/host";
import type { EngineConfig } from "@/lib/engines/types";
import { SSH_MAX_CHANNELS, SshEngineConnection } from "./ssh";

/** One engine's clients and how to let them go. */
export interface EngineDocker {
  /** Client for requests, with the given idle timeout. */
  docker: Docker;
  /** Client for the event stream (no idle timeout). */
  eventsDocker: Docker;
  /** `unix:///…`, `tcp://host:port`, `ssh://host:port`: no user, no file. */
  endpoint: string;
  /** Closes the engine's SSH connection or kept-alive sockets. */
  close(): void;
  /** SSH connections opened so far (ssh only; 0 otherwise). */
  sshConnections(): number;
}

/** Timeouts of an {@link EngineDocker}'s request client, in ms. */
export interface EngineDockerTimeouts {
  timeout: number;
  connectionTimeout: number;
}

/**
 * The clients for one engine. Every option docker-modem would otherwise take from `DOCKER_HOST`,
 * `DOCKER_CERT_PATH` or `SSH_AUTH_SOCK` is set explicitly, so the process environment never leaks into
 * another engine. Throws when a TLS file cannot be read (the message names the file's role, not its path).
 */
export function engineDocker(engine: EngineConfig, timeouts: EngineDockerTimeouts): EngineDocker {
  const transport = engine.transport;
  const endpoint = displayEndpoint(transport);
  const unset = {
    host: undefined,
    port: undefined,
    socketPath: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    pathPrefix: "/",
    sshOptions: undefined,
  };
  // unix:// and plain tcp://: docker-modem's own agent, nothing of ours to close.
  const plainClients = (options: Docker.DockerOptions): EngineDocker => ({
    docker: new Docker({ ...options, ...timeouts } as Docker.DockerOptions),
    eventsDocker: new Docker(options),
    endpoint,
    close: () => undefined,
    sshConnections: () => 0,
  });
  switch (transport.kind) {
    case "unix": {
      return plainClients({
        ...unset,
        socketPath: transport.socketPath,
        protocol: "http",
      } as Docker.DockerOptions);
    }
    case "tcp": {
      const tls = transport.tls;
      if (tls === null) {
        return plainClients({
          ...unset,
          protocol: "http",
          host: transport.host,
          port: transport.port,
        } as Docker.DockerOptions);
      }
      const read = (role: string, file: string) => {
        try {
          return readFileSync(file);
        } catch (error) {
          throw new Error(
            `${endpoint}: the TLS ${role} file cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
          );
        }
      };
      const files = {
        cert: read("client certificate", tls.cert),
        key: read("client key", tls.key),
        ...(tls.skipVerify ? {} : { ca: read("CA", tls.ca) }),
      };
      const agent = new HttpsAgent({
        keepAlive: true,
        maxSockets: SSH_MAX_CHANNELS,
        rejectUnauthorized: !tls.skipVerify,
      });
      const eventsAgent = new HttpsAgent({ rejectUnauthorized: !tls.skipVerify });
      const options = {
        ...unset,
        protocol: "https",
        host: transport.host,
        port: transport.port,
        ...files,
      } as Docker.DockerOptions;
      return {
        docker: new Docker({ ...options, ...timeouts, agent } as Docker.DockerOptions),
        eventsDocker: new Docker({ ...options, agent: eventsAgent } as Docker.DockerOptions),
        endpoint,
        close: () => {
          agent.destroy();
          eventsAgent.destroy();
        },
        sshConnections: () => 0,
      };
    }
    case "ssh": {
      const connection = new SshEngineConnection(transport, endpoint);
      const options = { ...unset, protocol: "http", host: "docker", port: 80 } as Docker.DockerOptions;
      return {
        docker: new Docker({ ...options, ...timeouts, agent: connection.agent() } as Docker.DockerOptions),
        eventsDocker: new Docker({
          ...options,
          agent: connection.agent({ keepAlive: false, maxSockets: 1 }),
        } as Docker.DockerOptions),
        endpoint,
        close: () => connection.close(),
        sshConnections: () => connection.connectionsOpened,
      };
    }
  }
}

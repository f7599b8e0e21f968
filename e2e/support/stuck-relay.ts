/**
 * A unix-socket relay to the real engine that forwards everything, except that it can leave chosen requests
 * unanswered (as an engine does for a container it holds a lock on) or run something before it forwards one
 * (e.g. remove the container its inspect is about). The one fault-injecting socket the tests use for "one
 * container never takes down the fleet".
 */
import { rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { engineSocketPath } from "./fleet";

/** What the relay does with one request, given `METHOD /path` (the `/v1.xx` prefix and query removed). */
export type StuckRelayRule = (line: string) => "forward" | "hang" | { before: () => Promise<void> };

/** A running relay. */
export interface StuckRelay {
  socketPath: string;
  /** `METHOD /path` of every request seen, in order. */
  requests: string[];
  /** Replaces the rule for the requests that come next. */
  setRule(rule: StuckRelayRule): void;
  /** Stops listening, cuts open connections (the hung ones too) and removes the socket file. */
  close(): Promise<void>;
}

/** `GET /containers/<id>/json`, the inspect of one container. */
export const inspectLine = (id: string): string => `GET /containers/${id}/json`;

/**
 * Listens on `socketPath` and relays every connection to `engineSocket` (default: the engine of `DOCKER_HOST`
 * as it is now, before a test points `DOCKER_HOST` at the relay), applying `rule`.
 */
export async function startStuckRelay(
  socketPath: string,
  rule: StuckRelayRule,
  engineSocket: string = engineSocketPath(),
): Promise<StuckRelay> {
  rmSync(socketPath, { force: true });
  const open = new Set<Socket>();
  const requests: string[] = [];
  let current = rule;
  const server: Server = createServer((client) => {
    const engine = connect(engineSocket);
    open.add(client).add(engine);
    let hung = false;
    // Chunks wait here while a `before` action runs, so the engine sees them in order.
    let queue: Promise<void> = Promise.resolve();
    client.on("data", (chunk: Buffer) => {
      if (hung) return;
      let wanted: ReturnType<StuckRelayRule> = "forward";
      for (const m of chunk.toString("latin1").matchAll(/^([A-Z]+) (\S+) HTTP\/1\.1\r$/gm)) {
        const pathname = new URL(m[2] ?? "/", "http://engine").pathname.replace(/^\/v\d+\.\d+(?=\/)/, "");
        const line = `${m[1]} ${pathname}`;
        requests.push(line);
        const action = current(line);
        if (action !== "forward") wanted = action;
      }
      if (wanted === "hang") {
        // Everything after it on this connection waits too, as it would behind a request the engine holds.
        hung = true;
        return;
      }
      const action = wanted;
      queue = queue.then(async () => {
        if (typeof action === "object") await action.before();
        if (!engine.destroyed) engine.write(chunk);
      });
      queue.catch(() => drop());
    });
    engine.on("data", (chunk: Buffer) => {
      if (!client.destroyed) client.write(chunk);
    });
    const drop = () => {
      client.destroy();
      engine.destroy();
      open.delete(client);
      open.delete(engine);
    };
    client.on("error", drop).on("close", drop);
    engine.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    requests,
    setRule(rule: StuckRelayRule) {
      current = rule;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => {
          rmSync(socketPath, { force: true });
          resolve();
        });
      }),
  };
}

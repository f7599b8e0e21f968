/**
 * The one unix-socket relay to the real engine the tests use: it forwards every connection byte for byte,
 * and a rule, asked for each request (`METHOD /path`, the `/v1.xx` prefix and query removed), can make it
 * leave a request unanswered (`hang`: as an engine does for a container it holds a lock on), run something
 * before it forwards one (`{ before }`), or cut the engine off (`cut` before forwarding, `forward-then-cut`,
 * `cut-mid-answer`: forward, pass on the answer's headers and first 40 bytes of body, then cut). Cut means:
 * stop listening, destroy every connection, remove the socket — the engine is gone, mid-request or not.
 * `engine-relay.ts`, `stuck-relay.ts` and the faults test's cutting relay are this relay with their rules.
 */
import { rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { engineSocketPath } from "./fleet";

/** What the relay does with one request. */
export type RelayAction =
  | "forward"
  | "hang"
  | "cut"
  | "forward-then-cut"
  | "cut-mid-answer"
  | { before: () => Promise<void> };

/** Asked for each request: its `METHOD /path` line and its index among all requests seen. */
export type RelayRule = (line: string, index: number) => RelayAction;

/** A running relay. */
export interface Relay {
  socketPath: string;
  /** `METHOD /path` of every request seen (relayed, held or cut), in order. */
  requests: string[];
  /** Whether the relay has been cut. */
  readonly isCut: boolean;
  /** Replaces the rule for the requests that come next. */
  setRule(rule: RelayRule): void;
  /** Cuts the engine off at once (see the module comment). */
  cut(): void;
  /** Stops listening, cuts open connections (the held ones too) and removes the socket file. */
  close(): Promise<void>;
}

/** Bytes of an answer's body passed on before a `cut-mid-answer` cut. */
const MID_ANSWER_BYTES = 40;

/**
 * Listens on `socketPath` and relays every connection to `engineSocket` (default: the engine of `DOCKER_HOST`
 * as it is now, before a test points `DOCKER_HOST` at the relay), applying `rule` (default: forward all).
 */
export async function startRelay(
  socketPath: string,
  rule: RelayRule = () => "forward",
  engineSocket: string = engineSocketPath(),
): Promise<Relay> {
  rmSync(socketPath, { force: true });
  const open = new Set<Socket>();
  const requests: string[] = [];
  let current = rule;
  let isCut = false;
  let server: Server | undefined;
  const cut = () => {
    if (isCut) return;
    isCut = true;
    server?.close();
    for (const s of open) s.destroy();
    rmSync(socketPath, { force: true });
  };
  server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const engine = connect(engineSocket);
    open.add(client).add(engine);
    let hung = false;
    let truncating = false;
    let answer = Buffer.alloc(0);
    // Chunks wait here while a `before` action runs, so the engine sees them in order.
    let queue: Promise<void> = Promise.resolve();
    const drop = () => {
      client.destroy();
      engine.destroy();
      open.delete(client);
      open.delete(engine);
    };
    client.on("data", (chunk: Buffer) => {
      if (hung || isCut) return;
      let wanted: RelayAction = "forward";
      for (const m of chunk.toString("latin1").matchAll(/^([A-Z]+) (\S+) HTTP\/1\.1\r$/gm)) {
        const pathname = new URL(m[2] ?? "/", "http://engine").pathname.replace(/^\/v\d+\.\d+(?=\/)/, "");
        const line = `${m[1]} ${pathname}`;
        requests.push(line);
        const action = current(line, requests.length - 1);
        if (action !== "forward") wanted = action;
      }
      if (wanted === "hang") {
        // Everything after it on this connection waits too, as it would behind a request the engine holds.
        hung = true;
        return;
      }
      if (wanted === "cut") {
        cut();
        return;
      }
      const action = wanted;
      queue = queue.then(async () => {
        if (typeof action === "object") await action.before();
        if (!engine.destroyed) engine.write(chunk);
        if (action === "forward-then-cut") setTimeout(cut, 0);
        if (action === "cut-mid-answer") truncating = true;
      });
      queue.catch(() => drop());
    });
    engine.on("data", (chunk: Buffer) => {
      if (client.destroyed) return;
      if (!truncating) {
        client.write(chunk);
        return;
      }
      answer = Buffer.concat([answer, chunk]);
      const headEnd = answer.indexOf("\r\n\r\n");
      if (headEnd < 0 || answer.length < headEnd + 4 + MID_ANSWER_BYTES) return;
      truncating = false;
      client.write(answer.subarray(0, headEnd + 4 + MID_ANSWER_BYTES), () => setTimeout(cut, 20));
    });
    client.on("error", drop).on("close", drop);
    engine.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve, reject) => {
    server?.once("error", reject);
    server?.listen(socketPath, resolve);
  });
  return {
    socketPath,
    requests,
    get isCut() {
      return isCut;
    },
    setRule(next: RelayRule) {
      current = next;
    },
    cut,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        if (isCut || !server?.listening) {
          rmSync(socketPath, { force: true });
          resolve();
          return;
        }
        server.close(() => {
          rmSync(socketPath, { force: true });
          resolve();
        });
      }),
  };
}

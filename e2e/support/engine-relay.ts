/**
 * A unix-socket relay to the real engine: bytes in, bytes out, nothing changed. It lets a test make the
 * engine appear and disappear at a socket path without stopping the engine other tests use.
 */
import { rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { engineSocketPath } from "./fleet";

/** A running relay; `close()` stops listening, cuts open connections and removes the socket file. */
export interface EngineRelay {
  close(): Promise<void>;
}

/** Listens on `socketPath` and relays every connection to the real engine's socket. */
export async function startEngineRelay(socketPath: string): Promise<EngineRelay> {
  rmSync(socketPath, { force: true });
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const engine = connect(engineSocketPath());
    open.add(client).add(engine);
    client.pipe(engine).pipe(client);
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

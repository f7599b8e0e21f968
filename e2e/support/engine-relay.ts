/**
 * A unix-socket relay to the real engine: bytes in, bytes out, nothing changed. It lets a test make the
 * engine appear and disappear at a socket path without stopping the engine other tests use. The shared
 * relay (`relay.ts`) with its default rule: forward everything.
 */
import { startRelay } from "./relay";

/** A running relay; `close()` stops listening, cuts open connections and removes the socket file. */
export interface EngineRelay {
  close(): Promise<void>;
}

/** Listens on `socketPath` and relays every connection to the real engine's socket. */
export async function startEngineRelay(socketPath: string): Promise<EngineRelay> {
  const relay = await startRelay(socketPath);
  return { close: () => relay.close() };
}

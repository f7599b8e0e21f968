/**
 * Limits and lifetime of `GET /api/events` streams. A stream outlives the request that opened it, so the
 * guard's one check at opening time is not enough: a session signed out (or expired) must end its open
 * streams too, and open streams hold memory and a file descriptor each, so their number is capped.
 */
import { processSingleton } from "@/lib/singleton";
import { SESSION_TTL_MS, type SessionRevocations, sessionRevocations } from "./session";

/** Streams open at once in this process, at most (each holds a socket and a fleet's worth of buffers). */
export const MAX_EVENT_STREAMS = 64;

/** Streams one client (peer address) may hold open at once. */
export const MAX_EVENT_STREAMS_PER_CLIENT = 8;

/** How often an open stream re-checks its session, in ms. */
export const SESSION_RECHECK_MS = 1_000;

/** Open streams per client, shared by every request of the process. */
export class EventStreamSlots {
  private readonly open = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly max = MAX_EVENT_STREAMS,
    private readonly perClient = MAX_EVENT_STREAMS_PER_CLIENT,
  ) {}

  /** Takes a slot for `client`: a release function, or `null` when the process or the client is at its cap. */
  take(client: string): (() => void) | null {
    const mine = this.open.get(client) ?? 0;
    if (this.total >= this.max || mine >= this.perClient) return null;
    this.open.set(client, mine + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.open.get(client) ?? 1) - 1;
      if (left <= 0) this.open.delete(client);
      else this.open.set(client, left);
    };
  }

  /** Streams open now. */
  get size(): number {
    return this.total;
  }
}

/** The process's stream slots. */
export function eventStreamSlots(): EventStreamSlots {
  return processSingleton("event-stream-slots", () => new EventStreamSlots());
}

/**
 * Whether a stream opened with session cookie `cookie` (issued-at in ms as its second field, see
 * `session.ts`; `null` for a bearer token, which cannot be signed out) may stay open at `now`: not when the
 * session was signed out or has expired since.
 */
export function streamSessionAlive(
  cookie: string | null,
  now = Date.now(),
  revoked: SessionRevocations = sessionRevocations(),
): boolean {
  if (cookie === null) return true;
  if (revoked.has(cookie)) return false;
  const issued = Number(/^v1\.(\d{1,15})\./.exec(cookie)?.[1]);
  return Number.isFinite(issued) && now - issued <= SESSION_TTL_MS;
}

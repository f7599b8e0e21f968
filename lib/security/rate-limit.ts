/**
 * Counting failed logins per client, so guessing the token is slow.
 */
import { processSingleton } from "@/lib/singleton";

/** Failures allowed per client within {@link FAILURE_WINDOW_MS} before requests are refused. */
export const MAX_FAILURES = 10;
/** Window over which failures count, in ms (5 min). */
export const FAILURE_WINDOW_MS = 5 * 60 * 1000;

/**
 * Failures allowed from all clients together within the window before token guesses are refused for
 * everyone: any local process can bind any 127/8 address, so a per-address count alone is no limit.
 */
export const MAX_GLOBAL_FAILURES = 100;

/** Clients the limiter remembers at most (about 100 bytes each): bounds memory against many addresses. */
export const MAX_TRACKED_CLIENTS = 50_000;

/**
 * A fixed-window failure counter keyed by client address. Its memory is bounded by `capacity`; when full it
 * forgets expired windows first, then the oldest clients that are not locked out, and a locked-out client
 * only when every remembered client is locked out — so flooding it from many addresses never wipes an
 * existing lockout (an earlier version cleared everything past 10,000 clients).
 */
export class FailureLimiter {
  /** Insertion order is window-start order: a new window is re-inserted at the end. */
  private readonly entries = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = FAILURE_WINDOW_MS,
    private readonly capacity = MAX_TRACKED_CLIENTS,
    private readonly globalMax = MAX_GLOBAL_FAILURES,
  ) {}

  /** The window of all clients' failures together. */
  private global = { start: 0, count: 0 };

  /**
   * Seconds until anyone may present a token again (login or bearer), or 0: set once
   * {@link MAX_GLOBAL_FAILURES} failures from all clients fall in one window. Sessions already issued keep
   * working (their cookies are signed, not guessable).
   */
  globalRetryAfter(now = Date.now()): number {
    const g = this.global;
    if (now - g.start >= this.windowMs || g.count < this.globalMax) return 0;
    return Math.ceil((g.start + this.windowMs - now) / 1000);
  }

  /** Clients remembered now (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Seconds until `client` may try again, or 0 when it may now. */
  retryAfter(client: string, now = Date.now()): number {
    const e = this.entries.get(client);
    if (!e || now - e.start >= this.windowMs || e.count < this.max) return 0;
    return Math.ceil((e.start + this.windowMs - now) / 1000);
  }

  /** Records one failure of `client`. */
  fail(client: string, now = Date.now()): void {
    if (now - this.global.start >= this.windowMs) this.global = { start: now, count: 0 };
    this.global.count += 1;
    const e = this.entries.get(client);
    if (!e || now - e.start >= this.windowMs) {
      this.entries.delete(client);
      if (this.entries.size >= this.capacity) this.makeRoom(now);
      this.entries.set(client, { start: now, count: 1 });
    } else e.count += 1;
  }

  /** Frees at least one slot: expired windows, else the oldest unlocked client, else the oldest lockout. */
  private makeRoom(now: number): void {
    for (const [client, e] of this.entries) {
      if (now - e.start >= this.windowMs) this.entries.delete(client);
      else break; // window-start order: the rest are younger
    }
    if (this.entries.size < this.capacity) return;
    for (const [client, e] of this.entries) {
      if (e.count < this.max) {
        this.entries.delete(client);
        return;
      }
    }
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}

/**
 * Window of the process's limiter, in ms: {@link FAILURE_WINDOW_MS}, or `ROAUDIT_LOGIN_WINDOW_MS` (1000–
 * 3600000) — a test-only knob so the e2e suite can watch a lockout end without waiting 5 minutes.
 */
export function loginWindowMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const ms = Number(env.ROAUDIT_LOGIN_WINDOW_MS);
  return Number.isInteger(ms) && ms >= 1000 && ms <= 3_600_000 ? ms : FAILURE_WINDOW_MS;
}

/** The one failure counter of the process, shared by the proxy and the login route. */
export function loginLimiter(): FailureLimiter {
  return processSingleton(
    "login-failures",
    () => new FailureLimiter(MAX_FAILURES, loginWindowMs(), MAX_TRACKED_CLIENTS, MAX_GLOBAL_FAILURES),
  );
}

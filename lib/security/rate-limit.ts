/**
 * Counting failed logins per client, so guessing the token is slow.
 */
import { processSingleton } from "@/lib/singleton";

/** Failures allowed per client within {@link FAILURE_WINDOW_MS} before requests are refused. */
export const MAX_FAILURES = 10;
/** Window over which failures count, in ms (5 min). */
export const FAILURE_WINDOW_MS = 5 * 60 * 1000;

/** A fixed-window failure counter keyed by client address. */
export class FailureLimiter {
  private readonly entries = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max = MAX_FAILURES,
    private readonly windowMs = FAILURE_WINDOW_MS,
  ) {}

  /** Seconds until `client` may try again, or 0 when it may now. */
  retryAfter(client: string, now = Date.now()): number {
    const e = this.entries.get(client);
    if (!e || now - e.start >= this.windowMs || e.count < this.max) return 0;
    return Math.ceil((e.start + this.windowMs - now) / 1000);
  }

  /** Records one failure of `client`. */
  fail(client: string, now = Date.now()): void {
    const e = this.entries.get(client);
    if (!e || now - e.start >= this.windowMs) {
      if (this.entries.size > 10_000) this.entries.clear();
      this.entries.set(client, { start: now, count: 1 });
    } else e.count += 1;
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
  return processSingleton("login-failures", () => new FailureLimiter(MAX_FAILURES, loginWindowMs()));
}

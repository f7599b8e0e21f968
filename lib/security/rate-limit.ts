/**
 * Counting failed logins per client, so guessing the token is slow.
 */

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

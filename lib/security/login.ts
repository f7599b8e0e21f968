/**
 * The sign-in decision of `POST /api/login`, kept apart from the route so the order of its steps is tested.
 */
import type { FailureLimiter } from "./rate-limit";
import { tokenMatches } from "./session";

/** What a sign-in attempt gets. */
export type LoginDecision =
  | { kind: "signed-in" }
  | { kind: "wrong-token" }
  /** Too many failures from this client: refused whatever the token, `retryAfter` seconds to wait. */
  | { kind: "locked-out"; retryAfter: number };

/**
 * Decides one attempt of `client` presenting `presented`. The lockout is checked *before* the token is
 * compared, so during a lockout even the right token is refused (a guesser learns nothing), and check,
 * comparison and count happen in one synchronous step, so concurrent attempts cannot slip past the limit.
 */
export function decideLogin(
  presented: string,
  token: string,
  client: string,
  limiter: FailureLimiter,
  now = Date.now(),
): LoginDecision {
  const wait = Math.max(limiter.retryAfter(client, now), limiter.globalRetryAfter(now));
  if (wait > 0) return { kind: "locked-out", retryAfter: wait };
  if (tokenMatches(presented, token)) return { kind: "signed-in" };
  limiter.fail(client, now);
  return { kind: "wrong-token" };
}

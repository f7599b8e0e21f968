/**
 * Access-token checks and stateless session cookies.
 *
 * A session cookie is `v1.<issued-at ms>.<HMAC-SHA256(key, "v1.<issued-at>")>` with the key derived from the
 * token, so rotating the token ends every session and nothing is stored server-side.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Name of the session cookie. */
export const SESSION_COOKIE = "roaudit_session";

/** How long a session lasts, in ms (12 h). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Constant-time comparison of a presented token with the configured one (both hashed first, so lengths match). */
export function tokenMatches(presented: string, token: string): boolean {
  return timingSafeEqual(digest(presented), digest(token));
}

function sign(token: string, payload: string): string {
  return createHmac("sha256", digest(`roaudit-session:${token}`))
    .update(payload)
    .digest("base64url");
}

/** A new session cookie value issued at `now` (ms). */
export function issueSession(token: string, now = Date.now()): string {
  const payload = `v1.${now}`;
  return `${payload}.${sign(token, payload)}`;
}

/**
 * Checks a session cookie value. Returns a short identity for the audit log (`session:<8 chars>`), or
 * `null` when it is malformed, forged, issued in the future or older than {@link SESSION_TTL_MS}.
 */
export function verifySession(value: string, token: string, now = Date.now()): string | null {
  const m = /^v1\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return null;
  const issued = Number(m[1]);
  if (issued > now + 60_000 || now - issued > SESSION_TTL_MS) return null;
  const expected = Buffer.from(sign(token, `v1.${m[1]}`));
  const given = Buffer.from(m[2] ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return `session:${(m[2] ?? "").slice(0, 8)}`;
}

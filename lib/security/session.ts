/**
 * Access-token checks and session cookies.
 *
 * A session cookie is `v1.<issued-at ms>.<HMAC-SHA256(key, "v1.<issued-at>")>` with the key derived from the
 * token and a random secret of this server process, so rotating the token or restarting the server ends
 * every session. Signing out revokes the cookie in {@link SessionRevocations}, checked on every request.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { processSingleton } from "@/lib/singleton";

/** Name of the session cookie. */
export const SESSION_COOKIE = "roaudit_session";

/** How long a session lasts, in ms (12 h). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const COOKIE_PATTERN = /^v1\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Constant-time comparison of a presented token with the configured one (both hashed first, so lengths match). */
export function tokenMatches(presented: string, token: string): boolean {
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * The secret of this process (32 random bytes, shared by the proxy and the routes): revocations live in
 * memory, so cookies must not outlive the process that could revoke them.
 */
const processSecret = () => processSingleton("session-secret", () => randomBytes(32).toString("base64"));

function sign(token: string, payload: string): string {
  return createHmac("sha256", digest(`roaudit-session:${processSecret()}:${token}`))
    .update(payload)
    .digest("base64url");
}

/**
 * Session cookies signed out before they expired, by signature, each kept until its own expiry (so the
 * set holds at most the sessions issued in the last {@link SESSION_TTL_MS}; past `max`, the oldest go first).
 */
export class SessionRevocations {
  private readonly revoked = new Map<string, number>();

  constructor(private readonly max = 100_000) {}

  /** Revokes a well-formed cookie value; anything else is ignored. */
  revoke(value: string, now = Date.now()): void {
    const m = COOKIE_PATTERN.exec(value);
    if (!m?.[2]) return;
    for (const [signature, expires] of this.revoked) if (expires <= now) this.revoked.delete(signature);
    while (this.revoked.size >= this.max) {
      const oldest = this.revoked.keys().next().value;
      if (oldest === undefined) break;
      this.revoked.delete(oldest);
    }
    this.revoked.set(m[2], Number(m[1]) + SESSION_TTL_MS);
  }

  /** `true` when this cookie value was signed out. */
  has(value: string): boolean {
    const signature = COOKIE_PATTERN.exec(value)?.[2];
    return signature !== undefined && this.revoked.has(signature);
  }
}

/** The process's revocations, shared by the proxy (which checks them) and `POST /api/logout` (which adds). */
export function sessionRevocations(): SessionRevocations {
  return processSingleton("session-revocations", () => new SessionRevocations());
}

/** A new session cookie value issued at `now` (ms). */
export function issueSession(token: string, now = Date.now()): string {
  const payload = `v1.${now}`;
  return `${payload}.${sign(token, payload)}`;
}

/**
 * Checks a session cookie value. Returns a short identity for the audit log (`session:<8 chars>`), or
 * `null` when it is malformed, forged, signed by another process, issued in the future, older than
 * {@link SESSION_TTL_MS}, or signed out (in `revoked`).
 */
export function verifySession(
  value: string,
  token: string,
  now = Date.now(),
  revoked: SessionRevocations = sessionRevocations(),
): string | null {
  const m = COOKIE_PATTERN.exec(value);
  if (!m) return null;
  const issued = Number(m[1]);
  if (issued > now + 60_000 || now - issued > SESSION_TTL_MS) return null;
  const expected = Buffer.from(sign(token, `v1.${m[1]}`));
  const given = Buffer.from(m[2] ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (revoked.has(value)) return null;
  return `session:${(m[2] ?? "").slice(0, 8)}`;
}

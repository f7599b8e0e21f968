/**
 * Who may do what: the decision the proxy (`proxy.ts`) makes for every request before any route runs.
 * Pure apart from the failure counter it is given, so every rule is unit-tested.
 */

import { ERROR_STATUS } from "@/lib/api/errors";
import type { ApiErrorCode } from "@/lib/api-types";
import type { FailureLimiter } from "./rate-limit";
import { type SessionRevocations, sessionRevocations, tokenMatches, verifySession } from "./session";
import { parseHostHeader, type SecuritySettings } from "./settings";

/** The parts of a request the guard reads. */
export interface GuardRequest {
  method: string;
  /** Scheme the server was reached by, with its colon: `http:` (or `https:` behind a TLS front). */
  protocol: string;
  /** URL path, e.g. `/api/containers`. */
  pathname: string;
  /** The query with its `?` (`""` when none): kept in the sign-in redirect's `next`, so a link keeps its view. */
  search?: string;
  /** Lower-case header lookup. */
  header(name: string): string | null;
  /** Value of the session cookie, if sent. */
  sessionCookie: string | null;
  /** Client address, for counting failed logins. */
  client: string;
}

/** What to do with a request. */
export type GuardDecision =
  | { kind: "allow"; identity: string | null }
  | { kind: "redirect"; location: string }
  | { kind: "deny"; status: number; code: ApiErrorCode; message: string; headers?: Record<string, string> };

/** Largest request body accepted (by the one route that reads one, `POST /api/login`), in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Methods any path may be asked with; the rest (TRACE, PUT, OPTIONS, PROPFIND…) are 405 everywhere. */
export const METHODS: readonly string[] = ["GET", "HEAD", "POST"];

/** The one request that carries a body. */
const takesBody = (method: string, pathname: string) => method === "POST" && pathname === "/api/login";

/** API routes and the methods each accepts. */
export const API_ROUTES: readonly (readonly [RegExp, readonly string[]])[] = [
  [/^\/api\/health$/, ["GET", "HEAD"]],
  [/^\/api\/containers$/, ["GET", "HEAD"]],
  [/^\/api\/containers\/[^/]+$/, ["GET", "HEAD"]],
  [/^\/api\/containers\/[^/]+\/verify$/, ["POST"]],
  [/^\/api\/containers\/[^/]+\/trial$/, ["POST"]],
  [/^\/api\/containers\/[^/]+\/remediation$/, ["GET", "HEAD"]],
  [/^\/api\/report\.csv$/, ["GET", "HEAD"]],
  [/^\/api\/events$/, ["GET"]],
  [/^\/api\/login$/, ["POST"]],
  [/^\/api\/logout$/, ["POST"]],
];

/** Paths reachable without a token: health, the login page and call, the static files in public/, Next's static assets. */
function isPublic(method: string, pathname: string): boolean {
  if (pathname === "/api/health" || pathname === "/login" || pathname === "/api/login") return true;
  if (pathname === "/icon.svg" || pathname === "/favicon.ico" || pathname === "/robots.txt") return true;
  return pathname.startsWith("/_next/static/") && (method === "GET" || method === "HEAD");
}

const deny = (code: ApiErrorCode, message: string, headers?: Record<string, string>): GuardDecision => ({
  kind: "deny",
  status: ERROR_STATUS[code],
  code,
  message,
  ...(headers ? { headers } : {}),
});

/**
 * Decides a request, in this order:
 * 1. `Host` must be one host and an optional numeric port ({@link parseHostHeader}) naming the served address
 *    or an allowed host (DNS rebinding) → else 403 `host_not_allowed`;
 * 2. a method other than GET, HEAD, POST → 405 `method_not_allowed`; API paths must exist (404 `not_found`)
 *    and take the method (405, with `Allow`);
 * 3. a body on any request but `POST /api/login` (a `Content-Length` over 0 or any `Transfer-Encoding`), or
 *    one over {@link MAX_BODY_BYTES} there → 413 `payload_too_large`;
 * 4. a POST from an `Origin` whose scheme, host or port differs from the request's, or with
 *    `Sec-Fetch-Site: cross-site` → 403 `cross_site` (clients that send neither header are allowed);
 * 5. with a token configured, all but public paths need `Authorization: Bearer <token>` or a valid session
 *    cookie: APIs answer 401 `unauthorized`, pages redirect to `/login`; after too many failures a client
 *    gets 429 `rate_limited` with `Retry-After`; a signed-out session cookie (`revoked`) is no session.
 */
export function guard(
  req: GuardRequest,
  settings: SecuritySettings,
  limiter: FailureLimiter,
  now = Date.now(),
  revoked: SessionRevocations = sessionRevocations(),
): GuardDecision {
  const host = req.header("host");
  const parsedHost = host === null ? null : parseHostHeader(host);
  if (!host || !parsedHost || !settings.allowedHosts.has(parsedHost.hostname)) {
    return deny(
      "host_not_allowed",
      "This Host is not served here; add it to ROAUDIT_ALLOWED_HOSTS if it is yours.",
    );
  }

  if (!METHODS.includes(req.method)) {
    return deny("method_not_allowed", `Use ${METHODS.join(" or ")}.`, { Allow: METHODS.join(", ") });
  }
  if (req.pathname.startsWith("/api/")) {
    const route = API_ROUTES.find(([pattern]) => pattern.test(req.pathname));
    if (!route) return deny("not_found", "No such API endpoint.");
    if (!route[1].includes(req.method)) {
      return deny("method_not_allowed", `Use ${route[1].join(" or ")} here.`, {
        Allow: route[1].join(", "),
      });
    }
  }

  const length = Number(req.header("content-length") ?? "0");
  if (takesBody(req.method, req.pathname)) {
    if (!Number.isFinite(length) || length > MAX_BODY_BYTES) {
      return deny("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    }
  } else if (length !== 0 || req.header("transfer-encoding") !== null) {
    return deny("payload_too_large", "This endpoint takes no request body.");
  }

  if (req.method !== "GET" && req.method !== "HEAD") {
    const origin = req.header("origin");
    if (
      req.header("sec-fetch-site") === "cross-site" ||
      (origin !== null && !sameOrigin(origin, req.protocol, host))
    ) {
      return deny("cross_site", "Cross-site requests may not change anything here.");
    }
  }

  if (settings.token === null) return { kind: "allow", identity: null };
  if (isPublic(req.method, req.pathname)) return { kind: "allow", identity: null };

  const wait = limiter.retryAfter(req.client, now);
  if (wait > 0) {
    return deny("rate_limited", "Too many failed attempts; try again later.", {
      "Retry-After": String(wait),
    });
  }
  const authorization = req.header("authorization");
  if (authorization !== null) {
    const everyone = limiter.globalRetryAfter(now);
    if (everyone > 0) {
      return deny("rate_limited", "Too many failed attempts from all clients; try again later.", {
        "Retry-After": String(everyone),
      });
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m?.[1] && tokenMatches(m[1], settings.token)) return { kind: "allow", identity: "token" };
    limiter.fail(req.client, now);
    return deny("unauthorized", "The access token is wrong.", {
      "WWW-Authenticate": 'Bearer realm="roaudit"',
    });
  }
  if (req.sessionCookie) {
    const identity = verifySession(req.sessionCookie, settings.token, now, revoked);
    if (identity) return { kind: "allow", identity };
    limiter.fail(req.client, now);
  }
  if (req.pathname.startsWith("/api/")) {
    return deny("unauthorized", "Sign in, or send Authorization: Bearer <token>.", {
      "WWW-Authenticate": 'Bearer realm="roaudit"',
    });
  }
  return {
    kind: "redirect",
    location: `/login?next=${encodeURIComponent(req.pathname + (req.search ?? ""))}`,
  };
}

/** `Origin` against the request's own origin (scheme, host and port; default ports as URL resolves them). */
function sameOrigin(origin: string, protocol: string, host: string): boolean {
  try {
    return new URL(origin).origin === new URL(`${protocol}//${host.trim()}`).origin;
  } catch {
    return false;
  }
}

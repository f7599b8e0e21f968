import { type NextRequest, NextResponse } from "next/server";
import { guard } from "@/lib/security/guard";
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";
import { loginLimiter } from "@/lib/security/rate-limit";
import { SESSION_COOKIE } from "@/lib/security/session";
import { settings } from "@/lib/security/settings";

/** Header carrying the caller's identity to route handlers (for the audit log); never taken from a client. */
const IDENTITY_HEADER = "x-roaudit-identity";

/** Every request: access rules (`lib/security/guard.ts`), then security headers on the response. */
export function proxy(request: NextRequest) {
  const decision = guard(
    {
      method: request.method,
      protocol: request.nextUrl.protocol,
      pathname: request.nextUrl.pathname,
      search: request.nextUrl.search,
      header: (name) => request.headers.get(name),
      sessionCookie: request.cookies.get(SESSION_COOKIE)?.value ?? null,
      client: clientAddress(request),
    },
    settings(),
    loginLimiter(),
  );
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);

  let response: NextResponse;
  if (decision.kind === "deny") {
    response = NextResponse.json(
      { error: { code: decision.code, message: decision.message } },
      { status: decision.status, headers: { "Cache-Control": "no-store", ...decision.headers } },
    );
  } else if (decision.kind === "redirect") {
    response = NextResponse.redirect(new URL(decision.location, request.url), 303);
  } else {
    const headers = new Headers(request.headers);
    headers.delete(IDENTITY_HEADER);
    if (decision.identity) headers.set(IDENTITY_HEADER, decision.identity);
    // Next.js reads the nonce from the request's CSP and puts it on its own inline scripts.
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

/**
 * The peer address, as `scripts/start.mjs` records it in the header it names in ROAUDIT_PEER_HEADER
 * (overwriting whatever a client sent). Under a plain `next start` there is none, and all clients share
 * one failure count: x-forwarded-for is whatever the client says.
 */
function clientAddress(request: NextRequest): string {
  const header = process.env.ROAUDIT_PEER_HEADER;
  return (header && request.headers.get(header)) || "unknown";
}

export const config = {
  matcher: "/:path*",
};

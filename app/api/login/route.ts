import { z } from "zod";
import { readBodyText } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/respond";
import { decideLogin } from "@/lib/security/login";
import { loginLimiter } from "@/lib/security/rate-limit";
import { issueSession, SESSION_COOKIE, SESSION_TTL_MS } from "@/lib/security/session";
import { settings } from "@/lib/security/settings";

export const dynamic = "force-dynamic";

const MAX_LOGIN_BODY = 4096;
const loginBody = z.strictObject({ token: z.string().min(1).max(1024) });

function lockedOut(retryAfter: number): Response {
  const response = errorResponse(new ApiError("rate_limited", "Too many failed attempts; try again later."));
  response.headers.set("Retry-After", String(retryAfter));
  return response;
}

/**
 * `POST /api/login` `{ "token": "…" }`: on the right token, 204 with an HttpOnly, SameSite=Strict session
 * cookie; otherwise 401 `unauthorized`. A client (peer address) with 10 failures in the window gets 429
 * `rate_limited` with `Retry-After` until it ends, whatever token it sends (see `lib/security/login.ts`).
 */
export async function POST(request: Request) {
  try {
    const token = settings().token;
    if (token === null)
      throw new ApiError("not_found", "No access token is configured: there is nothing to sign in to.");
    const peerHeader = process.env.ROAUDIT_PEER_HEADER;
    const client = (peerHeader && request.headers.get(peerHeader)) || "unknown";
    const limiter = loginLimiter();
    // Refused before the body is even read; checked again, with the comparison, once it is.
    const wait = Math.max(limiter.retryAfter(client), limiter.globalRetryAfter());
    if (wait > 0) return lockedOut(wait);
    const text = await readBodyText(request, MAX_LOGIN_BODY);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError("invalid_body", 'Send JSON: { "token": "…" }.');
    }
    const body = loginBody.safeParse(parsed);
    if (!body.success) throw new ApiError("invalid_body", 'Send JSON: { "token": "…" }.');
    const decision = decideLogin(body.data.token, token, client, limiter);
    if (decision.kind === "locked-out") return lockedOut(decision.retryAfter);
    if (decision.kind === "wrong-token") throw new ApiError("unauthorized", "The access token is wrong.");
    const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
    return new Response(null, {
      status: 204,
      headers: {
        "Set-Cookie": `${SESSION_COOKIE}=${issueSession(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}${secure}`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

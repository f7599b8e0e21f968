import { z } from "zod";
import { readBodyText } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/respond";
import { FailureLimiter } from "@/lib/security/rate-limit";
import { issueSession, SESSION_COOKIE, SESSION_TTL_MS, tokenMatches } from "@/lib/security/session";
import { settings } from "@/lib/security/settings";
import { processSingleton } from "@/lib/singleton";

export const dynamic = "force-dynamic";

const MAX_LOGIN_BODY = 4096;
const loginBody = z.strictObject({ token: z.string().min(1).max(1024) });

/**
 * `POST /api/login` `{ "token": "…" }`: on the right token, 204 with an HttpOnly, SameSite=Strict session
 * cookie; otherwise 401 `unauthorized` (failures are counted per client, see the proxy).
 */
export async function POST(request: Request) {
  try {
    const token = settings().token;
    if (token === null)
      throw new ApiError("not_found", "No access token is configured: there is nothing to sign in to.");
    const text = await readBodyText(request, MAX_LOGIN_BODY);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError("invalid_body", 'Send JSON: { "token": "…" }.');
    }
    const body = loginBody.safeParse(parsed);
    if (!body.success) throw new ApiError("invalid_body", 'Send JSON: { "token": "…" }.');
    if (!tokenMatches(body.data.token, token)) {
      const peerHeader = process.env.ROAUDIT_PEER_HEADER;
      const client = (peerHeader && request.headers.get(peerHeader)) || "unknown";
      processSingleton("login-failures", () => new FailureLimiter()).fail(client);
      throw new ApiError("unauthorized", "The access token is wrong.");
    }
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

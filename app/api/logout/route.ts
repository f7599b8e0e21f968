import { cookies } from "next/headers";
import { SESSION_COOKIE, sessionRevocations } from "@/lib/security/session";

export const dynamic = "force-dynamic";

/**
 * `POST /api/logout`: revokes the session on the server (the cookie no longer works, even if a copy of it
 * is replayed) and clears the cookie (204).
 */
export async function POST() {
  const session = (await cookies()).get(SESSION_COOKIE)?.value;
  if (session) sessionRevocations().revoke(session);
  return new Response(null, {
    status: 204,
    headers: {
      "Set-Cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
      "Cache-Control": "no-store",
    },
  });
}

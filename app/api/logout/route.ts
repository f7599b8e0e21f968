import { SESSION_COOKIE } from "@/lib/security/session";

export const dynamic = "force-dynamic";

/** `POST /api/logout`: clears the session cookie (204). */
export function POST() {
  return new Response(null, {
    status: 204,
    headers: {
      "Set-Cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
      "Cache-Control": "no-store",
    },
  });
}

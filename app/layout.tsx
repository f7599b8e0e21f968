import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Announcer } from "@/components/announcer";
import { SignOutButton } from "@/components/sign-out-button";
import { SESSION_COOKIE, verifySession } from "@/lib/security/session";
import { settings } from "@/lib/security/settings";
import "./globals.css";

export const metadata: Metadata = {
  title: "roaudit — read-only hardening of your containers",
  description:
    "Audit the read-only hardening of every container on this Docker host, verify it live, export a report.",
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
  // An admin tool: no page of it belongs in a search engine (public/robots.txt says so to crawlers too).
  robots: { index: false, follow: false },
};

/** Whether this request carries a session that a Sign out would end (only when a token is configured). */
async function signedIn(): Promise<boolean> {
  const token = settings().token;
  if (token === null) return false;
  const session = (await cookies()).get(SESSION_COOKIE)?.value;
  return session !== undefined && verifySession(session, token) !== null;
}

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  const showSignOut = await signedIn();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-100 text-slate-900 antialiased">
        <header className="border-b border-slate-800 bg-slate-900 text-white">
          <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 sm:px-6">
            <div className="flex items-center gap-2">
              <svg className="size-6 text-emerald-400" viewBox="0 0 24 24" fill="none" aria-hidden="true">
                <path
                  d="M12 2.75 4.75 5.5v5.75c0 4.6 3.05 8.6 7.25 10 4.2-1.4 7.25-5.4 7.25-10V5.5L12 2.75Z"
                  stroke="currentColor"
                  strokeWidth="1.5"
                  strokeLinejoin="round"
                />
                <rect x="8.75" y="10.75" width="6.5" height="5" rx="1" fill="currentColor" />
                <path d="M10 10.75V9.5a2 2 0 1 1 4 0v1.25" stroke="currentColor" strokeWidth="1.5" />
              </svg>
              <h1 className="font-mono text-lg font-semibold tracking-tight">roaudit</h1>
            </div>
            <p className="min-w-0 flex-1 text-sm text-slate-300">
              Read-only hardening of every container on this Docker host — audited, verified live, exportable.
            </p>
            {showSignOut && <SignOutButton />}
          </div>
        </header>
        <main className="mx-auto max-w-[1600px] px-4 py-6 sm:px-6">
          <Announcer>{children}</Announcer>
        </main>
      </body>
    </html>
  );
}

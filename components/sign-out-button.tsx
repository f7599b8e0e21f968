"use client";

import { useState } from "react";

/** Ends the session (`POST /api/logout` revokes it and clears the cookie) and goes to the sign-in page. */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      aria-disabled={busy || undefined}
      onClick={async () => {
        if (busy) return;
        setBusy(true);
        // Whatever the answer, the sign-in page is where a signed-out user belongs; a session the server could
        // not revoke still expires, and the page there says whether signing in is needed.
        await fetch("/api/logout", { method: "POST" }).catch(() => null);
        window.location.assign("/login");
      }}
      className="rounded-md border border-slate-600 px-2.5 py-1 text-sm font-medium text-white hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400"
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}

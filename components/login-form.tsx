"use client";

import { type FormEvent, useState } from "react";
import type { ApiErrorBody } from "@/lib/api-types";
import { safeNextPath } from "@/lib/security/next-path";

export interface LoginFormProps {
  /** Where to go after signing in: a path on this site. */
  next: string;
}

export function LoginForm({ next }: LoginFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const token = String(new FormData(event.currentTarget).get("token") ?? "");
    try {
      const response = await fetch("/api/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token }),
      });
      if (response.ok) {
        // Judged again against this page's own origin, and followed as an absolute URL of it.
        const origin = window.location.origin;
        window.location.assign(new URL(safeNextPath(next, origin), origin).href);
        return;
      }
      const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
      setError(body?.error.message ?? `Sign-in failed (HTTP ${response.status}).`);
    } catch {
      setError("The server could not be reached.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? "login-error" : undefined}>
      <label className="block text-sm font-medium text-slate-700" htmlFor="token">
        Access token
      </label>
      <input
        id="token"
        name="token"
        type="password"
        autoComplete="current-password"
        required
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-xs focus-visible:outline-2 focus-visible:outline-sky-600"
      />
      {error ? (
        <p id="login-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-60"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

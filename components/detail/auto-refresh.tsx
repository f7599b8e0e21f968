"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { REFRESH_MS } from "../refresh";

/** Renders the server page again every `REFRESH_MS`, so it recovers by itself when the engine comes back. */
export function AutoRefresh() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}

"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { REFRESH_MS } from "../fleet/fleet-columns";

/** Renders the server page again every 5 s, so it recovers by itself when the engine comes back. */
export function AutoRefresh() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}

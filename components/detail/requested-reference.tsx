"use client";

import { usePathname } from "next/navigation";

/** The reference from the address bar (`/containers/{ref}`), as typed: shown through React escaping only. */
export function RequestedReference() {
  const segment = usePathname().split("/").at(-1) ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

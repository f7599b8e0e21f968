"use client";

import { createContext, type ReactNode, useContext } from "react";

/** Why Verify is switched off for the whole server (read-only mode), or `null` when it is available. */
const VerifyPolicyContext = createContext<string | null>(null);

export interface VerifyPolicyProviderProps {
  /** The reason Verify is unavailable, shown on every Verify button; `null` when it is available. */
  disabledReason: string | null;
  children: ReactNode;
}

export function VerifyPolicyProvider({ disabledReason, children }: VerifyPolicyProviderProps) {
  return <VerifyPolicyContext.Provider value={disabledReason}>{children}</VerifyPolicyContext.Provider>;
}

/** The server-wide reason Verify is off, or `null`. */
export function useVerifyDisabledReason(): string | null {
  return useContext(VerifyPolicyContext);
}

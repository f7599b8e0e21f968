"use client";

import { createContext, type ReactNode, useCallback, useContext, useState } from "react";

const AnnounceContext = createContext<(message: string) => void>(() => {});

/**
 * The page's one polite live region: results that arrive later than the action that asked for them (a Verify's
 * verdict, the end of a Verify all) are announced here once, by name, instead of by every cell that changes.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState("");
  // The same words twice in a row (two runs ending alike) are changed by an invisible space, so they are read again.
  const announce = useCallback(
    (next: string) => setMessage((previous) => (previous === next ? `${next}\u00a0` : next)),
    [],
  );
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

/** Announces a message in the page's live region (see {@link Announcer}). */
export function useAnnounce(): (message: string) => void {
  return useContext(AnnounceContext);
}

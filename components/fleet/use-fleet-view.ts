import { useCallback, useEffect, useRef, useState } from "react";
import { type FleetViewState, parseFleetView, toSearchParams } from "./fleet-url";

/** How a change is recorded in the browser's history. */
export type HistoryMode =
  /** A new entry: back returns to the view before (filters, grouping, sort, include stopped). */
  | "push"
  /** The current entry rewritten: for the keystrokes that follow the first of a filter being typed. */
  | "replace";

/**
 * The fleet view's state, kept in the page address (see `fleet-url.ts`): every change is written there, and
 * the browser's back and forward buttons (`popstate`) bring back the view they reach.
 * @param initial the view the server rendered, parsed from the same address.
 */
export function useFleetView(initial: FleetViewState) {
  const [view, setView] = useState(initial);
  const current = useRef(initial);

  useEffect(() => {
    const onPopState = () => {
      current.current = parseFleetView(new URLSearchParams(window.location.search));
      setView(current.current);
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const update = useCallback((change: (previous: FleetViewState) => FleetViewState, mode: HistoryMode) => {
    const next = change(current.current);
    current.current = next;
    const url = new URL(window.location.href);
    url.search = toSearchParams(next).toString();
    // `null` state: Next.js adds its own router state to entries made with the native history API.
    if (url.href !== window.location.href) {
      if (mode === "push") window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    }
    setView(next);
  }, []);

  return { view, update };
}

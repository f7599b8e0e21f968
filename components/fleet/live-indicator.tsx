import type { FleetLiveState } from "./use-fleet-events";

/**
 * "live" while changes arrive over the event stream, "reconnecting" while the page polls instead (the stream
 * dropped, or the server is re-reading the engine). A polite live region, so screen readers hear the switch.
 */
export function LiveIndicator({ state }: { state: FleetLiveState }) {
  const live = state === "live";
  return (
    <span
      data-testid="live-indicator"
      data-state={state}
      role="status"
      aria-live="polite"
      title={
        live
          ? "Changes on the engine show as they happen"
          : "Re-reading every 5 s until the live stream is back"
      }
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${
        live ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-700"
      }`}
    >
      <span
        aria-hidden="true"
        className={`size-1.5 rounded-full ${live ? "bg-emerald-500" : "bg-amber-500"}`}
      />
      {live ? "live" : state === "connecting" ? "connecting" : "reconnecting"}
    </span>
  );
}

import { REFRESH_MS } from "../refresh";

export interface EmptyStateProps {
  filtered: boolean;
  query: string;
  /** A grade or failing-check filter is on. */
  otherFilters: boolean;
  includeStopped: boolean;
  onClearFilter: () => void;
  onIncludeStopped: () => void;
}

const LINK_BUTTON =
  "font-medium text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700 focus-visible:outline-2 focus-visible:outline-sky-600";

/** What the table says when it has no rows: nothing matches, nothing on the host, or nothing running. */
export function EmptyState({
  filtered,
  query,
  otherFilters,
  includeStopped,
  onClearFilter,
  onIncludeStopped,
}: EmptyStateProps) {
  if (filtered) {
    return (
      <div className="space-y-1">
        <p className="font-medium text-slate-900">
          {query.trim() !== "" ? `No containers match “${query.trim()}”` : "No containers match the filters"}
          {query.trim() !== "" && otherFilters ? " and the filters" : ""}
        </p>
        <p className="text-sm text-slate-500">
          {query.trim() !== "" ? "The text filter looks at names and images. " : ""}
          <button type="button" onClick={onClearFilter} className={LINK_BUTTON}>
            {otherFilters ? "Clear the filters" : "Clear the filter"}
          </button>
        </p>
      </div>
    );
  }
  if (includeStopped) {
    return (
      <div className="space-y-1">
        <p className="font-medium text-slate-900">No containers on this Docker host</p>
        <p className="text-sm text-slate-500">
          Start one, and it shows up here within {REFRESH_MS / 1000} seconds.
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-1">
      <p className="font-medium text-slate-900">No running containers</p>
      <p className="text-sm text-slate-500">
        Stopped and created containers are hidden.{" "}
        <button type="button" onClick={onIncludeStopped} className={LINK_BUTTON}>
          Show them too
        </button>
        .
      </p>
    </div>
  );
}

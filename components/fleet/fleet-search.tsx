import { useId } from "react";

export interface FleetSearchProps {
  query: string;
  onQuery: (text: string) => void;
  /** The filter is left or confirmed: the next keystroke starts a new history entry. */
  onQueryEnd?: () => void;
  /** Rows shown after the filters. */
  shown: number;
  /** Every listed container. */
  total: number;
  /** Some filter narrows the list. */
  filtered: boolean;
}

/** The text filter (a `type="search"` input, role searchbox) and how many rows it leaves. */
export function FleetSearch({ query, onQuery, onQueryEnd, shown, total, filtered }: FleetSearchProps) {
  const filterId = useId();
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="relative w-full max-w-sm">
        <label htmlFor={filterId} className="sr-only">
          Filter by name or image
        </label>
        <svg
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-500"
          viewBox="0 0 16 16"
          fill="none"
          aria-hidden="true"
        >
          <circle cx="7" cy="7" r="4.25" stroke="currentColor" strokeWidth="1.5" />
          <path d="m10.5 10.5 3 3" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        <input
          id={filterId}
          type="search"
          value={query}
          onChange={(event) => onQuery(event.target.value)}
          onBlur={onQueryEnd}
          onKeyDown={(event) => {
            if (event.key === "Enter") onQueryEnd?.();
          }}
          placeholder="Filter by name or image…"
          autoComplete="off"
          spellCheck={false}
          className="w-full rounded-md border border-slate-300 bg-white py-1.5 pr-3 pl-8 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-sky-500 focus:outline-2 focus:outline-sky-500/30"
        />
      </div>
      <p className="text-xs text-slate-500">
        <span data-testid="fleet-count" aria-live="polite">
          {filtered ? `Showing ${shown} of ${total}` : `${total} ${total === 1 ? "container" : "containers"}`}
        </span>
        <span aria-hidden="true" className="mx-2 text-slate-300">
          ·
        </span>
        Hover, focus or tap a badge for its reason; expand a row for every check.
      </p>
    </div>
  );
}

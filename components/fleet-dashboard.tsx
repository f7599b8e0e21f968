"use client";

import { useCallback, useId, useMemo, useState } from "react";
import { csvHref } from "./api-client";
import { EngineUnavailable } from "./engine-unavailable";
import { DEFAULT_SORT, REFRESH_MS, type SortDirection, type SortKey } from "./fleet-columns";
import { filterContainers, sortContainers, summarize } from "./fleet-model";
import { FleetTableSkeleton, SummarySkeleton } from "./fleet-skeleton";
import { FleetSummary } from "./fleet-summary";
import { FleetTable } from "./fleet-table";
import { formatTimestamp } from "./format-time";
import { Spinner } from "./spinner";
import { useFleet } from "./use-fleet";
import { useVerify } from "./use-verify";
import { VerifyAll } from "./verify-all";

export interface FleetDashboardProps {
  /** From `?all=true` on the page URL. */
  initialIncludeStopped: boolean;
  /** The engine this server audits, e.g. `unix:///var/run/docker.sock`. */
  engineEndpoint: string;
}

export function FleetDashboard({ initialIncludeStopped, engineEndpoint }: FleetDashboardProps) {
  const [includeStopped, setIncludeStopped] = useState(initialIncludeStopped);
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>(DEFAULT_SORT);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const { data, error, isLoading, isValidating } = useFleet(includeStopped);
  const { states: verifyStates, verify } = useVerify();
  const filterId = useId();

  const containers = data?.containers;
  const summary = useMemo(() => summarize(containers ?? []), [containers]);
  const visible = useMemo(
    () => sortContainers(filterContainers(containers ?? [], query), sort.key, sort.direction),
    [containers, query, sort],
  );

  const onSort = useCallback((key: SortKey) => {
    setSort((previous) =>
      previous.key === key
        ? { key, direction: previous.direction === "ascending" ? "descending" : "ascending" }
        : { key, direction: "ascending" },
    );
  }, []);

  const onToggleRow = useCallback((id: string) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const onVerify = useCallback((id: string) => void verify(id), [verify]);

  const changeIncludeStopped = useCallback((checked: boolean) => {
    setIncludeStopped(checked);
    // Keep the choice in the address bar so a reload or a shared link shows the same list.
    const url = new URL(window.location.href);
    if (checked) url.searchParams.set("all", "true");
    else url.searchParams.delete("all");
    window.history.replaceState(null, "", url);
  }, []);

  const engineDown = error?.code === "docker_unavailable";
  // keepPreviousData shows the other list while the toggled one loads: dim it until it arrives.
  const switching = isLoading && data !== undefined;

  return (
    <section aria-labelledby="fleet-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
        <div>
          <h2 id="fleet-heading" className="text-lg font-semibold text-slate-900">
            Containers
          </h2>
          <p data-testid="last-updated" className="mt-0.5 flex h-5 items-center gap-2 text-sm text-slate-500">
            {data ? (
              <span>
                Last updated{" "}
                <time dateTime={data.generatedAt} className="font-medium text-slate-700 tabular-nums">
                  {formatTimestamp(data.generatedAt)}
                </time>
              </span>
            ) : (
              <span>Waiting for the Docker engine…</span>
            )}
            <span
              data-testid="engine-endpoint"
              className="text-slate-400"
              title="The Docker engine audited here"
            >
              · Engine <code className="font-mono text-slate-600">{engineEndpoint}</code>
            </span>
            <span
              data-testid="refresh-spinner"
              data-active={isValidating}
              title={isValidating ? "Refreshing…" : undefined}
              className={`text-sky-600 transition-opacity ${isValidating ? "opacity-100" : "opacity-0"}`}
            >
              <Spinner className="size-3.5" />
            </span>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
          <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700 select-none">
            <input
              type="checkbox"
              checked={includeStopped}
              onChange={(event) => changeIncludeStopped(event.target.checked)}
              className="size-4 cursor-pointer rounded border-slate-300 accent-slate-800"
            />
            Include stopped and created containers
          </label>
          <a
            // The report is read from the engine: while it cannot be reached there is nothing to download.
            href={engineDown ? undefined : csvHref(includeStopped)}
            download={engineDown ? undefined : true}
            aria-disabled={engineDown || undefined}
            title={
              engineDown
                ? "The report needs the Docker engine, which cannot be reached right now."
                : undefined
            }
            className="inline-flex items-center gap-1.5 rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 aria-disabled:cursor-not-allowed aria-disabled:bg-slate-400"
          >
            <svg className="size-4" viewBox="0 0 16 16" fill="none" aria-hidden="true">
              <path
                d="M8 2.5v7m0 0L5 6.5m3 3 3-3M3 11.5v1a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-1"
                stroke="currentColor"
                strokeWidth="1.5"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
            Download CSV
          </a>
        </div>
      </div>

      {engineDown ? (
        <EngineUnavailable error={error.body} fallbackMessage={error.message} />
      ) : (
        <>
          {error && (
            <div
              role="alert"
              data-testid="fleet-error"
              className="flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
            >
              <span className="font-semibold">Could not load the containers:</span>
              <span className="min-w-0 flex-1 break-words">{error.message}</span>
              <span className="flex shrink-0 items-center gap-1.5 text-red-700/80">
                <Spinner className="size-3.5" />
                Retrying every {REFRESH_MS / 1000} s…
              </span>
            </div>
          )}

          {data && <VerifyAll containers={visible} verify={verify} />}

          {data ? (
            <FleetSummary summary={summary} includeStopped={includeStopped} />
          ) : (
            !error && <SummarySkeleton />
          )}

          {data && (
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div className="relative w-full max-w-sm">
                <label htmlFor={filterId} className="sr-only">
                  Filter by name or image
                </label>
                <svg
                  className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
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
                  onChange={(event) => setQuery(event.target.value)}
                  placeholder="Filter by name or image…"
                  autoComplete="off"
                  spellCheck={false}
                  className="w-full rounded-md border border-slate-300 bg-white py-1.5 pr-3 pl-8 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-sky-500 focus:outline-2 focus:outline-sky-500/30"
                />
              </div>
              <p className="text-xs text-slate-500">
                <span data-testid="fleet-count" aria-live="polite">
                  {query.trim() !== ""
                    ? `Showing ${visible.length} of ${data.containers.length}`
                    : `${data.containers.length} ${data.containers.length === 1 ? "container" : "containers"}`}
                </span>
                <span aria-hidden="true" className="mx-2 text-slate-300">
                  ·
                </span>
                Hover a badge for its reason; expand a row for every check.
              </p>
            </div>
          )}

          {data ? (
            <div className={`transition-opacity ${switching ? "opacity-60" : ""}`} aria-busy={switching}>
              <FleetTable
                containers={visible}
                sort={sort}
                onSort={onSort}
                expanded={expanded}
                onToggle={onToggleRow}
                verifyStates={verifyStates}
                onVerify={onVerify}
                empty={
                  <EmptyState
                    filtered={data.containers.length > 0}
                    query={query}
                    includeStopped={includeStopped}
                    onClearFilter={() => setQuery("")}
                    onIncludeStopped={() => changeIncludeStopped(true)}
                  />
                }
              />
            </div>
          ) : (
            !error && <FleetTableSkeleton />
          )}
        </>
      )}
    </section>
  );
}

interface EmptyStateProps {
  filtered: boolean;
  query: string;
  includeStopped: boolean;
  onClearFilter: () => void;
  onIncludeStopped: () => void;
}

const LINK_BUTTON =
  "font-medium text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700 focus-visible:outline-2 focus-visible:outline-sky-600";

function EmptyState({ filtered, query, includeStopped, onClearFilter, onIncludeStopped }: EmptyStateProps) {
  if (filtered) {
    return (
      <div className="space-y-1">
        <p className="font-medium text-slate-900">No containers match “{query.trim()}”</p>
        <p className="text-sm text-slate-500">
          The filter looks at names and images.{" "}
          <button type="button" onClick={onClearFilter} className={LINK_BUTTON}>
            Clear the filter
          </button>
        </p>
      </div>
    );
  }
  if (includeStopped) {
    return (
      <div className="space-y-1">
        <p className="font-medium text-slate-900">No containers on this Docker host</p>
        <p className="text-sm text-slate-500">Start one, and it shows up here within 5 seconds.</p>
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

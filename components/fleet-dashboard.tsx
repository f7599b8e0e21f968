"use client";

import { useCallback, useId, useMemo, useState } from "react";
import type { CheckId, Grade, PolicyStatus } from "@/lib/api-types";
import { csvHref } from "./api-client";
import { EngineUnavailable } from "./engine-unavailable";
import { REFRESH_MS, type SortKey } from "./fleet-columns";
import { FleetFilters } from "./fleet-filters";
import { applyFilters, failingCounts, groupContainers, sortContainers, summarize } from "./fleet-model";
import { FleetTableSkeleton, SummarySkeleton } from "./fleet-skeleton";
import { FleetSummary } from "./fleet-summary";
import { FleetTable } from "./fleet-table";
import { type FleetGrouping, type FleetViewState, GRADES, hasFilters } from "./fleet-url";
import { formatTimestamp } from "./format-time";
import { LiveIndicator } from "./live-indicator";
import { Spinner } from "./spinner";
import { useFleet } from "./use-fleet";
import { useFleetEvents } from "./use-fleet-events";
import { useFleetView } from "./use-fleet-view";
import { useVerify } from "./use-verify";
import { VerifyAll } from "./verify-all";

export interface FleetDashboardProps {
  /** The view the page address asks for (`parseFleetView` of its query), kept in the address from then on. */
  initialView: FleetViewState;
  /** The engine this server audits, e.g. `unix:///var/run/docker.sock`. */
  engineEndpoint: string;
}

export function FleetDashboard({ initialView, engineEndpoint }: FleetDashboardProps) {
  const { view, update } = useFleetView(initialView);
  const { includeStopped, query, sort } = view;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const liveState = useFleetEvents();
  const { data, error, isLoading, isValidating } = useFleet(includeStopped, liveState === "live");
  const { states: verifyStates, verify } = useVerify();
  const filterId = useId();

  const containers = data?.containers;
  const summary = useMemo(() => summarize(containers ?? []), [containers]);
  const failing = useMemo(() => failingCounts(containers ?? []), [containers]);
  const visible = useMemo(
    () => sortContainers(applyFilters(containers ?? [], view), sort.key, sort.direction),
    [containers, view, sort],
  );
  const groups = useMemo(() => groupContainers(visible, view.grouping), [visible, view.grouping]);
  const filtered = query.trim() !== "" || hasFilters(view);

  const onSort = useCallback(
    (key: SortKey) =>
      update(
        (previous) => ({
          ...previous,
          sort:
            previous.sort.key === key
              ? { key, direction: previous.sort.direction === "ascending" ? "descending" : "ascending" }
              : { key, direction: "ascending" },
        }),
        "push",
      ),
    [update],
  );
  const setQuery = useCallback(
    (text: string) => update((previous) => ({ ...previous, query: text }), "replace"),
    [update],
  );
  const onToggleGrade = useCallback(
    (grade: Grade) =>
      update((previous) => {
        const chosen = new Set(previous.grades);
        if (!chosen.delete(grade)) chosen.add(grade);
        return { ...previous, grades: GRADES.filter((g) => chosen.has(g)) };
      }, "push"),
    [update],
  );
  const onFailing = useCallback(
    (check: CheckId | null) => update((previous) => ({ ...previous, failing: check }), "push"),
    [update],
  );
  const onGrouping = useCallback(
    (grouping: FleetGrouping) => update((previous) => ({ ...previous, grouping }), "push"),
    [update],
  );
  const clearFilters = useCallback(
    () => update((previous) => ({ ...previous, query: "", grades: [], failing: null }), "push"),
    [update],
  );
  const onToggleGroup = useCallback((key: string) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const onToggleRow = useCallback((id: string) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const onVerify = useCallback((id: string) => void verify(id), [verify]);

  // Kept in the address bar with the rest of the view, so a reload or a shared link shows the same list.
  const changeIncludeStopped = useCallback(
    (checked: boolean) => update((previous) => ({ ...previous, includeStopped: checked }), "push"),
    [update],
  );

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
            <LiveIndicator state={liveState} />
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

          {data?.policy.error != null && <PolicyProblem policy={data.policy} />}
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
                  {filtered
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

          {data && (
            <FleetFilters
              grades={view.grades}
              failing={view.failing}
              grouping={view.grouping}
              gradeCounts={summary.grades}
              failingCounts={failing}
              onToggleGrade={onToggleGrade}
              onFailing={onFailing}
              onGrouping={onGrouping}
              onClear={clearFilters}
            />
          )}

          {data ? (
            <div className={`transition-opacity ${switching ? "opacity-60" : ""}`} aria-busy={switching}>
              <FleetTable
                groups={groups}
                sort={sort}
                onSort={onSort}
                expanded={expanded}
                onToggle={onToggleRow}
                collapsed={collapsed}
                onToggleGroup={onToggleGroup}
                verifyStates={verifyStates}
                onVerify={onVerify}
                empty={
                  <EmptyState
                    filtered={data.containers.length > 0}
                    query={query}
                    otherFilters={hasFilters(view)}
                    includeStopped={includeStopped}
                    onClearFilter={clearFilters}
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
  /** A grade or failing-check filter is on. */
  otherFilters: boolean;
  includeStopped: boolean;
  onClearFilter: () => void;
  onIncludeStopped: () => void;
}

const LINK_BUTTON =
  "font-medium text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700 focus-visible:outline-2 focus-visible:outline-sky-600";

function EmptyState({
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

/** The policy file is not used: say why, and that no waiver applies meanwhile (fail closed). */
function PolicyProblem({ policy }: { policy: PolicyStatus }) {
  return (
    <div
      role="alert"
      data-testid="policy-error"
      className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p>
        <span className="font-semibold">The waiver policy file is not used</span>
        {policy.file !== null && (
          <>
            {" "}
            (<code className="font-mono text-xs">{policy.file}</code>)
          </>
        )}
        : no waiver applies, labels included, until it is fixed. It is read again when it changes.
      </p>
      <pre className="mt-1 font-mono text-xs whitespace-pre-wrap wrap-anywhere">{policy.error}</pre>
    </div>
  );
}

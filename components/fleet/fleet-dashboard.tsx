"use client";

import { EngineUnavailable } from "../engine-unavailable";
import { REFRESH_MS } from "../refresh";
import { Spinner } from "../spinner";
import { VerifyAll } from "../verify/verify-all";
import { EmptyState } from "./fleet-empty";
import { FleetFilters } from "./fleet-filters";
import { FleetHeader } from "./fleet-header";
import { FleetSearch } from "./fleet-search";
import { FleetTableSkeleton, SummarySkeleton } from "./fleet-skeleton";
import { FleetSummary } from "./fleet-summary";
import { FleetTable } from "./fleet-table";
import { type FleetViewState, hasFilters } from "./fleet-url";
import { GradeLegend } from "./grade-legend";
import { PolicyProblem } from "./policy-problem";
import { ReportDownloads } from "./report-downloads";
import { useFleetDashboard } from "./use-fleet-dashboard";

export interface FleetDashboardProps {
  /** The view the page address asks for (`parseFleetView` of its query), kept in the address from then on. */
  initialView: FleetViewState;
  /** The engine this server audits, e.g. `unix:///var/run/docker.sock`. */
  engineEndpoint: string;
}

/** The fleet page: header, alerts, Verify all, summary, search, filters and the table (see `useFleetDashboard`). */
export function FleetDashboard({ initialView, engineEndpoint }: FleetDashboardProps) {
  const fleet = useFleetDashboard(initialView);
  const { view, data, error, actions } = fleet;

  return (
    <section aria-labelledby="fleet-heading" className="space-y-4">
      <FleetHeader
        data={data}
        engineEndpoint={engineEndpoint}
        isValidating={fleet.isValidating}
        live={fleet.live}
        includeStopped={view.includeStopped}
        onIncludeStopped={actions.setIncludeStopped}
        downloads={
          <ReportDownloads
            view={view}
            shown={data ? fleet.visible.length : null}
            disabled={fleet.engineDown}
          />
        }
      />

      {error && fleet.engineDown ? (
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
          {data && <VerifyAll containers={fleet.visible} verify={fleet.verify} />}

          {data ? (
            <FleetSummary summary={fleet.summary} includeStopped={view.includeStopped} />
          ) : (
            !error && <SummarySkeleton />
          )}
          {data && <GradeLegend waived={data.policy.waived} />}

          {data && (
            <FleetSearch
              query={view.query}
              onQuery={actions.setQuery}
              onQueryEnd={actions.endQuery}
              shown={fleet.visible.length}
              total={data.containers.length}
              filtered={fleet.filtered}
            />
          )}

          {data && (
            <FleetFilters
              grades={view.grades}
              failing={view.failing}
              grouping={view.grouping}
              gradeCounts={fleet.summary.grades}
              failingCounts={fleet.failing}
              onToggleGrade={actions.toggleGrade}
              onFailing={actions.showFailing}
              onGrouping={actions.groupBy}
              onClear={actions.clearFilters}
            />
          )}

          {data ? (
            <div
              className={`transition-opacity ${fleet.switching ? "opacity-60" : ""}`}
              aria-busy={fleet.switching}
            >
              <FleetTable
                groups={fleet.groups}
                sort={view.sort}
                onSort={actions.sortBy}
                expanded={fleet.expanded}
                onToggle={actions.toggleRow}
                collapsed={fleet.collapsed}
                onToggleGroup={actions.toggleGroup}
                verifyStates={fleet.verifyStates}
                onVerify={actions.verifyOne}
                empty={
                  <EmptyState
                    filtered={data.containers.length > 0}
                    query={view.query}
                    otherFilters={hasFilters(view)}
                    includeStopped={view.includeStopped}
                    onClearFilter={actions.clearFilters}
                    onIncludeStopped={() => actions.setIncludeStopped(true)}
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

import Link from "next/link";
import { memo } from "react";
import type { FleetContainer } from "@/lib/api-types";
import { GradeBadge, StatePill, StatusBadge } from "../badges";
import { ChevronIcon } from "../chevron-icon";
import { Hint } from "../hint";
import { ProbePanel } from "../verify/probe-list";
import type { VerifyState } from "../verify/use-verify";
import { VerifyCell } from "../verify/verify-cell";
import { CheckDetails } from "./check-details";
import {
  columnKey,
  FLEET_COLUMNS,
  type FleetColumn,
  SCORE_BAR_STYLES,
  SCORE_BAR_WIDTHS,
} from "./fleet-columns";
import { latestVerification, measureOutcome } from "./fleet-model";
import { ReadNotice, ReadPill } from "./read-notice";

export interface FleetRowProps {
  container: FleetContainer;
  expanded: boolean;
  onToggle: (id: string) => void;
  verifyState: VerifyState | undefined;
  onVerify: (id: string) => void;
  /** Position in the table's list of rows, for the virtualiser to measure it (`data-index`). */
  index?: number;
  /** The virtualiser's measuring ref, when the table is virtualised. */
  measureRef?: (element: HTMLTableRowElement | null) => void;
}

/** Element ids of one container's row, derived from its id (64 hex digits) so the two rows can refer to each other. */
function rowIds(id: string): { name: string; detail: string } {
  return { name: `fleet-row-${id}-name`, detail: `fleet-row-${id}-detail` };
}

/**
 * One container's row. Memoised: a refresh that leaves a container's answer unchanged keeps its object (see
 * `useFleetDashboard`), so only the rows that changed render again.
 */
export const FleetRow = memo(function FleetRow({
  container,
  expanded,
  onToggle,
  verifyState,
  onVerify,
  index,
  measureRef,
}: FleetRowProps) {
  const ids = rowIds(container.id);
  return (
    <tr
      ref={measureRef}
      data-index={index}
      data-testid="fleet-row"
      data-container-name={container.name}
      data-container-id={container.id}
      data-state={container.state}
      data-read={container.read.status}
      className={`${ROW_CARD} border-t border-slate-200 align-middle hover:bg-slate-50/80 ${expanded ? "bg-slate-50/80" : ""}`}
    >
      {FLEET_COLUMNS.map((column) => (
        <FleetCell
          key={columnKey(column)}
          column={column}
          container={container}
          expanded={expanded}
          onToggle={onToggle}
          verifyState={verifyState}
          onVerify={onVerify}
          ids={ids}
        />
      ))}
    </tr>
  );
});

export interface FleetRowDetailProps {
  container: FleetContainer;
  verifyState: VerifyState | undefined;
  index?: number;
  measureRef?: (element: HTMLTableRowElement | null) => void;
}

/** The expanded row under a container's row: why it could not be read, every check, the last Verify's probes. */
export const FleetRowDetail = memo(function FleetRowDetail({
  container,
  verifyState,
  index,
  measureRef,
}: FleetRowDetailProps) {
  return (
    <tr
      ref={measureRef}
      data-index={index}
      id={rowIds(container.id).detail}
      data-testid="fleet-row-detail"
      className="block bg-slate-50/80 xl:table-row"
    >
      <td
        colSpan={FLEET_COLUMNS.length}
        className="block min-w-0 border-t border-slate-200/70 p-0 xl:table-cell"
      >
        <ReadNotice read={container.read} />
        {container.read.status !== "unreadable" && <CheckDetails container={container} />}
        <ProbePanel
          verification={latestVerification(
            container.verification,
            verifyState?.phase === "done" ? verifyState.verification : null,
          )}
          running={container.state === "running"}
        />
      </td>
    </tr>
  );
});

type FleetCellProps = Omit<FleetRowProps, "index" | "measureRef"> & {
  column: FleetColumn;
  ids: { name: string; detail: string };
};

/**
 * Below the `xl` breakpoint a row is a card: its cells flow and wrap (name first, the live check on a line of
 * its own), so the page never scrolls sideways; from `xl` up it is a table row again.
 */
const ROW_CARD = "flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-3 xl:table-row xl:p-0";
const CELL = "block xl:table-cell xl:px-3 xl:py-2.5";

function FleetCell({ column, container, expanded, onToggle, verifyState, onVerify, ids }: FleetCellProps) {
  switch (column.kind) {
    case "expand":
      return (
        <td className={`${CELL} shrink-0 xl:pr-0`}>
          <button
            type="button"
            onClick={() => onToggle(container.id)}
            aria-expanded={expanded}
            aria-controls={expanded ? ids.detail : undefined}
            aria-label={`All checks of ${container.name}`}
            title={expanded ? "Hide all checks" : "Show all checks"}
            className="-m-1 rounded p-1 text-slate-500 hover:bg-slate-200/70 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            <ChevronIcon open={expanded} className="size-4" />
          </button>
        </td>
      );
    case "name":
      return (
        <th
          scope="row"
          className={`${CELL} min-w-0 flex-1 basis-[calc(100%-3rem)] text-left font-normal xl:basis-auto`}
        >
          <div className="flex flex-wrap items-center gap-1.5">
            <span id={ids.name} className="min-w-0 font-medium break-words text-slate-900">
              <Link
                href={`/containers/${encodeURIComponent(container.name)}`}
                title="Open the container's page: every check, its configuration, remediation and verdict history"
                className="underline decoration-slate-300 underline-offset-2 hover:text-sky-800 hover:decoration-sky-700 focus-visible:outline-2 focus-visible:outline-sky-600"
              >
                {container.name}
              </Link>
            </span>
            {container.state !== "running" && <StatePill state={container.state} />}
            <ReadPill read={container.read} />
          </div>
        </th>
      );
    case "image":
      return (
        <td className={`${CELL} min-w-0 basis-full pl-8 xl:basis-auto`}>
          <span className="sr-only xl:hidden">Image </span>
          <span
            className="font-mono text-xs break-all text-slate-600 xl:line-clamp-2"
            title={container.image}
          >
            {container.image}
          </span>
        </td>
      );
    case "grade":
      if (container.grade === null || container.score === null) return <UnknownCell testId="grade" />;
      return (
        <td className={CELL}>
          <span className="inline-flex items-center gap-1">
            <GradeBadge grade={container.grade} score={container.score} />
            <WaiverMarks container={container} />
          </span>
        </td>
      );
    case "score": {
      if (container.grade === null || container.score === null) return <UnknownCell testId="score" />;
      const step = Math.min(10, Math.max(0, Math.round(container.score / 10)));
      return (
        <td className={CELL}>
          <div className="flex items-center gap-2">
            <span className="text-xs text-slate-600 xl:hidden">Score</span>
            <span data-testid="score" className="w-7 text-right font-medium tabular-nums text-slate-800">
              {container.score}
            </span>
            <span aria-hidden="true" className="h-1.5 w-12 overflow-hidden rounded-full bg-slate-200">
              <span
                className={`block h-full rounded-full ${SCORE_BAR_WIDTHS[step]} ${SCORE_BAR_STYLES[container.grade]}`}
              />
            </span>
          </div>
        </td>
      );
    }
    case "measure": {
      if (container.read.status === "unreadable")
        return <UnknownCell testId={`measure-${column.measure.key}`} />;
      const outcome = measureOutcome(container, column.measure);
      return (
        <td className={CELL}>
          <span className="mr-1.5 text-xs text-slate-600 xl:hidden">
            <Hint hint={column.measure.hint}>{column.measure.label}</Hint>
          </span>
          <StatusBadge
            testId={`measure-${column.measure.key}`}
            status={outcome.status}
            label={outcome.status === "na" ? column.measure.naLabel : undefined}
            title={outcome.reason}
          />
        </td>
      );
    }
    case "verify":
      return (
        <td className={`${CELL} basis-full`}>
          <VerifyCell
            container={container}
            state={verifyState}
            onVerify={onVerify}
            describedBy={ids.name}
            unavailableReason={
              container.read.status === "current"
                ? null
                : "The engine did not answer for this container in the last read: a Verify would wait on it too."
            }
          />
        </td>
      );
  }
}

/** A cell whose value is unknown: the engine never answered for the container. */
function UnknownCell({ testId }: { testId: string }) {
  return (
    <td className={CELL}>
      <Hint hint="Unknown: the engine did not answer for this container" className="px-1">
        <span data-testid={testId} data-status="unknown" className="text-slate-600">
          ?
        </span>
      </Hint>
    </td>
  );
}

/** Beside the grade: that some findings are waived (they do not lower it by default), or that a waiver was ignored. */
function WaiverMarks({ container }: { container: FleetContainer }) {
  const waived = container.checks.filter((check) => check.status === "waived").length;
  const problems = container.waiverProblems.length;
  return (
    <>
      {waived > 0 && (
        <Hint
          testId="waived-mark"
          hint={`${waived} waived ${waived === 1 ? "finding" : "findings"}; expand the row for the reasons`}
          className="px-0.5 text-xs font-semibold text-violet-700"
        >
          <span aria-hidden="true">≈</span>
          <span className="sr-only">{waived} waived</span>
        </Hint>
      )}
      {problems > 0 && (
        <Hint
          testId="waiver-problem-mark"
          hint={`${problems} ${problems === 1 ? "waiver was" : "waivers were"} ignored:\n${container.waiverProblems.join("\n")}`}
          className="px-0.5 text-xs font-semibold text-amber-800"
        >
          <span aria-hidden="true">!</span>
          <span className="sr-only">
            {problems} ignored {problems === 1 ? "waiver" : "waivers"}
          </span>
        </Hint>
      )}
    </>
  );
}

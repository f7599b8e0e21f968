import type { ReactNode } from "react";
import type { ContainerView } from "@/lib/api-types";
import {
  columnKey,
  FLEET_COLUMNS,
  type FleetColumn,
  type SortDirection,
  type SortKey,
} from "./fleet-columns";
import { FleetRow } from "./fleet-row";
import type { VerifyState } from "./use-verify";

export interface FleetTableProps {
  containers: readonly ContainerView[];
  sort: { key: SortKey; direction: SortDirection };
  onSort: (key: SortKey) => void;
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  verifyStates: Readonly<Record<string, VerifyState>>;
  onVerify: (id: string) => void;
  /** Shown in place of rows when `containers` is empty. */
  empty: ReactNode;
}

export function FleetTable({
  containers,
  sort,
  onSort,
  expanded,
  onToggle,
  verifyStates,
  onVerify,
  empty,
}: FleetTableProps) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full min-w-[68rem] table-fixed border-collapse text-sm" data-testid="fleet-table">
        <caption className="sr-only">
          Containers with their grade, score, the five read-only hardening measures and the live check
        </caption>
        <thead className="bg-slate-50">
          <tr>
            {FLEET_COLUMNS.map((column) => (
              <HeaderCell key={columnKey(column)} column={column} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {containers.length === 0 ? (
            <tr>
              <td colSpan={FLEET_COLUMNS.length} className="px-6 py-12 text-center" data-testid="fleet-empty">
                {empty}
              </td>
            </tr>
          ) : (
            containers.map((container) => (
              <FleetRow
                key={container.id}
                container={container}
                expanded={expanded.has(container.id)}
                onToggle={onToggle}
                verifyState={verifyStates[container.id]}
                onVerify={onVerify}
              />
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

const HEADER = "px-3 py-2 text-left align-bottom text-xs leading-tight font-semibold text-slate-600";

interface HeaderCellProps {
  column: FleetColumn;
  sort: FleetTableProps["sort"];
  onSort: (key: SortKey) => void;
}

function HeaderCell({ column, sort, onSort }: HeaderCellProps) {
  if (column.kind === "expand") {
    return (
      <th scope="col" className={`${HEADER} ${column.className}`}>
        <span className="sr-only">{column.header}</span>
      </th>
    );
  }
  if (column.kind === "name" || column.kind === "score") {
    const active = sort.key === column.sortKey;
    return (
      <th
        scope="col"
        aria-sort={active ? sort.direction : undefined}
        className={`${HEADER} ${column.className}`}
      >
        <button
          type="button"
          onClick={() => onSort(column.sortKey)}
          className={`-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-200/70 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600 ${active ? "text-slate-900" : ""}`}
        >
          {column.header}
          <SortIcon direction={active ? sort.direction : null} />
        </button>
      </th>
    );
  }
  if (column.kind === "measure") {
    return (
      <th scope="col" className={`${HEADER} ${column.className}`} title={column.measure.hint}>
        {column.header}
      </th>
    );
  }
  return (
    <th scope="col" className={`${HEADER} ${column.className}`}>
      {column.header}
    </th>
  );
}

function SortIcon({ direction }: { direction: SortDirection | null }) {
  return (
    <svg className="size-3" viewBox="0 0 12 12" fill="none" aria-hidden="true">
      <path
        d="M3.5 5 6 2.5 8.5 5"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        className={direction === "ascending" ? "opacity-100" : "opacity-30"}
      />
      <path
        d="M3.5 7 6 9.5 8.5 7"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        className={direction === "descending" ? "opacity-100" : "opacity-30"}
      />
    </svg>
  );
}

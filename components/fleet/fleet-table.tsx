import type { ReactNode } from "react";
import type { FleetContainer, Grade } from "@/lib/api-types";
import { ChevronIcon } from "../chevron-icon";
import type { VerifyState } from "../verify/use-verify";
import {
  columnKey,
  FLEET_COLUMNS,
  type FleetColumn,
  GRADE_STYLES,
  type SortDirection,
  type SortKey,
} from "./fleet-columns";
import type { ContainerGroup } from "./fleet-model";
import { FleetRow } from "./fleet-row";
import { GRADES } from "./fleet-url";

export interface FleetTableProps {
  /** The rows to show, in groups (see `groupContainers`); a single `all` group is shown without a header. */
  groups: readonly ContainerGroup[];
  sort: { key: SortKey; direction: SortDirection };
  onSort: (key: SortKey) => void;
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Keys of the groups whose rows are hidden. */
  collapsed: ReadonlySet<string>;
  onToggleGroup: (key: string) => void;
  verifyStates: Readonly<Record<string, VerifyState>>;
  onVerify: (id: string) => void;
  /** Shown in place of rows when there are none. */
  empty: ReactNode;
}

export function FleetTable({
  groups,
  sort,
  onSort,
  expanded,
  onToggle,
  collapsed,
  onToggleGroup,
  verifyStates,
  onVerify,
  empty,
}: FleetTableProps) {
  const rows = (containers: readonly FleetContainer[]) =>
    containers.map((container) => (
      <FleetRow
        key={container.id}
        container={container}
        expanded={expanded.has(container.id)}
        onToggle={onToggle}
        verifyState={verifyStates[container.id]}
        onVerify={onVerify}
      />
    ));
  const headed = !(groups.length === 1 && groups[0]?.key === "all");
  const none = groups.every((group) => group.containers.length === 0);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full min-w-[68rem] table-fixed border-collapse text-sm" data-testid="fleet-table">
        <caption className="sr-only">
          Containers with their grade, score, the five read-only hardening measures and the live check
          {headed ? ", grouped by Compose project and service" : ""}
        </caption>
        <thead className="bg-slate-50">
          <tr>
            {FLEET_COLUMNS.map((column) => (
              <HeaderCell key={columnKey(column)} column={column} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        {none ? (
          <tbody>
            <tr>
              <td colSpan={FLEET_COLUMNS.length} className="px-6 py-12 text-center" data-testid="fleet-empty">
                {empty}
              </td>
            </tr>
          </tbody>
        ) : headed ? (
          groups.map((group) => {
            const open = !collapsed.has(group.key);
            return (
              <tbody key={group.key} data-testid="fleet-group" data-group={group.key} data-collapsed={!open}>
                <GroupHeader group={group} open={open} onToggle={onToggleGroup} />
                {open &&
                  group.services.map((service) => (
                    <ServiceRows
                      key={service.service ?? ""}
                      project={group.project}
                      service={service.service}
                    >
                      {rows(service.containers)}
                    </ServiceRows>
                  ))}
              </tbody>
            );
          })
        ) : (
          <tbody>{rows(groups[0]?.containers ?? [])}</tbody>
        )}
      </table>
    </div>
  );
}

interface GroupHeaderProps {
  group: ContainerGroup;
  open: boolean;
  onToggle: (key: string) => void;
}

/** A group's header row: the button that folds it, its name, how many containers and their grades. */
function GroupHeader({ group, open, onToggle }: GroupHeaderProps) {
  const grades = new Map<Grade, number>();
  for (const c of group.containers) if (c.grade !== null) grades.set(c.grade, (grades.get(c.grade) ?? 0) + 1);
  const count = group.containers.length;
  return (
    <tr className="border-t border-slate-300 bg-slate-100/80">
      <th scope="rowgroup" colSpan={FLEET_COLUMNS.length} className="px-3 py-1.5 text-left font-normal">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <button
            type="button"
            data-testid="group-toggle"
            aria-expanded={open}
            onClick={() => onToggle(group.key)}
            className="-mx-1 inline-flex min-w-0 items-center gap-1.5 rounded px-1 py-0.5 text-sm font-semibold text-slate-800 hover:bg-slate-200/70 focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            <ChevronIcon open={open} className="size-4 shrink-0 text-slate-500" />
            {group.project === null ? (
              <span>Not in a Compose project</span>
            ) : (
              <span className="min-w-0 wrap-anywhere">
                <span className="font-normal text-slate-500">Compose project </span>
                <span data-testid="group-name">{group.project}</span>
              </span>
            )}
          </button>
          <span data-testid="group-count" className="text-xs text-slate-500">
            {count} {count === 1 ? "container" : "containers"}
            {group.project !== null &&
              ` · ${group.services.length} ${group.services.length === 1 ? "service" : "services"}`}
          </span>
          <span className="flex items-center gap-1" title="Grades in this group">
            {GRADES.filter((g) => grades.has(g)).map((g) => (
              <span key={g} className="inline-flex items-center gap-0.5 text-xs text-slate-600">
                <span
                  className={`inline-flex size-5 items-center justify-center rounded text-[11px] font-bold ${GRADE_STYLES[g]}`}
                >
                  {g}
                </span>
                <span className="tabular-nums">×{grades.get(g)}</span>
              </span>
            ))}
          </span>
        </div>
      </th>
    </tr>
  );
}

interface ServiceRowsProps {
  project: string | null;
  service: string | null;
  children: ReactNode;
}

/** A service's rows, under a line naming it (only inside a Compose project). */
function ServiceRows({ project, service, children }: ServiceRowsProps) {
  return (
    <>
      {project !== null && (
        <tr data-testid="fleet-service" className="border-t border-slate-200 bg-slate-50/60">
          <td colSpan={FLEET_COLUMNS.length} className="py-1 pr-3 pl-10 text-xs text-slate-500">
            {service === null ? (
              "No service label"
            ) : (
              <>
                Service <span className="font-mono text-slate-700 wrap-anywhere">{service}</span>
              </>
            )}
          </td>
        </tr>
      )}
      {children}
    </>
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

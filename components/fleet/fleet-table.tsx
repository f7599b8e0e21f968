import { type ReactNode, useMemo } from "react";
import type { Grade } from "@/lib/api-types";
import { ChevronIcon } from "../chevron-icon";
import { Hint } from "../hint";
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
import { FleetRow, FleetRowDetail } from "./fleet-row";
import { GRADES } from "./fleet-url";
import { GradeLegendLink } from "./grade-legend";
import { type TableItem, type TableSection, tableSections } from "./table-sections";
import { useTableVirtualizer } from "./use-table-virtualizer";

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
  const headed = !(groups.length === 1 && groups[0]?.key === "all");
  const none = groups.every((group) => group.containers.length === 0);
  const sections = useMemo(
    () => tableSections(groups, headed, collapsed, expanded),
    [groups, headed, collapsed, expanded],
  );
  const { tableRef, virtualizer, virtual } = useTableVirtualizer(sections);

  const renderItem = (item: TableItem, index: number | undefined) => {
    const measureRef = virtual ? virtualizer.measureElement : undefined;
    switch (item.kind) {
      case "group":
        return (
          <GroupHeader
            key={item.key}
            group={item.group}
            open={item.open}
            onToggle={onToggleGroup}
            index={index}
            measureRef={measureRef}
          />
        );
      case "service":
        return <ServiceHeader key={item.key} service={item.service} index={index} measureRef={measureRef} />;
      case "row":
        return (
          <FleetRow
            key={item.key}
            container={item.container}
            expanded={expanded.has(item.container.id)}
            onToggle={onToggle}
            verifyState={verifyStates[item.container.id]}
            onVerify={onVerify}
            index={index}
            measureRef={measureRef}
          />
        );
      case "detail":
        return (
          <FleetRowDetail
            key={item.key}
            container={item.container}
            verifyState={verifyStates[item.container.id]}
            index={index}
            measureRef={measureRef}
          />
        );
    }
  };

  // Virtualised, each section's tbody holds only the rows near the viewport, between two spacer rows that keep
  // the table's height (and the scroll bar) true; the rows stay `<tr>`s of their `<tbody>`, in reading order.
  const renderSection = (section: TableSection) => {
    if (!virtual) return section.items.map((item) => renderItem(item, undefined));
    const cache = virtualizer.measurementsCache;
    const first = cache[section.from];
    const last = cache[section.from + section.items.length - 1];
    if (!first || !last) return null;
    const shown = virtualizer
      .getVirtualItems()
      .filter((v) => v.index >= section.from && v.index < section.from + section.items.length);
    const top = shown[0] ? shown[0].start - first.start : last.end - first.start;
    const bottom = shown.at(-1) ? last.end - (shown.at(-1)?.end ?? last.end) : 0;
    return (
      <>
        {top > 0 && <SpacerRow height={top} />}
        {shown.map((v) => {
          const item = section.items[v.index - section.from];
          return item ? renderItem(item, v.index) : null;
        })}
        {bottom > 0 && <SpacerRow height={bottom} />}
      </>
    );
  };

  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table
        ref={tableRef}
        className="block w-full table-fixed border-collapse text-sm xl:table xl:min-w-[68rem]"
        data-testid="fleet-table"
        data-virtual={virtual}
      >
        <caption className="sr-only">
          Containers with their grade, score, the five read-only hardening measures and the live check
          {headed ? ", grouped by Compose project and service" : ""}
        </caption>
        <thead className="block bg-slate-50 xl:table-header-group">
          <tr className="flex flex-wrap items-center gap-x-4 px-3 py-1 xl:table-row xl:p-0">
            {FLEET_COLUMNS.map((column) => (
              <HeaderCell key={columnKey(column)} column={column} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        {none ? (
          <tbody className={BODY}>
            <tr className="block xl:table-row">
              <td
                colSpan={FLEET_COLUMNS.length}
                className="block px-6 py-12 text-center xl:table-cell"
                data-testid="fleet-empty"
              >
                {empty}
              </td>
            </tr>
          </tbody>
        ) : headed ? (
          sections.map((section) => (
            <tbody
              key={section.key}
              data-testid="fleet-group"
              data-group={section.key}
              data-collapsed={section.collapsed}
              className={BODY}
            >
              {renderSection(section)}
            </tbody>
          ))
        ) : (
          <tbody className={BODY}>{sections[0] ? renderSection(sections[0]) : null}</tbody>
        )}
      </table>
    </div>
  );
}

/** Below `xl` the table is a list of cards (see `FleetRow`): its parts are blocks, its header only the sort buttons. */
const BODY = "block xl:table-row-group";

/** A row of empty space standing for the rows not drawn (virtualised), so the table keeps its height. */
function SpacerRow({ height }: { height: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row holds nothing to focus or to read out
    <tr aria-hidden="true" data-testid="fleet-spacer" className="block xl:table-row">
      <td
        colSpan={FLEET_COLUMNS.length}
        className="block xl:table-cell"
        style={{ height, padding: 0, border: 0 }}
      />
    </tr>
  );
}

interface GroupHeaderProps {
  group: ContainerGroup;
  open: boolean;
  onToggle: (key: string) => void;
  index: number | undefined;
  measureRef: ((element: HTMLTableRowElement | null) => void) | undefined;
}

/** A group's header row: the button that folds it, its name, how many containers and their grades. */
function GroupHeader({ group, open, onToggle, index, measureRef }: GroupHeaderProps) {
  const grades = new Map<Grade, number>();
  for (const c of group.containers) if (c.grade !== null) grades.set(c.grade, (grades.get(c.grade) ?? 0) + 1);
  const count = group.containers.length;
  return (
    <tr
      ref={measureRef}
      data-index={index}
      className="block border-t border-slate-300 bg-slate-100/80 xl:table-row"
    >
      <th
        scope="rowgroup"
        colSpan={FLEET_COLUMNS.length}
        className="block px-3 py-1.5 text-left font-normal xl:table-cell"
      >
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

interface ServiceHeaderProps {
  service: string | null;
  index: number | undefined;
  measureRef: ((element: HTMLTableRowElement | null) => void) | undefined;
}

/** The line naming a service, above its rows (only inside a Compose project). */
function ServiceHeader({ service, index, measureRef }: ServiceHeaderProps) {
  return (
    <tr
      ref={measureRef}
      data-index={index}
      data-testid="fleet-service"
      className="block border-t border-slate-200 bg-slate-50/60 xl:table-row"
    >
      <td
        colSpan={FLEET_COLUMNS.length}
        className="block py-1 pr-3 pl-10 text-xs text-slate-600 xl:table-cell"
      >
        {service === null ? (
          "No service label"
        ) : (
          <>
            Service <span className="font-mono text-slate-700 wrap-anywhere">{service}</span>
          </>
        )}
      </td>
    </tr>
  );
}

const HEADER = "px-3 py-2 text-left align-bottom text-xs leading-tight font-semibold text-slate-700";
/** Columns other than the two sort keys: their headers only make sense above table cells (`xl` up). */
const TABLE_ONLY = "hidden xl:table-cell";

interface HeaderCellProps {
  column: FleetColumn;
  sort: FleetTableProps["sort"];
  onSort: (key: SortKey) => void;
}

function HeaderCell({ column, sort, onSort }: HeaderCellProps) {
  if (column.kind === "expand") {
    return (
      <th scope="col" className={`${HEADER} ${TABLE_ONLY} ${column.className}`}>
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
        className={`${HEADER} block px-0 xl:table-cell xl:px-3 ${column.className}`}
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
      <th scope="col" className={`${HEADER} ${TABLE_ONLY} ${column.className}`}>
        <Hint hint={column.measure.hint} align={column.measure.key === "capabilities" ? "end" : "start"}>
          {column.header}
        </Hint>
      </th>
    );
  }
  return (
    <th scope="col" className={`${HEADER} ${TABLE_ONLY} ${column.className}`}>
      {column.header}
      {column.kind === "grade" && <GradeLegendLink className="ml-1" />}
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

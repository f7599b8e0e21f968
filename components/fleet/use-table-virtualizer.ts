import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState } from "react";
import type { FleetContainer } from "@/lib/api-types";
import type { ContainerGroup } from "./fleet-model";

/** One `<tr>` of the table body. */
export type TableItem =
  | { kind: "group"; key: string; group: ContainerGroup; open: boolean }
  | { kind: "service"; key: string; service: string | null }
  | { kind: "row"; key: string; container: FleetContainer }
  | { kind: "detail"; key: string; container: FleetContainer };

/** One `<tbody>`: a Compose group (or the whole list), its rows, and where they start in the flat list. */
export interface TableSection {
  key: string;
  collapsed: boolean;
  /** Index of its first item among all sections' items. */
  from: number;
  items: TableItem[];
}

/**
 * The table body's rows, one section per `<tbody>`: with `headed`, one per group (its header row, then per
 * service a line naming it inside a Compose project, then its containers), else one section of containers.
 * An expanded container is followed by its detail row.
 */
export function tableSections(
  groups: readonly ContainerGroup[],
  headed: boolean,
  collapsed: ReadonlySet<string>,
  expanded: ReadonlySet<string>,
): TableSection[] {
  const sections: TableSection[] = [];
  let from = 0;
  const rows = (containers: readonly FleetContainer[]): TableItem[] =>
    containers.flatMap((container): TableItem[] =>
      expanded.has(container.id)
        ? [
            { kind: "row", key: container.id, container },
            { kind: "detail", key: `${container.id}:detail`, container },
          ]
        : [{ kind: "row", key: container.id, container }],
    );
  for (const group of headed ? groups : groups.slice(0, 1)) {
    const open = !collapsed.has(group.key);
    const items: TableItem[] = [];
    if (headed) items.push({ kind: "group", key: `group:${group.key}`, group, open });
    if (open) {
      for (const service of group.services) {
        if (headed && group.project !== null) {
          items.push({
            kind: "service",
            key: `service:${group.key}:${service.service ?? ""}`,
            service: service.service,
          });
        }
        items.push(...rows(service.containers));
      }
    }
    sections.push({ key: group.key, collapsed: !open, from, items });
    from += items.length;
  }
  return sections;
}

/**
 * Past this many rows the table body is virtualised: only the rows near the viewport are drawn. Below it every
 * row is drawn, as a short list costs nothing and stays findable with the browser's own search.
 */
export const VIRTUALIZE_FROM = 150;

/** A first guess of each row's height in px, until it is measured. */
const ESTIMATES: Record<TableItem["kind"], number> = { group: 37, service: 25, row: 46, detail: 480 };

/**
 * Virtualises the table's rows against the window's scroll (the page scrolls, not the table). `tableRef` goes
 * on the `<table>`: its offset from the top of the page is the virtualiser's scroll margin.
 */
export function useTableVirtualizer(sections: readonly TableSection[]) {
  const items = sections.flatMap((section) => section.items);
  const virtual = items.length > VIRTUALIZE_FROM;
  const tableRef = useRef<HTMLTableElement | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // What sits above the table (summary, filters, panels) changes height; read its offset after each render.
  useLayoutEffect(() => {
    const table = tableRef.current;
    if (!table) return;
    const offset = Math.round(table.getBoundingClientRect().top + window.scrollY);
    if (offset !== scrollMargin) setScrollMargin(offset);
  });
  const virtualizer = useWindowVirtualizer<HTMLTableRowElement>({
    count: items.length,
    estimateSize: (index) => ESTIMATES[items[index]?.kind ?? "row"],
    getItemKey: (index) => items[index]?.key ?? index,
    overscan: 12,
    scrollMargin,
    enabled: virtual,
  });
  return { tableRef, virtualizer, virtual };
}

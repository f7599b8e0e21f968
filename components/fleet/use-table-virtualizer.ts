import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState } from "react";
import type { TableItem, TableSection } from "./table-sections";

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

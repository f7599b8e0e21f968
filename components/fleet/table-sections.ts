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

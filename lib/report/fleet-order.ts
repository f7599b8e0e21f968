/**
 * Which containers a fleet view shows, and in which order: the one filter and sort of the fleet page and of
 * `GET /api/report.csv`, so a download holds exactly the rows the page shows. Pure.
 */
import type { FleetContainer } from "@/lib/api-types";
import type { CheckId, CheckResult } from "@/lib/audit/types";
import type { FleetGrouping, FleetViewState, SortDirection, SortKey } from "./fleet-view";

/** The container's result of one check, or `undefined` when it has none (an unreadable row). */
export function findCheck(container: Pick<FleetContainer, "checks">, id: CheckId): CheckResult | undefined {
  return container.checks.find((check) => check.id === id);
}

/** Case-insensitive substring match on name or image; a blank query keeps everything. */
export function filterContainers(containers: readonly FleetContainer[], query: string): FleetContainer[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [...containers];
  return containers.filter(
    (c) => c.name.toLowerCase().includes(needle) || c.image.toLowerCase().includes(needle),
  );
}

/**
 * The containers the view's filters keep: the text filter (see {@link filterContainers}), then only the chosen
 * grades (none chosen: all), then only those whose chosen check has status `fail` (a waived one is accepted,
 * so it does not count as failing).
 */
export function applyFilters(
  containers: readonly FleetContainer[],
  view: Pick<FleetViewState, "query" | "grades" | "failing">,
): FleetContainer[] {
  const grades = new Set(view.grades);
  return filterContainers(containers, view.query).filter(
    (c) =>
      (grades.size === 0 || (c.grade !== null && grades.has(c.grade))) &&
      (view.failing === null || findCheck(c, view.failing)?.status === "fail"),
  );
}

/** Rows of one Compose service inside a group. */
export interface ServiceGroup {
  /** `com.docker.compose.service`, or `null` for containers of the project without one. */
  service: string | null;
  containers: FleetContainer[];
}

/** One group of the table. */
export interface ContainerGroup {
  /** Stable key: `compose:<project>`, `no-compose`, or `all` when not grouped. */
  key: string;
  /** The Compose project, or `null` for the containers without Compose labels (and for `all`). */
  project: string | null;
  /** Its services in name order; a single entry with `service: null` when there is nothing to split. */
  services: ServiceGroup[];
  /** Every container of the group in display order (services one after another). */
  containers: FleetContainer[];
}

const byText = (a: string, b: string): number =>
  a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The table's groups. `none`: one group `all` in the given order. `compose`: one group per Compose project
 * (by name), then one `no-compose` group for containers without Compose labels; inside a project, its services
 * by name (containers without a service label last), each keeping the given order.
 */
export function groupContainers(
  containers: readonly FleetContainer[],
  grouping: FleetGrouping,
): ContainerGroup[] {
  if (grouping === "none") {
    return [
      {
        key: "all",
        project: null,
        services: [{ service: null, containers: [...containers] }],
        containers: [...containers],
      },
    ];
  }
  const projects = new Map<string, Map<string | null, FleetContainer[]>>();
  const loose: FleetContainer[] = [];
  for (const c of containers) {
    if (!c.compose) {
      loose.push(c);
      continue;
    }
    const services = projects.get(c.compose.project) ?? new Map<string | null, FleetContainer[]>();
    projects.set(c.compose.project, services);
    const list = services.get(c.compose.service) ?? [];
    services.set(c.compose.service, list);
    list.push(c);
  }
  const groups: ContainerGroup[] = [...projects.keys()].sort(byText).map((project) => {
    const byService = projects.get(project) ?? new Map<string | null, FleetContainer[]>();
    const services = [...byService.keys()]
      .sort((a, b) => (a === null ? 1 : b === null ? -1 : byText(a, b)))
      .map((service) => ({ service, containers: byService.get(service) ?? [] }));
    return {
      key: `compose:${project}`,
      project,
      services,
      containers: services.flatMap((s) => s.containers),
    };
  });
  if (loose.length > 0) {
    groups.push({
      key: "no-compose",
      project: null,
      services: [{ service: null, containers: loose }],
      containers: loose,
    });
  }
  return groups;
}

const byName = (a: FleetContainer, b: FleetContainer): number =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: "base" }) || a.id.localeCompare(b.id);

/** Stable order across refreshes: ties on score fall back to name, then id; an unknown score sorts last. */
export function sortContainers(
  containers: readonly FleetContainer[],
  key: SortKey,
  direction: SortDirection,
): FleetContainer[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...containers].sort((a, b) => {
    if (key === "score") {
      if (a.score === null || b.score === null)
        return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0) || byName(a, b);
      return sign * (a.score - b.score) || byName(a, b);
    }
    return sign * byName(a, b);
  });
}

/**
 * The rows a view shows, in its order: filtered ({@link applyFilters}) and sorted ({@link sortContainers});
 * the page groups these (see {@link groupContainers}).
 */
export function viewContainers(
  containers: readonly FleetContainer[],
  view: Pick<FleetViewState, "query" | "grades" | "failing" | "sort">,
): FleetContainer[] {
  return sortContainers(applyFilters(containers, view), view.sort.key, view.sort.direction);
}

/** The rows a view shows in the order the page lists them, groups one after another (the CSV's order). */
export function viewRows(
  containers: readonly FleetContainer[],
  view: Pick<FleetViewState, "query" | "grades" | "failing" | "sort" | "grouping">,
): FleetContainer[] {
  return groupContainers(viewContainers(containers, view), view.grouping).flatMap((g) => g.containers);
}

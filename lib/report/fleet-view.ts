/**
 * The fleet view's state as it is kept in the page's address (and as `GET /api/report.csv` takes it), so a link shows the same view and the
 * browser's back and forward buttons step through changes. Read on the server (first render) and in the
 * browser (back/forward). Values are untrusted: anything unknown is ignored, never an error.
 *
 * `?q=<text>&sort=name|score&dir=asc|desc&all=true&grade=D,F&failing=<check-id>&group=compose`
 */
import type { CheckId, Grade } from "@/lib/audit/types";
import { isCheckId } from "@/lib/audit/waivers";

/** What the table can be sorted by. */
export type SortKey = "name" | "score";
export type SortDirection = "ascending" | "descending";

/** Worst score first: a security tool's first question is what needs fixing. */
export const DEFAULT_SORT: { key: SortKey; direction: SortDirection } = {
  key: "score",
  direction: "ascending",
};

/** Grades in display order. */
export const GRADES: readonly Grade[] = ["A", "B", "C", "D", "F"];

/** How the table is grouped: not at all, or by Compose project (and service within it). */
export type FleetGrouping = "none" | "compose";

/** What the dashboard shows; every field has a default that the address leaves out. */
export interface FleetViewState {
  /** Text filter on name or image (`q`); `""` for none. */
  query: string;
  sort: { key: SortKey; direction: SortDirection };
  /** `all=true`: created and stopped containers too. */
  includeStopped: boolean;
  /** Only these grades (`grade=D,F`), in {@link GRADES} order; empty for all. */
  grades: Grade[];
  /** Only containers that fail this check (`failing=non-root-user`); `null` for all. */
  failing: CheckId | null;
  grouping: FleetGrouping;
}

export const DEFAULT_VIEW: FleetViewState = {
  query: "",
  sort: DEFAULT_SORT,
  includeStopped: false,
  grades: [],
  failing: null,
  grouping: "none",
};

/** Longest text filter kept from an address, in characters. */
export const MAX_QUERY_LENGTH = 200;

/** The parameters as `URLSearchParams` or as Next.js page `searchParams` (a repeated key is an array). */
export type SearchInput = URLSearchParams | Readonly<Record<string, string | string[] | undefined>>;

function first(input: SearchInput, key: string): string | undefined {
  if (input instanceof URLSearchParams) return input.get(key) ?? undefined;
  const value = input[key];
  return Array.isArray(value) ? value[0] : value;
}

function all(input: SearchInput, key: string): string[] {
  if (input instanceof URLSearchParams) return input.getAll(key);
  const value = input[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The view an address asks for. Unknown keys and values are ignored (an unknown grade is dropped, an unknown
 * check id leaves the check filter off); `grade` takes a comma list and may repeat.
 */
export function parseFleetView(input: SearchInput): FleetViewState {
  const sortKey = first(input, "sort");
  const dir = first(input, "dir");
  const key: SortKey = sortKey === "name" || sortKey === "score" ? sortKey : DEFAULT_SORT.key;
  const direction: SortDirection =
    dir === "asc"
      ? "ascending"
      : dir === "desc"
        ? "descending"
        : key === DEFAULT_SORT.key
          ? DEFAULT_SORT.direction
          : "ascending";
  const wanted = new Set(all(input, "grade").flatMap((v) => v.split(",").map((g) => g.trim().toUpperCase())));
  const failing = first(input, "failing") ?? "";
  return {
    query: (first(input, "q") ?? "").slice(0, MAX_QUERY_LENGTH),
    sort: { key, direction },
    includeStopped: first(input, "all") === "true",
    grades: GRADES.filter((g) => wanted.has(g)),
    failing: isCheckId(failing) ? failing : null,
    grouping: first(input, "group") === "compose" ? "compose" : "none",
  };
}

/**
 * The address parameters of a view, defaults left out, in a fixed order so equal views give equal addresses.
 * `parseFleetView(toSearchParams(v))` is `v` (for a query of at most {@link MAX_QUERY_LENGTH} characters).
 */
export function toSearchParams(view: FleetViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (view.query !== "") params.set("q", view.query);
  const defaultDirection = view.sort.key === DEFAULT_SORT.key ? DEFAULT_SORT.direction : "ascending";
  if (view.sort.key !== DEFAULT_SORT.key) params.set("sort", view.sort.key);
  if (view.sort.direction !== defaultDirection)
    params.set("dir", view.sort.direction === "ascending" ? "asc" : "desc");
  if (view.includeStopped) params.set("all", "true");
  if (view.grades.length > 0) params.set("grade", view.grades.join(","));
  if (view.failing !== null) params.set("failing", view.failing);
  if (view.grouping !== "none") params.set("group", view.grouping);
  return params;
}

/** `true` when the view filters containers by more than the text filter. */
export function hasFilters(view: FleetViewState): boolean {
  return view.grades.length > 0 || view.failing !== null;
}

import { CHECKS } from "@/lib/audit/checks";
import type { ReportShape } from "@/lib/report/csv";
import { type FleetViewState, toSearchParams } from "./fleet-url";

/** The address of the report of a view: the page's own parameters (`toSearchParams`), plus the shape. */
export function reportHref(view: FleetViewState, shape: ReportShape): string {
  const params = toSearchParams(view);
  if (shape === "findings") params.set("shape", "findings");
  const query = params.toString();
  return query === "" ? "/api/report.csv" : `/api/report.csv?${query}`;
}

/**
 * What a download of the view holds, in words: `"8 containers, filtered: grade F"`,
 * `"1 container, filtered: “web”, grades D, F, failing non-root-user; stopped and created included"`.
 */
export function reportScope(view: FleetViewState, shown: number): string {
  const filters: string[] = [];
  const query = view.query.trim();
  if (query !== "") filters.push(`“${query}”`);
  if (view.grades.length > 0)
    filters.push(`${view.grades.length === 1 ? "grade" : "grades"} ${view.grades.join(", ")}`);
  if (view.failing !== null) filters.push(`failing ${CHECKS[view.failing]?.title ?? view.failing}`);
  const count = `${shown} ${shown === 1 ? "container" : "containers"}`;
  const filtered = filters.length > 0 ? `, filtered: ${filters.join(", ")}` : ", no filter";
  return `${count}${filtered}${view.includeStopped ? "; stopped and created included" : ""}`;
}

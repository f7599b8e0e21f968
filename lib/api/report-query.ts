/**
 * The query of `GET /api/report.csv`: the fleet page's address parameters (see `lib/report/fleet-view.ts`)
 * plus `shape`. Unlike the page, which ignores what it does not know, the report answers 400 for an unknown
 * name or value, so a mistyped link never silently exports another view.
 */
import { z } from "zod";
import { CHECK_IDS } from "@/lib/audit/types";
import type { ReportShape } from "@/lib/report/csv";
import { type FleetViewState, GRADES, MAX_QUERY_LENGTH, parseFleetView } from "@/lib/report/fleet-view";

const GRADE_LIST = new RegExp(`^\\s*[${GRADES.join("")}]\\s*(,\\s*[${GRADES.join("")}]\\s*)*$`, "i");

/** `?q=&grade=&failing=&sort=&dir=&all=&group=&shape=`, every one optional; see {@link toReportRequest}. */
export const reportQuery = z.strictObject({
  q: z.string().max(MAX_QUERY_LENGTH, `at most ${MAX_QUERY_LENGTH} characters`).optional(),
  grade: z
    .string()
    .regex(GRADE_LIST, `a comma-separated list of grades (${GRADES.join(", ")})`)
    .optional(),
  failing: z.enum(CHECK_IDS, { message: "a check id, e.g. non-root-user" }).optional(),
  sort: z.enum(["name", "score"], { message: "name or score" }).optional(),
  dir: z.enum(["asc", "desc"], { message: "asc or desc" }).optional(),
  all: z.enum(["true", "false"], { message: "true or false" }).optional(),
  group: z.enum(["none", "compose"], { message: "none or compose" }).optional(),
  shape: z.enum(["summary", "findings"], { message: "summary or findings" }).optional(),
});

/** A validated report request: the page's view, read with the page's own parser, and the shape. */
export interface ReportRequest {
  view: FleetViewState;
  shape: ReportShape;
}

/** The view and shape of a validated query: `parseFleetView` gives every parameter the page's meaning. */
export function toReportRequest(query: z.infer<typeof reportQuery>): ReportRequest {
  const { shape, ...viewParams } = query;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(viewParams)) if (value !== undefined) params.set(key, value);
  return { view: parseFleetView(params), shape: shape ?? "summary" };
}

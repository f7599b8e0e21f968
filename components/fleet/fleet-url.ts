/** The fleet view's address state lives in the pure core, shared with `GET /api/report.csv`. */
export * from "@/lib/report/fleet-view";

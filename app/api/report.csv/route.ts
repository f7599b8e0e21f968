import { errorResponse, fleetQuery, parseQuery } from "@/lib/api/respond";
import { readFleet } from "@/lib/docker/fleet";
import { fleetCsv } from "@/lib/report/csv";

export const dynamic = "force-dynamic";

/** `GET /api/report.csv[?all=true]`: the fleet report as an RFC 4180 CSV attachment. */
export async function GET(request: Request) {
  try {
    const { all } = parseQuery(request.url, fleetQuery);
    const fleet = await readFleet({ all });
    const stamp = fleet.generatedAt.replace(/[:]/g, "").replace(/\.\d+Z$/, "Z");
    return new Response(fleetCsv(fleet.containers), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="roaudit-report-${stamp}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

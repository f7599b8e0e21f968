import { hostname } from "node:os";
import { reportQuery, toReportRequest } from "@/lib/api/report-query";
import { errorResponse, parseQuery } from "@/lib/api/respond";
import { engineHostName } from "@/lib/docker/endpoint";
import { readFleet } from "@/lib/docker/fleet";
import { servedEngineName } from "@/lib/docker/served-engine";
import { reportCsv } from "@/lib/report/csv";
import { reportFileName } from "@/lib/report/file-name";
import { viewRows } from "@/lib/report/fleet-order";

export const dynamic = "force-dynamic";

/**
 * `GET /api/report.csv[?q=&grade=&failing=&sort=&dir=&all=&group=&shape=summary|findings]`: the rows the fleet
 * page shows for the same parameters, in its order, as an RFC 4180 CSV attachment (see `lib/report/csv.ts`).
 */
export async function GET(request: Request) {
  try {
    const { view, shape } = toReportRequest(parseQuery(request.url, reportQuery));
    const fleet = await readFleet({ all: view.includeStopped });
    const rows = viewRows(fleet.containers, view);
    const name = reportFileName({
      host: engineHostName(hostname()),
      generatedAt: fleet.generatedAt,
      view,
      shape,
    });
    return new Response(reportCsv(shape, rows, { engine: servedEngineName() }), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

import { columnKey, FLEET_COLUMNS } from "./fleet-columns";

const BAR = "block animate-pulse rounded bg-slate-200";

/** Placeholder cell content per column kind, sized like the real thing so nothing jumps when data lands. */
const CELL_BARS: Record<(typeof FLEET_COLUMNS)[number]["kind"], string> = {
  expand: "size-4",
  name: "h-4 w-32",
  image: "h-3.5 w-40",
  grade: "size-6",
  score: "h-3.5 w-16",
  measure: "h-5 w-14",
  verify: "h-6 w-20",
};

export interface FleetTableSkeletonProps {
  rows?: number;
}

export function FleetTableSkeleton({ rows = 6 }: FleetTableSkeletonProps) {
  return (
    <div
      aria-busy="true"
      data-testid="fleet-skeleton"
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <table className="w-full min-w-[68rem] table-fixed border-collapse text-sm">
        <caption className="sr-only">Loading containers…</caption>
        <thead className="bg-slate-50">
          <tr>
            {FLEET_COLUMNS.map((column) => (
              <th
                key={columnKey(column)}
                scope="col"
                className={`px-3 py-2 text-left align-bottom text-xs leading-tight font-semibold text-slate-600 ${column.className}`}
              >
                <span className={column.kind === "expand" ? "sr-only" : undefined}>{column.header}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, row) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
            <tr key={row} className="border-t border-slate-200">
              {FLEET_COLUMNS.map((column) => (
                <td key={columnKey(column)} className="px-3 py-3.5">
                  <span className={`${BAR} ${CELL_BARS[column.kind]}`} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SummarySkeleton() {
  return (
    <div className="grid gap-3 md:grid-cols-[minmax(10rem,1fr)_minmax(14rem,2fr)_minmax(20rem,3fr)]">
      {["containers", "grades", "measures"].map((key) => (
        <div key={key} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
          <span className={`${BAR} h-3 w-24`} />
          <span className={`${BAR} mt-2.5 h-16 w-full`} />
        </div>
      ))}
    </div>
  );
}

import type { Verification } from "@/lib/api-types";
import { VERDICT_DOT_STYLES, VERDICT_STYLES } from "../fleet/fleet-columns";
import { formatTimestamp } from "../format-time";
import { VERDICT_LABELS } from "../labels";
import { ScrollRegion } from "../scroll-region";

export interface VerifyHistoryProps {
  /** Newest first. */
  history: readonly Verification[];
  /** How many the server keeps per container. */
  limit: number;
}

/** The verdicts of this server's lifetime, newest first, with each probe's status at a glance. */
export function VerifyHistory({ history, limit }: VerifyHistoryProps) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold text-slate-700">
        History{" "}
        <span data-testid="history-count" className="font-normal text-slate-500">
          {history.length === 0
            ? "— no verdicts in this server's lifetime yet"
            : `— ${history.length} ${history.length === 1 ? "verdict" : "verdicts"} in this server's lifetime (the last ${limit} are kept)`}
        </span>
      </h3>
      {history.length > 0 && (
        <ScrollRegion label="Verdict history" className="rounded-md border border-slate-200 bg-white">
          <table data-testid="verify-history" className="w-full text-left text-xs">
            <caption className="sr-only">Verdicts of this container, newest first</caption>
            <thead className="bg-slate-50 text-[11px] uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Checked
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Verdict
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Probes
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Detail
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {history.map((v) => (
                <tr
                  key={`${v.checkedAt}-${v.verdict}-${v.detail}`}
                  data-testid="history-entry"
                  data-verdict={v.verdict}
                  data-run={v.run ?? "current"}
                  className="align-top"
                >
                  <td className="whitespace-nowrap px-3 py-1.5 text-slate-600">
                    <time dateTime={v.checkedAt}>{formatTimestamp(v.checkedAt)}</time>
                    {v.run === "previous" && " (previous run)"}
                  </td>
                  <td className={`whitespace-nowrap px-3 py-1.5 font-semibold ${VERDICT_STYLES[v.verdict]}`}>
                    <span
                      aria-hidden="true"
                      className={`mr-1 inline-block size-2 rounded-full ${VERDICT_DOT_STYLES[v.verdict]}`}
                    />
                    {VERDICT_LABELS[v.verdict]}
                  </td>
                  <td className="px-3 py-1.5 font-mono text-[11px] text-slate-600">
                    {(v.probes ?? []).map((p) => `${p.id} ${p.status}`).join(" · ") || "—"}
                  </td>
                  <td className="px-3 py-1.5 font-mono text-[11px] break-all text-slate-700">{v.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}

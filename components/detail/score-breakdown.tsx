import type { ScoreBreakdown as Breakdown } from "@/lib/api-types";
import { CHECKS } from "@/lib/audit/checks";
import { SeverityBadge } from "../badges";
import { GradeLegendLink } from "../fleet/grade-legend";

export interface ScoreBreakdownProps {
  /** The breakdown the server computed with the score (`scoreBreakdown()` in `lib/audit/score.ts`). */
  breakdown: Breakdown;
  /** Show a link to the grade legend (on the fleet page, where the legend is). */
  legendLink?: boolean;
}

/** Which failed checks cost how many points, what capped the score, and what was waived for free. */
export function ScoreBreakdown({ breakdown, legendLink = false }: ScoreBreakdownProps) {
  const { penalties, totalPenalty, cappedAt, waivedFree } = breakdown;
  return (
    <section
      aria-label="Score breakdown"
      data-testid="score-breakdown"
      data-score={breakdown.score}
      className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs text-slate-700"
    >
      <p className="font-medium text-slate-800">
        Score {breakdown.score}, grade {breakdown.grade}:{" "}
        <span className="font-normal text-slate-600">
          100
          {penalties.length > 0
            ? ` − ${totalPenalty} for ${penalties.length} failed ${penalties.length === 1 ? "check" : "checks"}`
            : " (no failed check)"}
          {cappedAt !== null && `, capped at ${cappedAt} by a failed critical check`}
        </span>
        {legendLink && <GradeLegendLink className="ml-2">What the grades mean</GradeLegendLink>}
      </p>
      {penalties.length > 0 && (
        <ul className="mt-1 space-y-0.5">
          {penalties.map((p) => (
            <li
              key={p.id}
              data-testid="score-penalty"
              data-check-id={p.id}
              data-points={p.points}
              className="flex flex-wrap items-center gap-x-2"
            >
              <span className="w-8 text-right font-semibold tabular-nums text-red-700">−{p.points}</span>
              <span>{CHECKS[p.id]?.title ?? p.id}</span>
              <code className="font-mono text-[11px] text-slate-500">{p.id}</code>
              <SeverityBadge severity={p.severity} />
              {p.status === "waived" && (
                <span className="text-violet-700">waived, counted by the policy</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {waivedFree.length > 0 && (
        <p data-testid="score-waived-free" className="mt-1 text-violet-800">
          Waived, costing nothing: {waivedFree.join(", ")}
        </p>
      )}
    </section>
  );
}

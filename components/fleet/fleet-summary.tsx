import type { Grade } from "@/lib/api-types";
import { SUMMARY_MEASURES, type FleetSummary as Summary } from "./fleet-model";
import { GRADES } from "./fleet-url";
import { GradeLegendLink } from "./grade-legend";

export interface FleetSummaryProps {
  summary: Summary;
  includeStopped: boolean;
}

const CARD = "rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm";

/** Bar fill per grade, as SVG fill classes (literal for Tailwind). */
const GRADE_FILLS: Record<Grade, string> = {
  A: "fill-emerald-500",
  B: "fill-lime-500",
  C: "fill-amber-400",
  D: "fill-orange-500",
  F: "fill-red-500",
};

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 100));

/**
 * The fleet at a glance, over every listed container (filters do not change it): how many and in which state
 * (the default list has running and paused ones, so "running" is counted, not assumed), their grades as a
 * bar chart, and each of the field guide's measures (read-only root, non-root user, cap-drop ALL, noexec
 * tmpfs) as a share of the containers it applies to, the rest "not applicable". Every bar has its numbers written beside it; the bars are decoration.
 */
export function FleetSummary({ summary, includeStopped }: FleetSummaryProps) {
  const total = summary.containers;
  const most = Math.max(1, ...GRADES.map((g) => summary.grades[g]));
  return (
    <div
      data-testid="summary"
      className="grid gap-3 md:grid-cols-[minmax(10rem,1fr)_minmax(14rem,2fr)_minmax(20rem,3fr)]"
    >
      <dl className={CARD}>
        <div data-testid="summary-containers">
          <dt className="text-xs font-medium text-slate-500">
            {includeStopped ? "Containers (all states)" : "Containers"}
          </dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{total}</dd>
          <dd data-testid="summary-states" className="text-xs text-slate-500">
            <span data-testid="summary-running" className="tabular-nums">
              {summary.running}
            </span>{" "}
            running
            {summary.otherStates.map(({ state, count }) => (
              <span key={state}>
                {" "}
                · {count} {state}
              </span>
            ))}
          </dd>
          {summary.unanswered.stale + summary.unanswered.unreadable > 0 && (
            <dd
              data-testid="summary-unanswered"
              className="text-xs text-amber-800"
              title="The engine listed these containers but did not answer for them in time; see their rows"
            >
              <span data-testid="summary-unreadable" className="font-semibold tabular-nums">
                {summary.unanswered.unreadable}
              </span>{" "}
              unreadable ·{" "}
              <span data-testid="summary-stale" className="font-semibold tabular-nums">
                {summary.unanswered.stale}
              </span>{" "}
              stale
            </dd>
          )}
        </div>
        <div
          data-testid="summary-waived"
          className="mt-2 text-xs text-slate-500"
          title="Failed checks accepted by a roaudit.waive.<check-id> label or the policy file"
        >
          <dt className="inline">Waived findings: </dt>
          <dd className="inline">
            <span data-testid="summary-waived-checks" className="font-semibold tabular-nums text-violet-700">
              {summary.waived.checks}
            </span>{" "}
            in{" "}
            <span data-testid="summary-waived-containers" className="tabular-nums">
              {summary.waived.containers}
            </span>{" "}
            {summary.waived.containers === 1 ? "container" : "containers"}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="grade-chart-heading" data-testid="grade-chart" className={CARD}>
        <div className="flex items-baseline justify-between gap-2">
          <h3 id="grade-chart-heading" className="text-xs font-medium text-slate-500">
            Grades
          </h3>
          <GradeLegendLink>How grades are worked out</GradeLegendLink>
        </div>
        <ul className="mt-1.5 space-y-1">
          {GRADES.map((grade) => (
            <li key={grade} data-testid={`grade-bar-${grade}`} className="flex items-center gap-2 text-xs">
              <span className="w-3 font-bold text-slate-700">{grade}</span>
              <svg
                aria-hidden="true"
                className="h-2.5 flex-1"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
              >
                <rect x="0" y="0" width="100" height="10" rx="2" className="fill-slate-100" />
                <rect
                  x="0"
                  y="0"
                  width={(summary.grades[grade] / most) * 100}
                  height="10"
                  rx="2"
                  className={GRADE_FILLS[grade]}
                />
              </svg>
              <span className="w-16 text-right text-slate-600">
                <span className="sr-only">: </span>
                <span data-testid="grade-count" className="font-medium tabular-nums text-slate-900">
                  {summary.grades[grade]}
                </span>
                <span className="sr-only"> {summary.grades[grade] === 1 ? "container" : "containers"}</span>
                <span className="ml-1 text-slate-500">({percent(summary.grades[grade], total)}%)</span>
              </span>
            </li>
          ))}
          {summary.unanswered.unreadable > 0 && (
            <li data-testid="grade-bar-unknown" className="text-xs text-slate-500">
              <span data-testid="grade-count-unknown" className="font-medium tabular-nums text-slate-900">
                {summary.unanswered.unreadable}
              </span>{" "}
              unknown (never read)
            </li>
          )}
        </ul>
      </section>

      <section aria-labelledby="measure-chart-heading" data-testid="measure-chart" className={CARD}>
        <h3 id="measure-chart-heading" className="text-xs font-medium text-slate-500">
          Field guide measures, share of the containers each applies to
        </h3>
        <ul className="mt-1.5 space-y-1.5">
          {SUMMARY_MEASURES.map((measure) => {
            const count = summary.measures[measure.key];
            // Each measure's share is of the containers it applies to (noexec tmpfs: those with a tmpfs).
            const applies = count.applies;
            const passShare = applies === 0 ? 0 : (count.pass / applies) * 100;
            const waivedShare = applies === 0 ? 0 : (count.waived / applies) * 100;
            const tone =
              applies === 0 || count.pass + count.waived === applies
                ? applies === 0
                  ? "text-slate-900"
                  : "text-emerald-700"
                : count.pass === 0
                  ? "text-red-700"
                  : "text-amber-700";
            return (
              <li
                key={measure.key}
                data-testid={`summary-${measure.key}`}
                data-applies={applies}
                data-na={count.na}
                title={`${count.pass} of the ${applies} containers it applies to: ${measure.checkId} passes${count.na > 0 ? `; ${count.na} not applicable` : ""}`}
                className="grid grid-cols-[7.5rem_1fr_auto] items-center gap-2 text-xs"
              >
                <span className="font-medium text-slate-700">{measure.label}</span>
                <svg
                  aria-hidden="true"
                  className="h-2.5 w-full"
                  viewBox="0 0 100 10"
                  preserveAspectRatio="none"
                >
                  <rect x="0" y="0" width="100" height="10" rx="2" className="fill-slate-100" />
                  <rect x="0" y="0" width={passShare} height="10" className="fill-emerald-500" />
                  <rect x={passShare} y="0" width={waivedShare} height="10" className="fill-violet-400" />
                </svg>
                <span className="text-slate-500">
                  <span data-testid="summary-value" className={`font-semibold tabular-nums ${tone}`}>
                    {count.pass}
                  </span>{" "}
                  of <span data-testid="summary-applies">{applies}</span>
                  <span className="ml-1 text-slate-500">({percent(count.pass, applies)}%)</span>
                  {count.waived > 0 && (
                    <span data-testid="summary-measure-waived" className="ml-1.5 text-violet-700">
                      · {count.waived} waived
                    </span>
                  )}
                  {count.na > 0 && (
                    <span data-testid="summary-na" className="ml-1.5 text-slate-500">
                      · {count.na} not applicable
                      {measure.key === "noexec-tmpfs" ? " (no tmpfs)" : ""}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}

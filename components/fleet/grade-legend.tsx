"use client";

import type { MouseEvent, ReactNode } from "react";
import { CRITICAL_SCORE_CAP, GRADE_FLOORS } from "@/lib/audit/score";
import { SEVERITY_PENALTY } from "@/lib/audit/severity";
import type { Severity } from "@/lib/audit/types";
import { GRADE_STYLES } from "./fleet-columns";

/** The legend's element id: links to it open it. */
export const GRADE_LEGEND_ID = "grade-legend";

const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/**
 * Opens the legend (a closed `<details>` would hide the target) and moves focus to its summary, which scrolls
 * it into view. The link's own jump is cancelled: it would move focus back to the page.
 */
function openLegend(event: MouseEvent<HTMLAnchorElement>): void {
  const legend = document.getElementById(GRADE_LEGEND_ID);
  if (!(legend instanceof HTMLDetailsElement)) return;
  event.preventDefault();
  legend.open = true;
  legend.querySelector("summary")?.focus();
}

export interface GradeLegendLinkProps {
  /** Visible text; `"?"` with the accessible name "What the grades mean" when omitted. */
  children?: ReactNode;
  className?: string;
}

/** A link to the grade legend, for the grade column's header and the summary. */
export function GradeLegendLink({ children, className = "" }: GradeLegendLinkProps) {
  return (
    <a
      href={`#${GRADE_LEGEND_ID}`}
      data-testid="grade-legend-link"
      aria-label={children ? undefined : "What the grades mean"}
      onClick={openLegend}
      className={`rounded text-xs font-normal text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700 focus-visible:outline-2 focus-visible:outline-sky-600 ${className}`}
    >
      {children ?? "?"}
    </a>
  );
}

export interface GradeLegendProps {
  /** How waived checks count (the policy's `waived`): `ignore` costs nothing, `count` as if failed. */
  waived: "ignore" | "count";
}

/**
 * What a grade means, written from the constants the score is computed with (`GRADE_FLOORS`,
 * `SEVERITY_PENALTY`, `CRITICAL_SCORE_CAP`): the scale, the penalty per failed check's severity, what caps a
 * score, how waived checks count, and why a read-only container can still be F.
 */
export function GradeLegend({ waived }: GradeLegendProps) {
  const lowest = GRADE_FLOORS[GRADE_FLOORS.length - 1]?.min ?? 0;
  return (
    <details
      id={GRADE_LEGEND_ID}
      data-testid="grade-legend"
      className="rounded-lg border border-slate-200 bg-white px-4 py-2 text-xs text-slate-700 shadow-xs"
    >
      <summary className="cursor-pointer font-medium text-slate-800 select-none">
        What the grades mean
      </summary>
      <div className="mt-2 grid gap-x-6 gap-y-2 md:grid-cols-3">
        <section aria-labelledby="legend-scale">
          <h4 id="legend-scale" className="font-semibold text-slate-800">
            Scale (score out of 100)
          </h4>
          <ul data-testid="legend-scale" className="mt-1 space-y-0.5">
            {GRADE_FLOORS.map(({ grade, min }) => (
              <li key={grade} data-grade={grade} className="flex items-center gap-1.5">
                <span
                  className={`inline-flex size-5 items-center justify-center rounded text-[11px] font-bold ${GRADE_STYLES[grade]}`}
                >
                  {grade}
                </span>
                score {min} or more
              </li>
            ))}
            <li data-grade="F" className="flex items-center gap-1.5">
              <span
                className={`inline-flex size-5 items-center justify-center rounded text-[11px] font-bold ${GRADE_STYLES.F}`}
              >
                F
              </span>
              below {lowest}
            </li>
          </ul>
        </section>
        <section aria-labelledby="legend-penalties">
          <h4 id="legend-penalties" className="font-semibold text-slate-800">
            Points off 100 per failed check
          </h4>
          <ul data-testid="legend-penalties" className="mt-1 space-y-0.5">
            {SEVERITIES.map((severity) => (
              <li key={severity} data-severity={severity}>
                {severity}: <span className="font-semibold tabular-nums">−{SEVERITY_PENALTY[severity]}</span>
              </li>
            ))}
          </ul>
          <p className="mt-1 text-slate-600">Passing and not applicable checks cost nothing.</p>
        </section>
        <section aria-labelledby="legend-caps">
          <h4 id="legend-caps" className="font-semibold text-slate-800">
            What caps a score
          </h4>
          <p data-testid="legend-cap" className="mt-1">
            Any failed critical check (privileged, Docker socket mount, writable sensitive host mount) caps
            the score at <span className="font-semibold tabular-nums">{CRITICAL_SCORE_CAP}</span>: grade F.
          </p>
          <p data-testid="legend-waived" className="mt-1">
            {waived === "count"
              ? "Waived checks count as failed (the policy file says waived: count)."
              : "Waived checks cost nothing (they stay listed)."}
          </p>
        </section>
      </div>
      <p className="mt-2 text-slate-600">
        The grade weighs every check; the field guide's measures (read-only root, tmpfs, volumes, user,
        capabilities) are shown as their own verdicts beside it. A read-only container can still be F when it
        runs as root with the default capabilities: each row's details list which checks cost how many points.
      </p>
    </details>
  );
}

/**
 * The score and grade of one container, and the breakdown that explains them.
 */
import { SEVERITY_PENALTY } from "./severity";
import type { CheckId, CheckResult, Grade, Severity } from "./types";
import type { WaivedScoring } from "./waivers";

/** Highest score a container with a failed critical check can have, so score and grade agree. */
export const CRITICAL_SCORE_CAP = 59;

/** The lowest score of each grade but F, best first: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60; below that F. */
export const GRADE_FLOORS: readonly { grade: Exclude<Grade, "F">; min: number }[] = [
  { grade: "A", min: 90 },
  { grade: "B", min: 80 },
  { grade: "C", min: 70 },
  { grade: "D", min: 60 },
];

/** How the score treats results; see {@link score}. */
export interface ScoreOptions {
  /** How `waived` results count: `ignore` (default, the policy file's `waived`) or `count`. */
  waived?: WaivedScoring;
}

/** One check that cost points. */
export interface ScorePenalty {
  id: CheckId;
  /** `fail`, or `waived` when waived checks count (policy `waived: count`). */
  status: "fail" | "waived";
  severity: Severity;
  /** Points taken off 100: {@link SEVERITY_PENALTY} of its severity. */
  points: number;
}

/** Why a container has its score: what {@link scoreBreakdown} found. */
export interface ScoreBreakdown {
  /** The checks that cost points, most points first, then in report column order. */
  penalties: ScorePenalty[];
  /** Sum of `penalties[].points` (may exceed 100; the score stops at 0). */
  totalPenalty: number;
  /**
   * `CRITICAL_SCORE_CAP` when a counted critical check capped the score below what the penalties leave;
   * `null` when no cap lowered it.
   */
  cappedAt: number | null;
  /** Waived checks that cost nothing (the policy's default `waived: ignore`), in report column order. */
  waivedFree: CheckId[];
  /** The score 0–100 and grade: see {@link scoreBreakdown}. */
  score: number;
  grade: Grade;
}

/**
 * Score 0–100, grade, and which checks cost how many points, from a container's check results.
 *
 * score = max(0, 100 − Σ penalty(severity) over counted checks), with penalties
 * critical 40, high 15, medium 8, low 3 ({@link SEVERITY_PENALTY}). Counted are the `fail` results, and the
 * `waived` ones too when `options.waived` is `count`; `pass` and `na` cost nothing, and so does `waived` by
 * default (`ignore`: an accepted finding does not lower the score, though it is still listed).
 * A counted critical check (`privileged`, `docker-socket-mount`, a writable `sensitive-host-mount`)
 * caps the score at 59 and makes the grade F; a waived critical one does not, unless waived checks count.
 *
 * grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, otherwise F ({@link GRADE_FLOORS}).
 */
export function scoreBreakdown(results: readonly CheckResult[], options: ScoreOptions = {}): ScoreBreakdown {
  const countWaived = options.waived === "count";
  const penalties: ScorePenalty[] = [];
  const waivedFree: CheckId[] = [];
  for (const r of results) {
    if (r.status === "fail" || (countWaived && r.status === "waived")) {
      penalties.push({
        id: r.id,
        status: r.status,
        severity: r.severity,
        points: SEVERITY_PENALTY[r.severity],
      });
    } else if (r.status === "waived") waivedFree.push(r.id);
  }
  // Stable: equal points keep report column order.
  penalties.sort((a, b) => b.points - a.points);
  const totalPenalty = penalties.reduce((sum, p) => sum + p.points, 0);
  const uncapped = Math.max(0, 100 - totalPenalty);
  const critical = penalties.some((p) => p.severity === "critical");
  const value = critical ? Math.min(uncapped, CRITICAL_SCORE_CAP) : uncapped;
  return {
    penalties,
    totalPenalty,
    cappedAt: value < uncapped ? CRITICAL_SCORE_CAP : null,
    waivedFree,
    score: value,
    grade: gradeOf(value),
  };
}

/** Score 0–100 and grade of a container: {@link scoreBreakdown} without the breakdown. */
export function score(
  results: readonly CheckResult[],
  options: ScoreOptions = {},
): { score: number; grade: Grade } {
  const { score: value, grade } = scoreBreakdown(results, options);
  return { score: value, grade };
}

/** A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, otherwise F ({@link GRADE_FLOORS}). */
export function gradeOf(value: number): Grade {
  return GRADE_FLOORS.find((f) => value >= f.min)?.grade ?? "F";
}

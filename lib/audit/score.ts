/**
 * The score and grade of one container.
 */
import { SEVERITY_PENALTY } from "./severity";
import type { CheckResult, Grade } from "./types";
import type { WaivedScoring } from "./waivers";

/** Highest score a container with a failed critical check can have, so score and grade agree. */
export const CRITICAL_SCORE_CAP = 59;

/** How the score treats results; see {@link score}. */
export interface ScoreOptions {
  /** How `waived` results count: `ignore` (default, the policy file's `waived`) or `count`. */
  waived?: WaivedScoring;
}

/**
 * Score 0–100 and grade of a container from its check results.
 *
 * score = max(0, 100 − Σ penalty(severity) over counted checks), with penalties
 * critical 40, high 15, medium 8, low 3 ({@link SEVERITY_PENALTY}). Counted are the `fail` results, and the
 * `waived` ones too when `options.waived` is `count`; `pass` and `na` cost nothing, and so does `waived` by
 * default (`ignore`: an accepted finding does not lower the score, though it is still listed).
 * A counted critical check (`privileged`, `docker-socket-mount`, a writable `sensitive-host-mount`)
 * caps the score at 59 and makes the grade F; a waived critical one does not, unless waived checks count.
 *
 * grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, otherwise F.
 */
export function score(
  results: readonly CheckResult[],
  options: ScoreOptions = {},
): { score: number; grade: Grade } {
  const countWaived = options.waived === "count";
  const counted = results.filter((r) => r.status === "fail" || (countWaived && r.status === "waived"));
  let value = Math.max(0, 100 - counted.reduce((sum, r) => sum + SEVERITY_PENALTY[r.severity], 0));
  if (counted.some((r) => r.severity === "critical")) value = Math.min(value, CRITICAL_SCORE_CAP);
  return { score: value, grade: gradeOf(value) };
}

/** A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, otherwise F. */
export function gradeOf(value: number): Grade {
  if (value >= 90) return "A";
  if (value >= 80) return "B";
  if (value >= 70) return "C";
  if (value >= 60) return "D";
  return "F";
}

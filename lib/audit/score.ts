/**
 * The score and grade of one container.
 */
import { SEVERITY_PENALTY } from "./severity";
import type { CheckResult, Grade } from "./types";

/** Highest score a container with a failed critical check can have, so score and grade agree. */
export const CRITICAL_SCORE_CAP = 59;

/**
 * Score 0–100 and grade of a container from its check results.
 *
 * score = max(0, 100 − Σ penalty(severity) over failed checks), with penalties
 * critical 40, high 15, medium 8, low 3 ({@link SEVERITY_PENALTY}); `pass` and `na` cost nothing.
 * A failed critical check (`privileged`, `docker-socket-mount`, a writable `sensitive-host-mount`)
 * caps the score at 59 and makes the grade F.
 *
 * grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, otherwise F.
 */
export function score(results: readonly CheckResult[]): { score: number; grade: Grade } {
  const failed = results.filter((r) => r.status === "fail");
  let value = Math.max(0, 100 - failed.reduce((sum, r) => sum + SEVERITY_PENALTY[r.severity], 0));
  if (failed.some((r) => r.severity === "critical")) value = Math.min(value, CRITICAL_SCORE_CAP);
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

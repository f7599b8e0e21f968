import type { CheckResult, CheckStatus, Severity } from "@/lib/api-types";

/** Order of checks on the detail page: failures first, then what was accepted, then the rest. */
export const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, waived: 1, pass: 2, na: 3 };

/** Worst first. */
export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Failures first (worst severity first), then waived, passed and not applicable; ties keep report order. */
export function orderChecks(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (a.status === "fail" ? SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] : 0),
  );
}

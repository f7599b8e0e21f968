/**
 * Runs every check on a container snapshot.
 */
import { CHECK_LIST } from "./checks";
import { composeRefOf } from "./compose";
import { runtimeCorrectedChecks } from "./runtime-findings";
import { scoreBreakdown } from "./score";
import { DEFAULT_SEVERITY_OVERRIDES, type SeverityOverrides } from "./severity";
import type { CheckResult, ContainerAudit, ContainerSnapshot, Verification } from "./types";
import { applyWaivers, DEFAULT_WAIVER_POLICY, type WaiverPolicy, waiversFor } from "./waivers";

/**
 * Evaluates every check (in report column order), corrects them by the last Verify's runtime findings
 * (`verification`, see `runtimeCorrectedChecks`: the kernel's reading wins over the configuration), applies
 * the container's waivers (its `roaudit.waive.*` labels and the policy's matching waivers, see `waiversFor`; a
 * label on a check whose corrected result is critical counts only if the policy allows it),
 * and scores the container as the policy says (`policy.waived`). A check that throws is reported as `fail` with the error as its message rather than
 * hiding the container.
 */
export function auditContainer(
  snapshot: ContainerSnapshot,
  overrides: SeverityOverrides = DEFAULT_SEVERITY_OVERRIDES,
  policy: WaiverPolicy = DEFAULT_WAIVER_POLICY,
  verification: Verification | null = null,
): ContainerAudit {
  const evaluated: CheckResult[] = CHECK_LIST.map((check) => {
    try {
      const outcome = check.evaluate(snapshot);
      return {
        id: check.id,
        status: outcome.status,
        severity: overrides[check.id] ?? outcome.severity ?? check.defaultSeverity,
        message: outcome.message,
        evidence: outcome.evidence,
      };
    } catch (error) {
      return {
        id: check.id,
        status: "fail",
        severity: overrides[check.id] ?? check.defaultSeverity,
        message: `check could not be evaluated: ${error instanceof Error ? error.message : String(error)}`,
        evidence: {},
      };
    }
  });
  const corrected = runtimeCorrectedChecks(evaluated, verification);
  const severities = new Map(corrected.map((result) => [result.id, result.severity]));
  const { waivers, problems } = waiversFor(snapshot, policy, severities);
  const checks = applyWaivers(corrected, waivers);
  const breakdown = scoreBreakdown(checks, { waived: policy.waived });
  return {
    id: snapshot.id,
    name: snapshot.name,
    image: snapshot.image,
    state: snapshot.state,
    score: breakdown.score,
    grade: breakdown.grade,
    breakdown,
    checks,
    compose: composeRefOf(snapshot.labels),
    waiverProblems: problems,
  };
}

/**
 * Runs every check on a container snapshot.
 */
import { CHECK_LIST } from "./checks";
import { score } from "./score";
import { DEFAULT_SEVERITY_OVERRIDES, type SeverityOverrides } from "./severity";
import type { CheckResult, ContainerAudit, ContainerSnapshot } from "./types";

/**
 * Evaluates every check (in report column order) and scores the container.
 * A check that throws is reported as `fail` with the error as its message rather than hiding the container.
 */
export function auditContainer(
  snapshot: ContainerSnapshot,
  overrides: SeverityOverrides = DEFAULT_SEVERITY_OVERRIDES,
): ContainerAudit {
  const checks: CheckResult[] = CHECK_LIST.map((check) => {
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
  return {
    id: snapshot.id,
    name: snapshot.name,
    image: snapshot.image,
    state: snapshot.state,
    ...score(checks),
    checks,
  };
}

import type {
  CheckId,
  CheckResult,
  CheckStatus,
  FleetContainer,
  FleetResponse,
  Grade,
  Verification,
} from "@/lib/api-types";
import { CHECKS } from "@/lib/audit/checks";
import { findCheck } from "@/lib/report/fleet-order";
import { WAIVER_SOURCE_LABELS } from "../labels";
import type { MeasureDef } from "./fleet-columns";
import { GRADES } from "./fleet-url";

export {
  applyFilters,
  type ContainerGroup,
  filterContainers,
  findCheck,
  groupContainers,
  type ServiceGroup,
  sortContainers,
  viewContainers,
} from "@/lib/report/fleet-order";

export interface MeasureOutcome {
  status: CheckStatus;
  /** The checks of the measure that this container reported, in measure order. */
  checks: CheckResult[];
  /** Tooltip text: the failing (or waived) checks' messages, otherwise every applicable check's message. */
  reason: string;
}

function describe(check: CheckResult): string {
  const line = `${CHECKS[check.id]?.title ?? check.id}: ${check.message}`;
  return check.waiver
    ? `${line}\n  waived by ${WAIVER_SOURCE_LABELS[check.waiver.source]}: ${check.waiver.reason}`
    : line;
}

/**
 * A measure fails when any of its checks fails; otherwise it is `waived` when any is waived, `na` when all are
 * `na` (or missing), and passes otherwise.
 */
export function measureOutcome(
  container: Pick<FleetContainer, "checks">,
  measure: MeasureDef,
): MeasureOutcome {
  const checks = measure.checkIds
    .map((id) => findCheck(container, id))
    .filter((check): check is CheckResult => check !== undefined);
  const failing = checks.filter((check) => check.status === "fail");
  if (failing.length > 0) {
    return { status: "fail", checks, reason: `${measure.label}: fail\n${failing.map(describe).join("\n")}` };
  }
  const waived = checks.filter((check) => check.status === "waived");
  if (waived.length > 0) {
    return {
      status: "waived",
      checks,
      reason: `${measure.label}: waived\n${waived.map(describe).join("\n")}`,
    };
  }
  const passing = checks.filter((check) => check.status === "pass");
  if (passing.length > 0) {
    return { status: "pass", checks, reason: `${measure.label}: pass\n${passing.map(describe).join("\n")}` };
  }
  const notApplicable = checks.length > 0 ? `\n${checks.map(describe).join("\n")}` : "";
  return { status: "na", checks, reason: `${measure.label}: not applicable${notApplicable}` };
}

/** How many containers meet one of the field guide's measures. */
export interface MeasureCount {
  /** The check passes. */
  pass: number;
  /** The check failed and is waived. */
  waived: number;
  /** The check fails. */
  fail: number;
  /** The check does not apply (e.g. no tmpfs at all): these are left out of the measure's share. */
  na: number;
  /** Containers the measure applies to: `pass + waived + fail` (unreadable rows have no result and count nowhere). */
  applies: number;
}

/** The fleet summary: counts over every listed container. */
export interface FleetSummary {
  /** Every listed container, whatever its state (paused ones are listed even without `all=true`). */
  containers: number;
  /** Those whose `State.Status` is `running` (the ones Verify can probe). */
  running: number;
  /** The others by state (`paused`, `exited`…), most first, then by name; `[]` when all run. */
  otherStates: { state: string; count: number }[];
  /** `read-only-rootfs` passes. */
  readOnly: number;
  /** `non-root-user` passes. */
  nonRoot: number;
  /** `cap-drop-all` passes. */
  dropAll: number;
  /** Containers per grade (a stale row counts with its last grade; an unreadable one has none). */
  grades: Record<Grade, number>;
  /**
   * Containers the engine did not answer for in this read: `stale` ones show their last audit, `unreadable`
   * ones were never read (no grade, no checks: they count in no measure).
   */
  unanswered: { stale: number; unreadable: number };
  /** The field guide's measures: read-only root, non-root user, cap-drop ALL, noexec tmpfs. */
  measures: Record<SummaryMeasure, MeasureCount>;
  /** Waived check results over the fleet, and the containers that have at least one. */
  waived: { checks: number; containers: number };
}

/** The field guide's measures the summary charts, each one check. */
export const SUMMARY_MEASURES = [
  { key: "read-only", label: "Read-only root", checkId: "read-only-rootfs" },
  { key: "non-root", label: "Non-root user", checkId: "non-root-user" },
  { key: "cap-drop-all", label: "cap-drop ALL", checkId: "cap-drop-all" },
  { key: "noexec-tmpfs", label: "noexec tmpfs", checkId: "tmpfs-noexec" },
] as const satisfies readonly { key: string; label: string; checkId: CheckId }[];

export type SummaryMeasure = (typeof SUMMARY_MEASURES)[number]["key"];

function countStatus(containers: readonly FleetContainer[], id: CheckId): MeasureCount {
  const count: MeasureCount = { pass: 0, waived: 0, fail: 0, na: 0, applies: 0 };
  for (const c of containers) {
    const status = findCheck(c, id)?.status;
    if (status !== undefined) count[status] += 1;
  }
  count.applies = count.pass + count.waived + count.fail;
  return count;
}

/**
 * The summary of the listed containers: their number, and how many run (the rest by state), grades, the
 * measures' counts and the waived findings.
 */
export function summarize(containers: readonly FleetContainer[]): FleetSummary {
  const grades = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
  const unanswered = { stale: 0, unreadable: 0 };
  for (const c of containers) {
    if (c.grade !== null) grades[c.grade] += 1;
    if (c.read.status !== "current") unanswered[c.read.status] += 1;
  }
  const measures = Object.fromEntries(
    SUMMARY_MEASURES.map((m) => [m.key, countStatus(containers, m.checkId)]),
  ) as Record<SummaryMeasure, MeasureCount>;
  const waivedPer = containers.map((c) => c.checks.filter((check) => check.status === "waived").length);
  const byState = new Map<string, number>();
  for (const c of containers) byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
  const running = byState.get("running") ?? 0;
  byState.delete("running");
  const otherStates = [...byState]
    .map(([state, count]) => ({ state, count }))
    .sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
  return {
    containers: containers.length,
    running,
    otherStates,
    readOnly: measures["read-only"].pass,
    nonRoot: measures["non-root"].pass,
    dropAll: measures["cap-drop-all"].pass,
    grades,
    unanswered,
    measures,
    waived: {
      checks: waivedPer.reduce((a, b) => a + b, 0),
      containers: waivedPer.filter((n) => n > 0).length,
    },
  };
}

/** Containers whose check has status `fail`, per check id (waived ones are not failing). */
export function failingCounts(containers: readonly FleetContainer[]): Partial<Record<CheckId, number>> {
  const counts: Partial<Record<CheckId, number>> = {};
  for (const c of containers) {
    for (const check of c.checks) if (check.status === "fail") counts[check.id] = (counts[check.id] ?? 0) + 1;
  }
  return counts;
}

/** The fleet with one container's `verification` replaced; the same object when the container is absent. */
export function withVerification(
  fleet: FleetResponse,
  id: string,
  verification: Verification,
): FleetResponse {
  if (!fleet.containers.some((c) => c.id === id)) return fleet;
  return {
    ...fleet,
    containers: fleet.containers.map((c) => (c.id === id ? { ...c, verification } : c)),
  };
}

/** The later of two verifications by `checkedAt`; either may be missing. */
export function latestVerification(
  a: Verification | null | undefined,
  b: Verification | null | undefined,
): Verification | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(b.checkedAt) > Date.parse(a.checkedAt) ? b : a;
}

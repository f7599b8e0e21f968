import type {
  CheckId,
  CheckResult,
  CheckStatus,
  ContainerView,
  FleetResponse,
  Verification,
} from "@/lib/api-types";
import { CHECKS } from "@/lib/audit/checks";
import type { MeasureDef, SortDirection, SortKey } from "./fleet-columns";

export interface MeasureOutcome {
  status: CheckStatus;
  /** The checks of the measure that this container reported, in measure order. */
  checks: CheckResult[];
  /** Tooltip text: the failing checks' messages on fail, otherwise every applicable check's message. */
  reason: string;
}

export function findCheck(container: ContainerView, id: CheckId): CheckResult | undefined {
  return container.checks.find((check) => check.id === id);
}

function describe(check: CheckResult): string {
  return `${CHECKS[check.id]?.title ?? check.id}: ${check.message}`;
}

/** A measure fails when any of its checks fails, is `na` when all are `na` (or missing), and passes otherwise. */
export function measureOutcome(container: ContainerView, measure: MeasureDef): MeasureOutcome {
  const checks = measure.checkIds
    .map((id) => findCheck(container, id))
    .filter((check): check is CheckResult => check !== undefined);
  const failing = checks.filter((check) => check.status === "fail");
  if (failing.length > 0) {
    return { status: "fail", checks, reason: `${measure.label}: fail\n${failing.map(describe).join("\n")}` };
  }
  const passing = checks.filter((check) => check.status === "pass");
  if (passing.length > 0) {
    return { status: "pass", checks, reason: `${measure.label}: pass\n${passing.map(describe).join("\n")}` };
  }
  const notApplicable = checks.length > 0 ? `\n${checks.map(describe).join("\n")}` : "";
  return { status: "na", checks, reason: `${measure.label}: not applicable${notApplicable}` };
}

export interface FleetSummary {
  containers: number;
  readOnly: number;
  nonRoot: number;
  dropAll: number;
}

function passes(container: ContainerView, id: CheckId): boolean {
  return findCheck(container, id)?.status === "pass";
}

export function summarize(containers: readonly ContainerView[]): FleetSummary {
  return {
    containers: containers.length,
    readOnly: containers.filter((c) => passes(c, "read-only-rootfs")).length,
    nonRoot: containers.filter((c) => passes(c, "non-root-user")).length,
    dropAll: containers.filter((c) => passes(c, "cap-drop-all")).length,
  };
}

/** Case-insensitive substring match on name or image; a blank query keeps everything. */
export function filterContainers(containers: readonly ContainerView[], query: string): ContainerView[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [...containers];
  return containers.filter(
    (c) => c.name.toLowerCase().includes(needle) || c.image.toLowerCase().includes(needle),
  );
}

const byName = (a: ContainerView, b: ContainerView): number =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: "base" }) || a.id.localeCompare(b.id);

/** Stable order across refreshes: ties on score fall back to name, then id. */
export function sortContainers(
  containers: readonly ContainerView[],
  key: SortKey,
  direction: SortDirection,
): ContainerView[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...containers].sort((a, b) => {
    if (key === "score") return sign * (a.score - b.score) || byName(a, b);
    return sign * byName(a, b);
  });
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

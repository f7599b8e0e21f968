import type { CheckStatus, Grade, Severity } from "@/lib/api-types";
import {
  GRADE_STYLES,
  SEVERITY_STYLES,
  STATUS_ICONS,
  STATUS_STYLES,
  stateStyle,
} from "./fleet/fleet-columns";
import { Hint } from "./hint";
import { SEVERITY_LABELS, STATUS_LABELS } from "./labels";

export interface GradeBadgeProps {
  grade: Grade;
  score: number;
}

export function GradeBadge({ grade, score }: GradeBadgeProps) {
  return (
    <Hint hint={`Grade ${grade}, score ${score} of 100`}>
      <span className="sr-only">Grade </span>
      <span
        data-testid="grade"
        className={`inline-flex size-6 items-center justify-center rounded-md text-xs font-bold ${GRADE_STYLES[grade]}`}
      >
        {grade}
      </span>
    </Hint>
  );
}

export interface StatusBadgeProps {
  status: CheckStatus;
  /** Text instead of Pass/Fail/n/a, e.g. "none" for a measure with nothing to judge. */
  label?: string;
  /** Tooltip: why this status. */
  title?: string;
  testId?: string;
}

export function StatusBadge({ status, label, title, testId }: StatusBadgeProps) {
  const badge = (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLES[status]}`}
    >
      <span aria-hidden="true">{STATUS_ICONS[status]}</span>
      {label ?? STATUS_LABELS[status]}
    </span>
  );
  return title ? <Hint hint={title}>{badge}</Hint> : badge;
}

export interface SeverityBadgeProps {
  severity: Severity;
  muted?: boolean;
}

export function SeverityBadge({ severity, muted = false }: SeverityBadgeProps) {
  return (
    <span
      className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-medium ${muted ? "bg-slate-100 text-slate-500" : SEVERITY_STYLES[severity]}`}
    >
      {SEVERITY_LABELS[severity]}
    </span>
  );
}

export interface StatePillProps {
  state: string;
}

export function StatePill({ state }: StatePillProps) {
  return (
    <span
      data-testid="state"
      className={`inline-block whitespace-nowrap rounded-full px-1.5 py-px text-[11px] font-medium ring-1 ring-inset ${stateStyle(state)}`}
    >
      {state}
    </span>
  );
}

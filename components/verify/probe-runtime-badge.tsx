import type { RuntimeFinding } from "@/lib/api-types";
import { formatTimestamp } from "../format-time";
import { PROBE_LABELS } from "../labels";

export interface RuntimeBadgeProps {
  runtime: RuntimeFinding | undefined;
}

/** Marks a check result decided by a live probe rather than by the inspect data; nothing when it was not. */
export function RuntimeBadge({ runtime }: RuntimeBadgeProps) {
  if (!runtime) return null;
  return (
    <span
      data-testid="runtime-badge"
      data-probe-id={runtime.probe}
      title={`Decided at runtime by the ${PROBE_LABELS[runtime.probe] ?? runtime.probe} probe, ${formatTimestamp(runtime.checkedAt)}`}
      className="inline-flex cursor-help items-center whitespace-nowrap rounded-full bg-sky-50 px-1.5 py-px text-[11px] font-medium text-sky-700 ring-1 ring-sky-600/25 ring-inset"
    >
      runtime
    </span>
  );
}

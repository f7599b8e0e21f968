import type { ContainerView } from "@/lib/api-types";
import { StatusBadge } from "../badges";
import { MEASURES } from "../fleet/fleet-columns";
import { measureOutcome } from "../fleet/fleet-model";

export interface MeasureVerdictsProps {
  container: Pick<ContainerView, "checks">;
}

/**
 * The field guide's five measures as their own verdicts, shown beside the grade: "Read-only root: pass" and
 * "grade F" read together (the grade weighs every check, the measures are the guide's own questions).
 */
export function MeasureVerdicts({ container }: MeasureVerdictsProps) {
  return (
    <ul
      aria-label="Field guide measures"
      data-testid="measure-verdicts"
      className="flex flex-wrap gap-x-3 gap-y-1"
    >
      {MEASURES.map((measure) => {
        const outcome = measureOutcome(container, measure);
        return (
          <li
            key={measure.key}
            data-testid="measure-verdict"
            data-measure={measure.key}
            data-status={outcome.status}
            className="inline-flex items-center gap-1 text-xs text-slate-700"
          >
            <span>{measure.label}:</span>
            <StatusBadge
              status={outcome.status}
              label={outcome.status === "na" ? measure.naLabel : undefined}
            />
          </li>
        );
      })}
    </ul>
  );
}

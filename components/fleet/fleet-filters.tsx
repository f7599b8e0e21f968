import { useId } from "react";
import type { CheckId, Grade } from "@/lib/api-types";
import { CHECKS } from "@/lib/audit/checks";
import { CHECK_IDS } from "@/lib/audit/types";
import { GRADE_STYLES } from "./fleet-columns";
import { type FleetGrouping, GRADES } from "./fleet-url";

export interface FleetFiltersProps {
  grades: readonly Grade[];
  failing: CheckId | null;
  grouping: FleetGrouping;
  /** Containers per grade in the listed fleet, shown on each grade button. */
  gradeCounts: Readonly<Record<Grade, number>>;
  /** Containers failing each check in the listed fleet, shown in the check menu. */
  failingCounts: Readonly<Partial<Record<CheckId, number>>>;
  onToggleGrade: (grade: Grade) => void;
  onFailing: (check: CheckId | null) => void;
  onGrouping: (grouping: FleetGrouping) => void;
  onClear: () => void;
}

const CONTROL =
  "rounded-md border border-slate-300 bg-white text-sm text-slate-900 shadow-xs focus-visible:outline-2 focus-visible:outline-sky-600";

/** Grade and failing-check filters and the Compose grouping switch; the state lives in the page address. */
export function FleetFilters({
  grades,
  failing,
  grouping,
  gradeCounts,
  failingCounts,
  onToggleGrade,
  onFailing,
  onGrouping,
  onClear,
}: FleetFiltersProps) {
  const selectId = useId();
  const active = grades.length > 0 || failing !== null;
  return (
    <div data-testid="fleet-filters" className="flex flex-wrap items-center gap-x-5 gap-y-2">
      <fieldset className="flex items-center gap-1.5">
        <legend className="sr-only">Filter by grade</legend>
        <span aria-hidden="true" className="mr-1 text-xs font-medium text-slate-600">
          Grade
        </span>
        {GRADES.map((grade) => {
          const pressed = grades.includes(grade);
          return (
            <button
              key={grade}
              type="button"
              aria-pressed={pressed}
              data-testid={`filter-grade-${grade}`}
              title={`${pressed ? "Stop showing only" : "Show only"} grade ${grade}${grades.length > 0 && !pressed ? " too" : ""}`}
              onClick={() => onToggleGrade(grade)}
              className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-semibold ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-sky-600 ${
                pressed
                  ? `${GRADE_STYLES[grade]} ring-transparent`
                  : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
              }`}
            >
              <span className="sr-only">Grade </span>
              {grade}
              <span className={`font-normal tabular-nums ${pressed ? "text-white" : "text-slate-600"}`}>
                {gradeCounts[grade]}
              </span>
            </button>
          );
        })}
      </fieldset>
      <div className="flex max-w-full min-w-0 items-center gap-2">
        <label htmlFor={selectId} className="shrink-0 text-xs font-medium text-slate-600">
          Failing check
        </label>
        <select
          id={selectId}
          data-testid="filter-failing"
          value={failing ?? ""}
          onChange={(event) => {
            const value = event.target.value;
            onFailing((CHECK_IDS as readonly string[]).includes(value) ? (value as CheckId) : null);
          }}
          className={`${CONTROL} w-full max-w-96 min-w-0 py-1 pr-7 pl-2 sm:w-auto`}
        >
          <option value="">Any (no check filter)</option>
          {CHECK_IDS.map((id) => (
            <option key={id} value={id}>
              {CHECKS[id]?.title ?? id} — {id} ({failingCounts[id] ?? 0})
            </option>
          ))}
        </select>
      </div>
      <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700 select-none">
        <input
          type="checkbox"
          checked={grouping === "compose"}
          onChange={(event) => onGrouping(event.target.checked ? "compose" : "none")}
          className="size-4 cursor-pointer rounded border-slate-300 accent-slate-800"
        />
        Group by Compose project
      </label>
      {active && (
        <button
          type="button"
          onClick={onClear}
          className="text-sm font-medium text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

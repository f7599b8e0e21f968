import type { FleetSummary as Summary } from "./fleet-model";

export interface FleetSummaryProps {
  summary: Summary;
  includeStopped: boolean;
}

/** The counts the field guide cares about, from the check statuses of every listed container. */
export function FleetSummary({ summary, includeStopped }: FleetSummaryProps) {
  const total = summary.containers;
  const stats = [
    {
      testId: "summary-read-only",
      label: "Read-only root",
      hint: "read-only-rootfs passes",
      value: summary.readOnly,
    },
    {
      testId: "summary-non-root",
      label: "Non-root user",
      hint: "non-root-user passes",
      value: summary.nonRoot,
    },
    {
      testId: "summary-drop-all",
      label: "Drop ALL capabilities",
      hint: "cap-drop-all passes",
      value: summary.dropAll,
    },
  ];
  return (
    <dl data-testid="summary" className="grid grid-cols-2 gap-3 md:grid-cols-4">
      <div
        data-testid="summary-containers"
        className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm"
      >
        <dt className="text-xs font-medium text-slate-500">
          {includeStopped ? "Containers (all states)" : "Running containers"}
        </dt>
        <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{total}</dd>
      </div>
      {stats.map((stat) => {
        const ratio = total === 0 ? 0 : stat.value / total;
        const tone =
          total === 0
            ? "text-slate-900"
            : ratio === 1
              ? "text-emerald-700"
              : ratio === 0
                ? "text-red-700"
                : "text-amber-700";
        return (
          <div
            key={stat.testId}
            data-testid={stat.testId}
            title={`${stat.value} of ${total} containers: ${stat.hint}`}
            className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm"
          >
            <dt className="text-xs font-medium text-slate-500">{stat.label}</dt>
            <dd className="mt-1 flex items-baseline gap-1.5">
              <span data-testid="summary-value" className={`text-2xl font-semibold tabular-nums ${tone}`}>
                {stat.value}
              </span>
              <span className="text-sm text-slate-500">
                of {total}
                {total > 0 && (
                  <span className="ml-1.5 text-xs text-slate-400">({Math.round(ratio * 100)}%)</span>
                )}
              </span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

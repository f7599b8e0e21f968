import type { ProbeResult, Verification } from "@/lib/api-types";
import { VERDICT_DOT_STYLES, VERDICT_STYLES } from "../fleet/fleet-columns";
import { formatTimestamp } from "../format-time";
import { PROBE_LABELS, PROBE_STATUS_LABELS, VERDICT_LABELS } from "../labels";
import { PREVIOUS_RUN_NOTE, PROBE_HINTS, PROBE_STATUS_ICONS, PROBE_STATUS_STYLES } from "./probe-labels";

export interface ProbeListProps {
  probes: readonly ProbeResult[];
}

/** Each probe of a Verify: status, the evidence line, and its further lines folded away. Evidence is container text: React escapes it. */
export function ProbeList({ probes }: ProbeListProps) {
  if (probes.length === 0) return <p className="text-xs text-slate-500">No probe results were reported.</p>;
  return (
    <ul
      data-testid="probe-list"
      className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white"
    >
      {probes.map((probe) => (
        <li
          key={probe.id}
          data-testid="probe"
          data-probe-id={probe.id}
          data-status={probe.status}
          className="grid gap-x-3 gap-y-1 px-3 py-2 text-xs sm:grid-cols-[11rem_5rem_1fr]"
        >
          <div title={PROBE_HINTS[probe.id]}>
            <div className="font-medium text-slate-800">{PROBE_LABELS[probe.id] ?? probe.id}</div>
            <div className="font-mono text-[11px] text-slate-500">{probe.id}</div>
          </div>
          <div>
            <span
              className={`inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${PROBE_STATUS_STYLES[probe.status]}`}
            >
              <span aria-hidden="true">{PROBE_STATUS_ICONS[probe.status]}</span>
              {PROBE_STATUS_LABELS[probe.status]}
            </span>
          </div>
          <div className="min-w-0">
            <p data-testid="probe-evidence" className="font-mono text-[11px] break-words text-slate-700">
              {probe.evidence}
            </p>
            {probe.details && probe.details.length > 0 && (
              <details className="mt-1">
                <summary className="cursor-pointer text-[11px] text-sky-700 select-none">
                  {probe.details.length} {probe.details.length === 1 ? "line" : "lines"} of detail
                </summary>
                <pre
                  data-testid="probe-details"
                  className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] whitespace-pre-wrap break-all text-slate-700"
                >
                  {probe.details.join("\n")}
                </pre>
              </details>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

export interface ProbePanelProps {
  verification: Verification | null;
  /** The container runs: without that no Verify is possible, and the empty state says so. */
  running: boolean;
}

/** The last Verify of a container with every probe, for the expanded fleet row. */
export function ProbePanel({ verification, running }: ProbePanelProps) {
  return (
    <section data-testid="probe-panel" aria-label="Live probes" className="space-y-2 px-4 pb-4">
      <h3 className="flex flex-wrap items-baseline gap-x-2 text-xs font-semibold text-slate-700">
        Live probes
        {verification && (
          <span className="font-normal text-slate-500">
            <span className={`font-semibold ${VERDICT_STYLES[verification.verdict]}`}>
              <span
                aria-hidden="true"
                className={`mr-1 inline-block size-2 rounded-full ${VERDICT_DOT_STYLES[verification.verdict]}`}
              />
              {VERDICT_LABELS[verification.verdict]}
            </span>{" "}
            · checked <time dateTime={verification.checkedAt}>{formatTimestamp(verification.checkedAt)}</time>
            {verification.run === "previous" && (
              <span data-testid="verdict-previous-run"> · {PREVIOUS_RUN_NOTE}</span>
            )}
          </span>
        )}
      </h3>
      {verification ? (
        <ProbeList probes={verification.probes ?? []} />
      ) : (
        <p className="text-xs text-slate-500">
          {running
            ? "Not verified yet: Verify runs the live probes and shows each one here."
            : "Only running containers can be verified."}
        </p>
      )}
    </section>
  );
}

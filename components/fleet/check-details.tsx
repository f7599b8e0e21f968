import type { CheckResult, ContainerView, ScoreBreakdown as ScoreBreakdownData } from "@/lib/api-types";
import { CHECKS } from "@/lib/audit/checks";
import { CHECK_FIX_TARGETS } from "@/lib/audit/remediation/fix-targets";
import type { CheckId, Evidence } from "@/lib/audit/types";
import { SeverityBadge, StatusBadge } from "../badges";
import { orderChecks, STATUS_ORDER } from "../detail/detail-model";
import { ScoreBreakdown } from "../detail/score-breakdown";
import { WAIVER_SOURCE_LABELS } from "../labels";
import { ScrollRegion } from "../scroll-region";
import { RuntimeBadge } from "../verify/probe-runtime-badge";
import { MEASURES } from "./fleet-columns";
import { measureOutcome } from "./fleet-model";

export interface CheckDetailsProps {
  /** A fleet row or a detail page's container: only what both have. */
  container: Omit<ContainerView, "score" | "grade" | "breakdown"> & { breakdown?: ScoreBreakdownData | null };
}

/** The most urgent status among checks, as its rank in `STATUS_ORDER` (fail first). */
function worstStatus(checks: readonly CheckResult[]): number {
  return Math.min(...checks.map((c) => STATUS_ORDER[c.status]));
}

const HEADERS = ["Check", "Status", "Severity", "Finding", "CIS", "Fix", "Evidence"] as const;

/** Every check of one container, grouped under the five measures and then the rest. */
export function CheckDetails({ container }: CheckDetailsProps) {
  const inMeasure = new Set<string>(MEASURES.flatMap((m) => m.checkIds));
  const groups = [
    ...MEASURES.map((measure) => {
      const outcome = measureOutcome(container, measure);
      return { key: measure.key, label: measure.label, naLabel: measure.naLabel, ...outcome };
    }),
    {
      key: "other",
      label: "Other hardening",
      naLabel: "n/a",
      status: null,
      reason: undefined,
      checks: container.checks.filter((check) => !inMeasure.has(check.id)),
    },
  ];

  return (
    <div className="space-y-3 px-4 py-4">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-600">
        <div className="flex gap-1.5">
          <dt className="font-medium text-slate-500">Container ID</dt>
          <dd className="break-all font-mono">{container.id}</dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="font-medium text-slate-500">State</dt>
          <dd className="font-mono">{container.state}</dd>
        </div>
        <div className="flex min-w-0 gap-1.5">
          <dt className="font-medium text-slate-500">Image</dt>
          <dd className="break-all font-mono">{container.image}</dd>
        </div>
      </dl>
      {container.breakdown && <ScoreBreakdown breakdown={container.breakdown} legendLink />}
      {container.waiverProblems.length > 0 && <WaiverProblems problems={container.waiverProblems} />}
      <ScrollRegion
        label={`Checks of ${container.name}`}
        className="rounded-md border border-slate-200 bg-white"
      >
        <table className="w-full text-left text-xs" data-testid="check-table">
          <caption className="sr-only">Every check for this container, by measure, failures first</caption>
          <thead className="bg-slate-50 text-[11px] uppercase tracking-wide text-slate-500">
            <tr>
              {HEADERS.map((header) => (
                <th key={header} scope="col" className="px-3 py-2 font-medium">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          {groups
            .filter((group) => group.checks.length > 0)
            // Failures first, as on the detail page: groups by their worst check, then checks within each.
            .sort((a, b) => worstStatus(a.checks) - worstStatus(b.checks))
            .map((group) => (
              <tbody key={group.key} className="border-t border-slate-200">
                <tr className="bg-slate-50/60">
                  <th
                    scope="rowgroup"
                    colSpan={HEADERS.length}
                    className="px-3 py-1.5 text-xs font-semibold text-slate-700"
                  >
                    <span className="inline-flex items-center gap-2">
                      {group.label}
                      {group.status && (
                        <StatusBadge
                          status={group.status}
                          label={group.status === "na" ? group.naLabel : undefined}
                        />
                      )}
                    </span>
                  </th>
                </tr>
                {orderChecks(group.checks).map((check) => (
                  <CheckRow
                    key={check.id}
                    check={check}
                    remediationHref={`/containers/${encodeURIComponent(container.id)}#remediation-heading`}
                  />
                ))}
              </tbody>
            ))}
        </table>
      </ScrollRegion>
    </div>
  );
}

function CheckRow({ check, remediationHref }: { check: CheckResult; remediationHref: string }) {
  const definition = CHECKS[check.id];
  // A waived check is still a finding: show it, and its fix, as fully as a failed one.
  const failed = check.status === "fail" || check.status === "waived";
  return (
    <tr data-testid="check-row" data-check-id={check.id} data-status={check.status} className="align-top">
      <td className="px-3 py-2">
        <div className="font-medium text-slate-800" title={definition?.description}>
          {definition?.title ?? check.id}
        </div>
        <div className="font-mono text-[11px] text-slate-500">{check.id}</div>
      </td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap items-center gap-1">
          <StatusBadge status={check.status} />
          <RuntimeBadge runtime={check.runtime} />
        </div>
      </td>
      <td className="px-3 py-2">
        <SeverityBadge severity={check.severity} muted={!failed} />
      </td>
      <td className={`max-w-72 px-3 py-2 break-words ${failed ? "text-slate-900" : "text-slate-600"}`}>
        {check.message}
        {check.waiver && (
          <p
            data-testid="waiver"
            data-source={check.waiver.source}
            className="mt-1 rounded bg-violet-50 px-1.5 py-1 text-violet-800 ring-1 ring-violet-600/20 ring-inset"
          >
            <span className="font-medium">Waived by {WAIVER_SOURCE_LABELS[check.waiver.source]}: </span>
            <span data-testid="waiver-reason" className="wrap-anywhere">
              {check.waiver.reason}
            </span>
          </p>
        )}
      </td>
      <td className="whitespace-nowrap px-3 py-2 font-mono text-slate-600">{definition?.cis ?? "—"}</td>
      <td className="max-w-80 px-3 py-2">
        <FixTargets checkId={check.id} full={failed} href={remediationHref} />
      </td>
      <td className="max-w-96 px-3 py-2">
        <EvidenceList evidence={check.evidence} />
      </td>
    </tr>
  );
}

/**
 * Which flag and compose key fix the check; the values come from the container's own remediation plan, on its
 * page (so this never shows a generic value that contradicts it). Quiet for checks that pass.
 */
function FixTargets({ checkId, full, href }: { checkId: CheckId; full: boolean; href: string }) {
  const targets = CHECK_FIX_TARGETS[checkId];
  const code = "rounded bg-slate-100 px-1 py-px font-mono text-[11px] break-words";
  if (!full) {
    return <code className={`${code} text-slate-500`}>{targets.flags.join(" ")}</code>;
  }
  return (
    <dl className="space-y-1 text-slate-800" data-testid="fix-targets">
      <div>
        <dt className="sr-only">docker run</dt>
        <dd>
          <code className={code}>{targets.flags.join(" ")}</code>
        </dd>
      </div>
      <div>
        <dt className="inline text-[11px] text-slate-500">compose </dt>
        <dd className="inline">
          <code className={code}>{targets.keys.join(", ")}</code>
        </dd>
      </div>
      <div>
        <dt className="sr-only">values</dt>
        <dd>
          <a href={href} className="text-[11px] text-sky-700 underline underline-offset-2">
            Values in its remediation
          </a>
        </dd>
      </div>
    </dl>
  );
}

/** Engine fields and their values; values are hostile text, rendered through JSON.stringify and React escaping. */
function EvidenceList({ evidence }: { evidence: Evidence }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl className="space-y-0.5 font-mono text-[11px]">
      {entries.map(([field, value]) => (
        <div key={field} className="break-all">
          <dt className="inline text-slate-500">{field}: </dt>
          <dd className="inline text-slate-800">{JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Waivers that were ignored (no reason, unknown check id, labels off): they waive nothing until fixed. */
/** The waivers roaudit ignored for a container (`waiverProblems`), as a note. */
export function WaiverProblems({ problems }: { problems: readonly string[] }) {
  return (
    <div
      role="note"
      data-testid="waiver-problems"
      className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900"
    >
      <p className="font-medium">
        {problems.length === 1 ? "A waiver was ignored" : `${problems.length} waivers were ignored`}; the
        findings they name count as usual:
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {problems.map((problem) => (
          <li key={problem} className="font-mono wrap-anywhere">
            {problem}
          </li>
        ))}
      </ul>
    </div>
  );
}

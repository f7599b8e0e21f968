import type { CheckResult, RemediationResponse } from "@/lib/api-types";
import { CHECKS } from "@/lib/audit/checks";
import type { Evidence } from "@/lib/audit/types";
import { SeverityBadge, StatusBadge } from "../badges";
import { WAIVER_SOURCE_LABELS } from "../labels";
import { RuntimeBadge } from "../verify/probe-runtime-badge";
import { CopyButton } from "./copy-button";
import { orderChecks } from "./detail-model";

/** The per-check fixes, cut from the container's remediation plan (`RemediationResponse.checkFixes`). */
export type PlanFixes =
  | { state: "loading" }
  | { state: "ready"; fixes: RemediationResponse["checkFixes"] }
  /** The plan could not be worked out: each check shows its generic example, said to be one. */
  | { state: "error" };

export interface CheckListProps {
  checks: readonly CheckResult[];
  fixes: PlanFixes;
}

/** Every check of one container, with why it matters, the evidence it read, and the fix to copy. */
export function CheckList({ checks, fixes }: CheckListProps) {
  return (
    <ol data-testid="detail-checks" className="space-y-2">
      {orderChecks(checks).map((check) => (
        <CheckItem key={check.id} check={check} fixes={fixes} />
      ))}
    </ol>
  );
}

function CheckItem({ check, fixes }: { check: CheckResult; fixes: PlanFixes }) {
  const definition = CHECKS[check.id];
  const failed = check.status === "fail";
  return (
    <li
      data-testid="detail-check"
      data-check-id={check.id}
      data-status={check.status}
      className={`rounded-lg border bg-white px-4 py-3 shadow-xs ${failed ? "border-red-200" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 className="text-sm font-semibold text-slate-900">{definition?.title ?? check.id}</h3>
        <code className="font-mono text-[11px] text-slate-500">{check.id}</code>
        <StatusBadge status={check.status} />
        <RuntimeBadge runtime={check.runtime} />
        <SeverityBadge severity={check.severity} muted={!failed} />
        <span data-testid="check-cis" className="text-xs text-slate-500">
          CIS {definition?.cis ?? "—"}
        </span>
      </div>
      <p
        data-testid="check-message"
        className={`mt-1 text-sm ${failed ? "text-slate-900" : "text-slate-600"}`}
      >
        {check.message}
      </p>
      {check.waiver && (
        <p data-testid="check-waiver" className="mt-1 text-xs text-violet-800">
          <span className="font-medium">Waived</span> by {WAIVER_SOURCE_LABELS[check.waiver.source]}:{" "}
          <q className="break-words">{check.waiver.reason}</q>
        </p>
      )}
      {failed || check.status === "waived" ? (
        <CheckFacts check={check} fixes={fixes} />
      ) : (
        // Passing and not-applicable checks fold their facts away so the failures stand out.
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-slate-500 select-none">
            Why it matters, evidence and fix
          </summary>
          <CheckFacts check={check} fixes={fixes} />
        </details>
      )}
    </li>
  );
}

function CheckFacts({ check, fixes }: { check: CheckResult; fixes: PlanFixes }) {
  const definition = CHECKS[check.id];
  return (
    <dl className="mt-2 grid gap-x-4 gap-y-2 text-xs md:grid-cols-[8rem_1fr]">
      {definition && (
        <>
          <dt className="font-medium text-slate-500">Why it matters</dt>
          <dd data-testid="check-why" className="text-slate-700">
            {definition.description}
          </dd>
        </>
      )}
      <dt className="font-medium text-slate-500">Evidence</dt>
      <dd>
        <EvidenceList evidence={check.evidence} />
      </dd>
      <dt className="font-medium text-slate-500">Fix</dt>
      <dd
        className="space-y-1"
        data-testid="check-fix"
        data-source={fixes.state === "ready" ? "plan" : fixes.state}
      >
        <CheckFix check={check} fixes={fixes} />
      </dd>
    </dl>
  );
}

/**
 * The check's part of the container's remediation plan, the same text the Remediation block writes; while the
 * plan is worked out, a note; when it cannot be, the check's generic example, labelled as one.
 */
function CheckFix({ check, fixes }: { check: CheckResult; fixes: PlanFixes }) {
  const definition = CHECKS[check.id];
  if (fixes.state === "loading") {
    return <p className="text-slate-500">Working out this container's fix…</p>;
  }
  if (fixes.state === "error") {
    if (!definition) return <span className="text-slate-500">—</span>;
    return (
      <>
        <p className="text-[11px] text-amber-800">
          A generic example: this container's remediation could not be worked out.
        </p>
        <FixLine
          kind="docker run"
          text={definition.remediation.dockerRun}
          copyLabel={`Copy the docker run fix of ${check.id}`}
        />
        <FixLine
          kind="compose"
          text={definition.remediation.compose}
          copyLabel={`Copy the compose fix of ${check.id}`}
        />
      </>
    );
  }
  const fix = fixes.fixes[check.id];
  return (
    <>
      {fix.dockerRun !== "" ? (
        <FixLine
          kind="docker run"
          text={fix.dockerRun}
          copyLabel={`Copy the docker run fix of ${check.id}`}
        />
      ) : (
        <p data-testid="fix-none" className="text-slate-600">
          The remediation writes no flag for this yet: a decision is needed first.
        </p>
      )}
      {fix.compose !== "" && (
        <FixLine kind="compose" text={fix.compose} copyLabel={`Copy the compose fix of ${check.id}`} />
      )}
      {fix.notes.length > 0 && (
        <ul data-testid="fix-notes" className="list-disc space-y-0.5 pl-5 text-amber-900">
          {fix.notes.map((note) => (
            <li key={note}>check: {note}</li>
          ))}
        </ul>
      )}
      <a href="#remediation-heading" className="text-[11px] text-sky-700 underline underline-offset-2">
        From this container's Remediation
      </a>
    </>
  );
}

function FixLine({ kind, text, copyLabel }: { kind: string; text: string; copyLabel: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="w-20 shrink-0 text-[11px] text-slate-500">{kind}</span>
      <code
        data-testid={kind === "compose" ? "fix-compose" : "fix-docker-run"}
        className="rounded bg-slate-100 px-1 py-px font-mono text-[11px] break-words whitespace-pre-wrap text-slate-800"
      >
        {text}
      </code>
      <CopyButton text={text} label={copyLabel} />
    </div>
  );
}

/** The engine fields as they are (JSON), keyed by Engine API field path; values are hostile text, React escapes them. */
function EvidenceList({ evidence }: { evidence: Evidence }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <dl data-testid="check-evidence" className="space-y-0.5 font-mono text-[11px]">
      {entries.map(([field, value]) => (
        <div key={field} className="break-all">
          <dt className="inline text-slate-500">{field}: </dt>
          <dd className="inline text-slate-800">{JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

import type { PolicyStatus } from "@/lib/api-types";

export interface PolicyProblemProps {
  policy: PolicyStatus;
}

/** The policy file is not used: say why, and that no waiver applies meanwhile (fail closed). */
export function PolicyProblem({ policy }: PolicyProblemProps) {
  return (
    <div
      role="alert"
      data-testid="policy-error"
      className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p>
        <span className="font-semibold">The waiver policy file is not used</span>
        {policy.file !== null && (
          <>
            {" "}
            (<code className="font-mono text-xs">{policy.file}</code>)
          </>
        )}
        : no waiver applies, labels included, until it is fixed. It is read again when it changes.
      </p>
      <pre className="mt-1 font-mono text-xs whitespace-pre-wrap wrap-anywhere">{policy.error}</pre>
    </div>
  );
}

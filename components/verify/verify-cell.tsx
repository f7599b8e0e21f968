import type { ContainerView } from "@/lib/api-types";
import { VERDICT_DOT_STYLES, VERDICT_STYLES } from "../fleet/fleet-columns";
import { latestVerification } from "../fleet/fleet-model";
import { formatTimestamp } from "../format-time";
import { VERDICT_LABELS } from "../labels";
import { Spinner } from "../spinner";
import { PREVIOUS_RUN_NOTE, VERIFY_DESCRIPTION } from "./probe-labels";
import type { VerifyState } from "./use-verify";
import { useVerifyDisabledReason } from "./verify-policy";

/** What the button does: the five probes Verify really runs (see `PROBE_HINTS`). */
const PROBE_TITLE = VERIFY_DESCRIPTION;

export interface VerifyCellProps {
  /** A fleet row or a detail page's container: only what both have. */
  container: Pick<ContainerView, "id" | "state" | "verification">;
  state: VerifyState | undefined;
  onVerify: (id: string) => void;
  /** Id of the element naming the container, so the button's description says which one. */
  describedBy?: string;
  /** Why Verify cannot run on this container now (e.g. the engine does not answer for it), if anything. */
  unavailableReason?: string | null;
}

export function VerifyCell({ container, state, onVerify, describedBy, unavailableReason }: VerifyCellProps) {
  const serverReason = useVerifyDisabledReason();
  const running = container.state === "running";
  const busy = state?.phase === "running";
  const disabledReason =
    serverReason ??
    unavailableReason ??
    (running ? null : `Only running containers can be verified; this one is ${container.state}.`);
  const verification = latestVerification(
    container.verification,
    state?.phase === "done" ? state.verification : null,
  );
  const shown = busy ? "running" : state?.phase === "error" ? "error" : (verification?.verdict ?? "none");

  return (
    <div className="flex items-start gap-3">
      <span title={disabledReason ?? undefined} className="shrink-0">
        <button
          type="button"
          // Busy, the button stays focusable (aria-disabled, not disabled): focus is not lost to the page.
          onClick={() => {
            if (!busy) onVerify(container.id);
          }}
          disabled={disabledReason !== null}
          aria-disabled={busy || undefined}
          aria-busy={busy}
          aria-describedby={describedBy}
          title={disabledReason ?? PROBE_TITLE}
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 shadow-xs hover:border-slate-400 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:border-slate-200 disabled:bg-slate-50 disabled:text-slate-400 disabled:shadow-none aria-disabled:cursor-wait"
        >
          {busy ? <Spinner className="size-3" /> : <ProbeIcon />}
          Verify
        </button>
      </span>
      <div data-testid="verify-verdict" data-verdict={shown} className="min-w-0 flex-1 text-xs">
        {busy ? (
          <p className="flex items-center gap-1.5 py-1 text-slate-600">Verifying…</p>
        ) : state?.phase === "error" ? (
          <p className="py-1 break-words text-red-700">
            <span className="font-medium">Verify failed:</span> {state.message}
          </p>
        ) : verification ? (
          <div className="space-y-0.5">
            <p className={`flex items-center gap-1.5 font-semibold ${VERDICT_STYLES[verification.verdict]}`}>
              <span
                aria-hidden="true"
                className={`size-2 shrink-0 rounded-full ${VERDICT_DOT_STYLES[verification.verdict]}`}
              />
              {VERDICT_LABELS[verification.verdict]}
            </p>
            <p
              className="line-clamp-2 break-words font-mono text-[11px] text-slate-600"
              title={verification.detail}
            >
              {verification.detail}
            </p>
            <p className="text-[11px] text-slate-500">
              checked <time dateTime={verification.checkedAt}>{formatTimestamp(verification.checkedAt)}</time>
              {verification.run === "previous" && (
                <span data-testid="verdict-previous-run"> · {PREVIOUS_RUN_NOTE}</span>
              )}
            </p>
          </div>
        ) : (
          <p className="py-1 text-slate-500">{running ? "Not verified yet" : "Not running"}</p>
        )}
      </div>
    </div>
  );
}

function ProbeIcon() {
  return (
    <svg className="size-3" viewBox="0 0 16 16" fill="none" aria-hidden="true">
      <path
        d="M2 4.5 4.5 7 2 9.5M6.5 10H10"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <rect x="0.75" y="1.75" width="14.5" height="12.5" rx="2" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

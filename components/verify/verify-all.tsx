"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import type { FleetContainer } from "@/lib/api-types";
import { useAnnounce } from "../announcer";
import { Spinner } from "../spinner";
import type { VerifyState } from "./use-verify";
import {
  failureWords,
  IDLE_PROGRESS,
  planVerifyAll,
  runBounded,
  VERIFY_ALL_CONCURRENCY,
  type VerifyOutcome,
  verifyAllReducer,
} from "./verify-all-model";
import { type VerifyAllTally, verifyAllAnnouncement, verifyAnnouncement } from "./verify-announcements";
import { useVerifyDisabledReason } from "./verify-policy";

export interface VerifyAllProps {
  /** The containers the table lists now, filter applied, in table order (those not running are skipped, saying why). */
  containers: readonly FleetContainer[];
  /** The per-row Verify (`useVerify`), so every result lands in the row and the fleet cache as it arrives. */
  verify: (id: string, signal?: AbortSignal) => Promise<VerifyState | null>;
}

function outcomeOf(state: VerifyState | null): VerifyOutcome {
  if (state === null) return { kind: "cancelled" };
  if (state.phase === "done") return { kind: "verdict", verdict: state.verification.verdict };
  if (state.phase === "error") return { kind: "error", message: state.message };
  return { kind: "cancelled" };
}

/** Pause between the last container's announcement and the run's: two updates in one render would be one. */
const ANNOUNCE_GAP_MS = 400;

const BUTTON =
  "inline-flex items-center gap-1.5 rounded-md border px-3 py-1.5 text-sm font-medium shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed";

/**
 * "Verify all": runs the live probes on every running container listed, {@link VERIFY_ALL_CONCURRENCY} at a
 * time, with a progress bar; Cancel starts nothing more and abandons the requests in flight.
 */
export function VerifyAll({ containers, verify }: VerifyAllProps) {
  const disabledReason = useVerifyDisabledReason();
  const [progress, dispatch] = useReducer(verifyAllReducer, IDLE_PROGRESS);
  const controller = useRef<AbortController | null>(null);
  const active = progress.phase === "running" || progress.phase === "cancelling";
  const runnable = containers.filter((c) => c.state === "running").length;
  const announce = useAnnounce();

  // Leaving the page ends the run: nothing is left polling a page that is gone.
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async () => {
    const plan = planVerifyAll(containers);
    const run = new AbortController();
    controller.current = run;
    dispatch({ type: "start", plan });
    // Each container is announced by name as it answers, and the run once at its end; the cells stay quiet.
    const tally: VerifyAllTally = { verdicts: {}, errors: 0, cancelled: 0 };
    let answered = 0;
    await runBounded(
      plan.targets,
      VERIFY_ALL_CONCURRENCY,
      async (target) => {
        const state = await verify(target.id, run.signal);
        dispatch({ type: "settle", name: target.name, outcome: outcomeOf(state) });
        const said = verifyAnnouncement(target.name, state);
        if (state?.phase === "done") {
          const verdict = state.verification.verdict;
          tally.verdicts[verdict] = (tally.verdicts[verdict] ?? 0) + 1;
        } else if (state?.phase === "error") tally.errors += 1;
        if (said !== null) {
          answered += 1;
          if (!run.signal.aborted) announce(`${said} (${answered} of ${plan.targets.length})`);
        }
      },
      run.signal,
    );
    tally.cancelled = plan.targets.length - answered;
    dispatch({ type: "end" });
    // After a beat, so the last container's own announcement is rendered (and read) before the run's end.
    setTimeout(() => announce(verifyAllAnnouncement(tally)), ANNOUNCE_GAP_MS);
    if (controller.current === run) controller.current = null;
  }, [containers, verify, announce]);

  const cancel = useCallback(() => {
    dispatch({ type: "cancel" });
    controller.current?.abort();
  }, []);

  const percent = progress.total === 0 ? 100 : Math.round((progress.done / progress.total) * 100);
  const figures = `${progress.done} / ${progress.total} verified, ${failureWords(progress)}`;

  return (
    <section
      aria-label="Verify all containers"
      data-testid="verify-all"
      data-phase={progress.phase}
      className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-2.5 shadow-xs"
    >
      <div className="flex items-center gap-2">
        {/* One button that turns into Cancel and back, so keyboard focus stays on it through the whole run. */}
        <span title={active ? undefined : (disabledReason ?? undefined)}>
          {active ? (
            <button
              type="button"
              onClick={() => {
                if (progress.phase !== "cancelling") cancel();
              }}
              aria-disabled={progress.phase === "cancelling" || undefined}
              className={`${BUTTON} border-slate-300 bg-white text-slate-800 hover:bg-slate-50 aria-disabled:cursor-wait aria-disabled:text-slate-600`}
            >
              {progress.phase === "cancelling" ? "Cancelling…" : "Cancel"}
            </button>
          ) : (
            <button
              type="button"
              onClick={() => void start()}
              disabled={disabledReason !== null || runnable === 0}
              aria-describedby={disabledReason ? "verify-all-reason" : undefined}
              title={
                disabledReason ??
                (runnable === 0
                  ? "No running container is listed: only running containers can be verified."
                  : `Runs the live probes in every running container listed (${runnable}), ${VERIFY_ALL_CONCURRENCY} at a time`)
              }
              className={`${BUTTON} border-slate-900 bg-slate-900 text-white hover:bg-slate-700 disabled:border-slate-300 disabled:bg-slate-300 disabled:text-slate-700 disabled:shadow-none`}
            >
              Verify all
            </button>
          )}
        </span>
      </div>

      {disabledReason ? (
        <p id="verify-all-reason" data-testid="verify-all-reason" className="text-xs text-slate-500">
          {disabledReason}
        </p>
      ) : progress.phase === "idle" ? (
        <p className="text-xs text-slate-500">
          Runs the live probes in the {runnable} running {runnable === 1 ? "container" : "containers"} listed,{" "}
          {VERIFY_ALL_CONCURRENCY} at a time.
        </p>
      ) : (
        <div className="flex min-w-64 flex-1 flex-wrap items-center gap-x-4 gap-y-1">
          <div
            role="progressbar"
            aria-label="Verify all progress"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
            aria-valuetext={figures}
            data-testid="verify-all-progress"
            className="h-2 w-48 overflow-hidden rounded-full bg-slate-200"
          >
            <div
              className={`h-full rounded-full transition-[width] ${progress.failures > 0 ? "bg-amber-500" : "bg-emerald-500"}`}
              style={{ width: `${percent}%` }}
            />
          </div>
          <p data-testid="verify-all-status" className="flex items-center gap-1.5 text-xs text-slate-700">
            {active && <Spinner className="size-3" />}
            <span>
              <span data-testid="verify-all-done" className="font-semibold tabular-nums">
                {progress.done} / {progress.total}
              </span>{" "}
              verified ·{" "}
              <span
                data-testid="verify-all-failures"
                className="tabular-nums"
                title="Verdicts: the kernel did not enforce a measure, or a probe could not prove it. Runs that could not happen at all are counted apart."
              >
                {failureWords(progress)}
              </span>
              {progress.skipped.length > 0 && (
                <>
                  {" "}
                  ·{" "}
                  <span
                    data-testid="verify-all-skipped"
                    title={progress.skipped.map((s) => `${s.name}: ${s.reason}`).join("\n")}
                    className="cursor-help underline decoration-dotted"
                  >
                    {progress.skipped.length} skipped (not running)
                  </span>
                </>
              )}
              {progress.phase === "finished" && " · done"}
              {progress.phase === "cancelling" && " · cancelling…"}
              {progress.phase === "cancelled" && (
                <span data-testid="verify-all-cancelled">
                  {" "}
                  · cancelled: {progress.cancelled} not verified (a probe already running in a container
                  finishes there; its verdict shows at the next refresh)
                </span>
              )}
            </span>
          </p>
          {progress.failed.length > 0 && !active && (
            <details className="basis-full text-xs">
              <summary className="cursor-pointer text-slate-600 select-none">
                Which were not enforced, inconclusive or could not run
              </summary>
              <ul data-testid="verify-all-failed" className="mt-1 space-y-0.5">
                {progress.failed.map((f) => (
                  <li key={f.name}>
                    <span className="font-medium">{f.name}</span>: <span className="font-mono">{f.what}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

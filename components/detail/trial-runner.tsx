"use client";

import { useState } from "react";
import { useSWRConfig } from "swr";
import type { TrialResponse, TrialRound } from "@/lib/api-types";
import { type ApiRequestError, postTrial, remediationKey } from "../api-client";
import { Spinner } from "../spinner";

export interface TrialRunnerProps {
  /** Full container id. */
  containerId: string;
}

type TrialState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; trial: TrialResponse }
  | { kind: "error"; message: string };

const OUTCOME_TEXT: Record<TrialRound["outcome"], string> = {
  started: "started",
  "running-with-errors": "running, with failures in its logs",
  exited: "exited",
  unhealthy: "unhealthy",
  "did-not-start": "did not start",
};

/**
 * **Try the hardened configuration**: `POST /api/containers/{id}/trial`, then every round's configuration,
 * outcome, log lines and the change it led to. A trial that starts makes the remediation above use its proven
 * configuration, so the remediation is read again.
 */
export function TrialRunner({ containerId }: TrialRunnerProps) {
  const [state, setState] = useState<TrialState>({ kind: "idle" });
  const { mutate } = useSWRConfig();

  async function run() {
    setState({ kind: "running" });
    try {
      const trial = await postTrial(containerId);
      setState({ kind: "done", trial });
      if (trial.outcome === "started") await mutate(remediationKey(containerId));
    } catch (error) {
      setState({ kind: "error", message: (error as ApiRequestError).message });
    }
  }

  return (
    <div data-testid="trial" data-state={state.kind} className="space-y-2">
      <button
        type="button"
        onClick={() => void run()}
        disabled={state.kind === "running"}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:text-slate-400"
      >
        {state.kind === "running" ? (
          <span className="flex items-center gap-1.5">
            <Spinner className="size-3" /> Trying… (a sibling starts read-only, up to 5 minutes)
          </span>
        ) : (
          "Try the hardened configuration"
        )}
      </button>
      {state.kind === "error" && (
        <p role="alert" className="text-xs text-amber-900">
          {state.message}
        </p>
      )}
      {state.kind === "done" && <TrialResult trial={state.trial} />}
    </div>
  );
}

function TrialResult({ trial }: { trial: TrialResponse }) {
  return (
    <div data-testid="trial-result" data-outcome={trial.outcome} className="space-y-2 text-xs">
      <p
        className={
          trial.outcome === "started" ? "font-semibold text-emerald-800" : "font-semibold text-amber-900"
        }
      >
        {trial.notes[0]}
      </p>
      <ol className="space-y-2">
        {trial.rounds.map((r) => (
          <li
            key={r.round}
            data-testid="trial-round"
            data-outcome={r.outcome}
            className="rounded border border-slate-200 p-2"
          >
            <p>
              <span className="font-semibold">Round {r.round}</span>: {OUTCOME_TEXT[r.outcome]}
              {r.exitCode !== null && ` (exit ${r.exitCode})`}
              {r.health && `, health ${r.health}`} —{" "}
              {r.configuration.join(", ") || "no mounts, no capabilities"}
            </p>
            {r.error && <p className="font-mono text-[11px] text-amber-900">{r.error}</p>}
            {r.logTail.length > 0 && (
              <pre className="mt-1 max-h-32 overflow-auto rounded bg-slate-900 p-2 font-mono text-[11px] whitespace-pre-wrap text-slate-100">
                {r.logTail.slice(-6).join("\n")}
              </pre>
            )}
            {r.diagnosis && (
              <p className="mt-1">
                Next: add <span className="font-mono">{changeText(r.diagnosis.change)}</span>
              </p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function changeText(change: NonNullable<TrialRound["diagnosis"]>["change"]): string {
  return change.kind === "capability"
    ? `--cap-add ${change.capability.replace(/^CAP_/, "")}`
    : `${change.kind} ${change.path}`;
}

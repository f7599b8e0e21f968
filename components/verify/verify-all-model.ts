import type { FleetContainer, VerifyVerdict } from "@/lib/api-types";

/** Probes in flight at once from one browser; the server bounds itself too (4 per engine, joins repeats). */
export const VERIFY_ALL_CONCURRENCY = 3;

/** A container left out of a Verify all, and why. */
export interface SkippedContainer {
  id: string;
  name: string;
  reason: string;
}

/** What a Verify all will do: the running containers to verify, in order, and the others with why not. */
export interface VerifyAllPlan {
  targets: { id: string; name: string }[];
  skipped: SkippedContainer[];
}

/**
 * Only running containers can be verified (the API answers 409 for the others): they are skipped, saying why.
 * So are those the engine did not answer for in the last read: a Verify would wait on the same engine lock.
 */
export function planVerifyAll(containers: readonly FleetContainer[]): VerifyAllPlan {
  const plan: VerifyAllPlan = { targets: [], skipped: [] };
  for (const c of containers) {
    if (c.read.status !== "current")
      plan.skipped.push({ id: c.id, name: c.name, reason: "the engine did not answer for it" });
    else if (c.state === "running") plan.targets.push({ id: c.id, name: c.name });
    else plan.skipped.push({ id: c.id, name: c.name, reason: `not running (${c.state})` });
  }
  return plan;
}

/** How one container's Verify ended: a verdict, an error, or cancelled before it answered. */
export type VerifyOutcome =
  | { kind: "verdict"; verdict: VerifyVerdict }
  | { kind: "error"; message: string }
  | { kind: "cancelled" };

/** A failure, for the progress figures: anything but `enforced` (not-enforced, inconclusive, an error). */
export function isFailure(outcome: VerifyOutcome): boolean {
  return outcome.kind === "error" || (outcome.kind === "verdict" && outcome.verdict !== "enforced");
}

/** Progress of a Verify all. `done` counts containers that answered (verdict or error). */
export interface VerifyAllProgress {
  phase: "idle" | "running" | "cancelling" | "cancelled" | "finished";
  /** Containers to verify (the running ones). */
  total: number;
  done: number;
  /** Of `done`: not-enforced, inconclusive or an error. */
  failures: number;
  /** Of `failures`: Verify itself could not run (an error answer, not a verdict). */
  errors: number;
  /** Of `done`: enforced. */
  enforced: number;
  /** Containers never verified because the run was cancelled (queued or abandoned in flight). */
  cancelled: number;
  skipped: SkippedContainer[];
  /** Names of the failed containers with what happened, in the order they answered. */
  failed: { name: string; what: string }[];
}

export type VerifyAllAction =
  | { type: "start"; plan: VerifyAllPlan }
  | { type: "settle"; name: string; outcome: VerifyOutcome }
  | { type: "cancel" }
  | { type: "end" };

export const IDLE_PROGRESS: VerifyAllProgress = {
  phase: "idle",
  total: 0,
  done: 0,
  failures: 0,
  errors: 0,
  enforced: 0,
  cancelled: 0,
  skipped: [],
  failed: [],
};

/**
 * The progress reducer. `end` comes once every started Verify has settled: the run is then `finished`, or
 * `cancelled` when a cancel came first, and every container that never answered counts as cancelled.
 */
export function verifyAllReducer(state: VerifyAllProgress, action: VerifyAllAction): VerifyAllProgress {
  switch (action.type) {
    case "start":
      return {
        ...IDLE_PROGRESS,
        phase: "running",
        total: action.plan.targets.length,
        skipped: action.plan.skipped,
      };
    case "settle": {
      if (state.phase !== "running" && state.phase !== "cancelling") return state;
      const { outcome } = action;
      if (outcome.kind === "cancelled") return state;
      const failed = isFailure(outcome);
      return {
        ...state,
        done: state.done + 1,
        failures: state.failures + (failed ? 1 : 0),
        errors: state.errors + (outcome.kind === "error" ? 1 : 0),
        enforced: state.enforced + (failed ? 0 : 1),
        failed: failed
          ? [
              ...state.failed,
              { name: action.name, what: outcome.kind === "error" ? outcome.message : outcome.verdict },
            ]
          : state.failed,
      };
    }
    case "cancel":
      return state.phase === "running" ? { ...state, phase: "cancelling" } : state;
    case "end":
      if (state.phase !== "running" && state.phase !== "cancelling") return state;
      return {
        ...state,
        phase: state.phase === "cancelling" ? "cancelled" : "finished",
        cancelled: state.total - state.done,
      };
  }
}

/**
 * Runs `worker` over `items`, at most `concurrency` at a time, in order. Once `signal` is aborted no further
 * item starts; those already started are awaited (their worker sees the same signal). Resolves when every
 * started worker has settled; a worker's rejection does not stop the others.
 * @returns how many items were started.
 */
export async function runBounded<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<unknown>,
  signal: AbortSignal,
): Promise<number> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (!signal.aborted && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await worker(item);
      } catch {
        // The worker reports its own failures; one failure must not stop the run.
      }
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return next;
}

/**
 * The run's failures in words that say what they are: verdicts that found the measures not enforced or could
 * not prove them (`"4 not enforced or inconclusive"`), and apart from them runs that failed as a tool
 * (`"1 could not run"`, only when there are any). Count-aware: "1 container", "2 containers".
 */
export function failureWords(progress: Pick<VerifyAllProgress, "failures" | "errors">): string {
  const verdicts = progress.failures - progress.errors;
  const words = `${verdicts} not enforced or inconclusive`;
  return progress.errors > 0 ? `${words}, ${progress.errors} could not run` : words;
}

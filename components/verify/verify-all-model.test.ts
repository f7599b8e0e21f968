import { describe, expect, it } from "vitest";
import type { FleetContainer } from "@/lib/api-types";
import {
  failureWords,
  IDLE_PROGRESS,
  isFailure,
  planVerifyAll,
  runBounded,
  type VerifyAllAction,
  type VerifyAllProgress,
  verifyAllReducer,
} from "./verify-all-model";

const container = (name: string, state: string): FleetContainer => ({
  id: `${name}-id`,
  name,
  image: "roaudit-fixture:busybox",
  state,
  score: 100,
  grade: "A",
  checks: [],
  compose: null,
  waiverProblems: [],
  engine: "local",
  breakdown: null,
  verification: null,
  read: { status: "current", readAt: "2026-01-01T00:00:00.000Z" },
});

const plan = planVerifyAll([
  container("web", "running"),
  container("db", "exited"),
  container("cache", "running"),
  container("job", "paused"),
]);

describe("planVerifyAll", () => {
  it("verifies running containers in order and skips the others, saying why", () => {
    expect(plan).toEqual({
      targets: [
        { id: "web-id", name: "web" },
        { id: "cache-id", name: "cache" },
      ],
      skipped: [
        { id: "db-id", name: "db", reason: "not running (exited)" },
        { id: "job-id", name: "job", reason: "not running (paused)" },
      ],
    });
  });

  it("an empty fleet plans nothing", () => {
    expect(planVerifyAll([])).toEqual({ targets: [], skipped: [] });
  });
});

describe("isFailure", () => {
  it.each([
    [{ kind: "verdict", verdict: "enforced" } as const, false],
    [{ kind: "verdict", verdict: "not-enforced" } as const, true],
    [{ kind: "verdict", verdict: "inconclusive" } as const, true],
    [{ kind: "error", message: "Container is paused" } as const, true],
    [{ kind: "cancelled" } as const, false],
  ])("%o → %s", (outcome, expected) => {
    expect(isFailure(outcome)).toBe(expected);
  });
});

const run = (actions: VerifyAllAction[]): VerifyAllProgress =>
  actions.reduce(verifyAllReducer, IDLE_PROGRESS);

describe("verifyAllReducer", () => {
  it("counts answers and failures, and finishes", () => {
    const state = run([
      { type: "start", plan },
      { type: "settle", name: "web", outcome: { kind: "verdict", verdict: "enforced" } },
      { type: "settle", name: "cache", outcome: { kind: "error", message: "timed out" } },
      { type: "end" },
    ]);
    expect(state).toEqual({
      phase: "finished",
      total: 2,
      done: 2,
      failures: 1,
      errors: 1,
      enforced: 1,
      cancelled: 0,
      skipped: plan.skipped,
      failed: [{ name: "cache", what: "timed out" }],
    });
  });

  it("while running, shows done / total so far", () => {
    const state = run([
      { type: "start", plan },
      { type: "settle", name: "web", outcome: { kind: "verdict", verdict: "not-enforced" } },
    ]);
    expect(state).toMatchObject({ phase: "running", total: 2, done: 1, failures: 1, enforced: 0 });
    expect(state.failed).toEqual([{ name: "web", what: "not-enforced" }]);
  });

  it("cancel: what never answered counts as cancelled, not as done or failed", () => {
    const state = run([
      { type: "start", plan },
      { type: "settle", name: "web", outcome: { kind: "verdict", verdict: "enforced" } },
      { type: "cancel" },
      { type: "settle", name: "cache", outcome: { kind: "cancelled" } },
      { type: "end" },
    ]);
    expect(state).toMatchObject({ phase: "cancelled", total: 2, done: 1, failures: 0, cancelled: 1 });
  });

  it("an answer that arrives after cancel still counts", () => {
    const state = run([
      { type: "start", plan },
      { type: "cancel" },
      { type: "settle", name: "web", outcome: { kind: "verdict", verdict: "inconclusive" } },
      { type: "end" },
    ]);
    expect(state).toMatchObject({ phase: "cancelled", done: 1, failures: 1, cancelled: 1 });
  });

  it("ignores settles and ends outside a run, and a second start begins afresh", () => {
    expect(run([{ type: "settle", name: "web", outcome: { kind: "error", message: "x" } }])).toEqual(
      IDLE_PROGRESS,
    );
    expect(run([{ type: "end" }, { type: "cancel" }])).toEqual(IDLE_PROGRESS);
    const again = run([
      { type: "start", plan },
      { type: "settle", name: "web", outcome: { kind: "error", message: "x" } },
      { type: "end" },
      { type: "start", plan: { targets: [{ id: "a", name: "a" }], skipped: [] } },
    ]);
    expect(again).toEqual({ ...IDLE_PROGRESS, phase: "running", total: 1 });
  });
});

/** A worker whose calls are settled by hand, recording what ran when. */
function manualWorker() {
  const pending = new Map<number, () => void>();
  const started: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const worker = (item: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(item);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.set(item, () => {
        inFlight -= 1;
        if (item === 2) reject(new Error("boom"));
        else resolve();
      });
    });
  const settle = async (item: number) => {
    pending.get(item)?.();
    pending.delete(item);
    // Let the lane pick up its next item.
    await new Promise((r) => setTimeout(r, 0));
  };
  return { worker, settle, started, max: () => maxInFlight };
}

describe("runBounded", () => {
  it("runs at most `concurrency` at a time, in order, past a failing worker", async () => {
    const w = manualWorker();
    const done = runBounded([1, 2, 3, 4, 5], 2, w.worker, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 0));
    expect(w.started).toEqual([1, 2]);
    await w.settle(2);
    expect(w.started).toEqual([1, 2, 3]);
    await w.settle(1);
    await w.settle(3);
    await w.settle(4);
    await w.settle(5);
    expect(await done).toBe(5);
    expect(w.started).toEqual([1, 2, 3, 4, 5]);
    expect(w.max()).toBe(2);
  });

  it("starts nothing more once aborted, and waits for those in flight", async () => {
    const w = manualWorker();
    const controller = new AbortController();
    let finished = false;
    const done = runBounded([1, 2, 3, 4, 5], 3, w.worker, controller.signal).then((n) => {
      finished = true;
      return n;
    });
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    await w.settle(1);
    expect(finished).toBe(false);
    await w.settle(3);
    await w.settle(2);
    expect(await done).toBe(3);
    expect(w.started).toEqual([1, 2, 3]);
  });

  it("an empty list resolves at once", async () => {
    expect(await runBounded([], 3, async () => undefined, new AbortController().signal)).toBe(0);
  });
});

describe("failureWords", () => {
  it("says the failures are verdicts, and counts tool errors apart", () => {
    expect(failureWords({ failures: 4, errors: 0 })).toBe("4 not enforced or inconclusive");
    expect(failureWords({ failures: 0, errors: 0 })).toBe("0 not enforced or inconclusive");
    expect(failureWords({ failures: 3, errors: 1 })).toBe("2 not enforced or inconclusive, 1 could not run");
  });
});

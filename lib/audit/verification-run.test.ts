import { describe, expect, it } from "vitest";
import { verificationRun, withRun } from "./verification-run";

const RUN_A = "2026-12-02T10:00:00.123456789Z";
const RUN_B = "2026-12-02T11:30:00.000000001Z";

describe("verificationRun", () => {
  it.each([
    ["same run, running", { state: "running", startedAt: RUN_A }, "current"],
    ["same run, paused", { state: "paused", startedAt: RUN_A }, "current"],
    ["restarted since", { state: "running", startedAt: RUN_B }, "previous"],
    ["stopped since (same StartedAt, run ended)", { state: "exited", startedAt: RUN_A }, "previous"],
    ["restarting", { state: "restarting", startedAt: RUN_A }, "previous"],
    ["snapshot without a start time", { state: "running" }, "previous"],
  ] as const)("%s → %s", (_, snapshot, expected) => {
    expect(verificationRun({ startedAt: RUN_A }, snapshot)).toBe(expected);
  });

  it("a verdict that recorded no run is never current", () => {
    expect(verificationRun({}, { state: "running", startedAt: RUN_A })).toBe("previous");
  });
});

describe("withRun", () => {
  it("adds the run and keeps null", () => {
    const v = { verdict: "enforced" as const, detail: "d", checkedAt: RUN_A, probes: [], startedAt: RUN_A };
    expect(withRun(v, { state: "running", startedAt: RUN_B })?.run).toBe("previous");
    expect(withRun(null, { state: "running", startedAt: RUN_B })).toBeNull();
  });
});

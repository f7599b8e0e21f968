import { describe, expect, it } from "vitest";
import { remediationInput } from "../fixtures/remediation/load";
import { CHECK_IDS } from "../types";
import { generateRemediation } from ".";
import { CHECK_FIX_TARGETS } from "./check-fixes";

describe("checkFixes", () => {
  it("cuts every per-check fix out of the full docker run and compose text (fixture writes-root)", () => {
    const answer = generateRemediation(...args("writes-root"));
    for (const id of CHECK_IDS) {
      const fix = answer.checkFixes[id];
      for (const line of fix.dockerRun.split(" \\\n").filter((l) => l !== "")) {
        expect(answer.dockerRun, `${id}: ${line}`).toContain(`  ${line}`);
      }
      for (const line of fix.compose.split("\n").filter((l) => l !== "")) {
        expect(answer.compose, `${id}: ${line}`).toContain(line);
      }
    }
  });

  it("gives the plan's pids limit and memory, not a generic value", () => {
    const answer = generateRemediation(...args("writes-root"));
    const pids = /--pids-limit (\d+)/.exec(answer.dockerRun)?.[1];
    expect(answer.checkFixes["pids-limit"].dockerRun).toBe(`--pids-limit ${pids}`);
    expect(answer.checkFixes["pids-limit"].compose).toBe(`pids_limit: ${pids}`);
    expect(answer.checkFixes["memory-limit"].dockerRun).toMatch(/^--memory \S+/);
  });

  it("writes no --user for a root container, and carries the plan's note on deciding one", () => {
    const answer = generateRemediation(...args("writes-root"));
    expect(answer.dockerRun).not.toMatch(/^ {2}--user /m);
    expect(answer.checkFixes["non-root-user"]).toMatchObject({ dockerRun: "", compose: "" });
    expect(answer.checkFixes["non-root-user"].notes.join(" ")).toMatch(/runs as root today/);
  });

  it("keeps a non-root user as the plan does (fixture nonroot-limits)", () => {
    const answer = generateRemediation(...args("nonroot-limits"));
    const user = /--user (\S+)/.exec(answer.dockerRun)?.[1];
    expect(user).toBeDefined();
    expect(answer.checkFixes["non-root-user"].dockerRun).toBe(`--user ${user}`);
    expect(answer.checkFixes["non-root-user"].compose).toMatch(/^user: "/);
  });

  it("names flags and keys for every check", () => {
    for (const id of CHECK_IDS) {
      expect(CHECK_FIX_TARGETS[id].flags.length, id).toBeGreaterThan(0);
      expect(CHECK_FIX_TARGETS[id].keys.length, id).toBeGreaterThan(0);
    }
  });
});

function args(name: Parameters<typeof remediationInput>[0]) {
  const { snapshot, changes } = remediationInput(name);
  return [snapshot, changes] as const;
}

import { describe, expect, it } from "vitest";
import { gradeOf, score } from "./score";
import type { CheckResult, Severity } from "./types";

const result = (status: CheckResult["status"], severity: Severity): CheckResult => ({
  id: "read-only-rootfs",
  status,
  severity,
  message: "",
  evidence: {},
});

describe("score", () => {
  it("is 100 / A with nothing failed; na and pass cost nothing", () => {
    expect(score([result("pass", "critical"), result("na", "high")])).toEqual({ score: 100, grade: "A" });
  });

  it("subtracts 15 per high, 8 per medium, 3 per low", () => {
    expect(score([result("fail", "high")])).toEqual({ score: 85, grade: "B" });
    expect(score([result("fail", "medium"), result("fail", "low")])).toEqual({ score: 89, grade: "B" });
    expect(score([result("fail", "high"), result("fail", "high")])).toEqual({ score: 70, grade: "C" });
    expect(score([result("fail", "high"), result("fail", "high"), result("fail", "medium")])).toEqual({
      score: 62,
      grade: "D",
    });
  });

  it("caps a failed critical at 59 / F", () => {
    expect(score([result("fail", "critical")])).toEqual({ score: 59, grade: "F" });
  });

  it("does not count waived checks by default, nor cap a waived critical", () => {
    expect(score([result("waived", "critical"), result("waived", "high")])).toEqual({
      score: 100,
      grade: "A",
    });
    expect(score([result("waived", "critical"), result("fail", "high")], { waived: "ignore" })).toEqual({
      score: 85,
      grade: "B",
    });
  });

  it("counts waived checks as failed when the policy says count", () => {
    expect(score([result("waived", "high"), result("fail", "low")], { waived: "count" })).toEqual({
      score: 82,
      grade: "B",
    });
    expect(score([result("waived", "critical")], { waived: "count" })).toEqual({ score: 59, grade: "F" });
  });

  it("never goes below 0", () => {
    expect(score(Array.from({ length: 5 }, () => result("fail", "critical")))).toEqual({
      score: 0,
      grade: "F",
    });
  });
});

describe("gradeOf", () => {
  it.each([
    [100, "A"],
    [90, "A"],
    [89, "B"],
    [80, "B"],
    [79, "C"],
    [70, "C"],
    [69, "D"],
    [60, "D"],
    [59, "F"],
    [0, "F"],
  ])("%i → %s", (value, grade) => {
    expect(gradeOf(value)).toBe(grade);
  });
});

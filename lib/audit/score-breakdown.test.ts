import { describe, expect, it } from "vitest";
import { CRITICAL_SCORE_CAP, GRADE_FLOORS, score, scoreBreakdown } from "./score";
import { SEVERITY_PENALTY } from "./severity";
import type { CheckId, CheckResult, Severity } from "./types";

const result = (id: CheckId, status: CheckResult["status"], severity: Severity): CheckResult => ({
  id,
  status,
  severity,
  message: "",
  evidence: {},
});

describe("scoreBreakdown", () => {
  it("lists the failed checks with their points, most first, and the score they leave", () => {
    const results = [
      result("pids-limit", "fail", "low"),
      result("read-only-rootfs", "fail", "high"),
      result("memory-limit", "fail", "medium"),
      result("cap-drop-all", "pass", "high"),
      result("tmpfs-noexec", "na", "medium"),
    ];
    expect(scoreBreakdown(results)).toEqual({
      penalties: [
        { id: "read-only-rootfs", status: "fail", severity: "high", points: 15 },
        { id: "memory-limit", status: "fail", severity: "medium", points: 8 },
        { id: "pids-limit", status: "fail", severity: "low", points: 3 },
      ],
      totalPenalty: 26,
      cappedAt: null,
      waivedFree: [],
      score: 74,
      grade: "C",
    });
  });

  it("says when a critical check capped the score", () => {
    const b = scoreBreakdown([result("privileged", "fail", "critical")]);
    expect(b).toMatchObject({ totalPenalty: 40, cappedAt: CRITICAL_SCORE_CAP, score: 59, grade: "F" });
    const low = scoreBreakdown([
      result("privileged", "fail", "critical"),
      result("docker-socket-mount", "fail", "critical"),
    ]);
    // 100 − 80 = 20 is below the cap already: the cap lowered nothing.
    expect(low).toMatchObject({ totalPenalty: 80, cappedAt: null, score: 20 });
  });

  it("lists waived checks as free by default, and as penalties when waived checks count", () => {
    const results = [result("non-root-user", "waived", "high"), result("pids-limit", "fail", "low")];
    expect(scoreBreakdown(results)).toMatchObject({ waivedFree: ["non-root-user"], score: 97 });
    expect(scoreBreakdown(results, { waived: "count" })).toMatchObject({
      waivedFree: [],
      penalties: [
        { id: "non-root-user", status: "waived", points: 15 },
        { id: "pids-limit", status: "fail", points: 3 },
      ],
      score: 82,
    });
  });

  it("agrees with score() and with its own parts", () => {
    const severities: Severity[] = ["critical", "high", "medium", "low"];
    const ids: CheckId[] = ["privileged", "read-only-rootfs", "memory-limit", "pids-limit"];
    for (let mask = 0; mask < 16; mask++) {
      const results = ids.map((id, i) =>
        result(id, mask & (1 << i) ? "fail" : "pass", severities[i] ?? "low"),
      );
      const b = scoreBreakdown(results);
      expect(score(results)).toEqual({ score: b.score, grade: b.grade });
      const sum = b.penalties.reduce((s, p) => s + SEVERITY_PENALTY[p.severity], 0);
      expect(b.totalPenalty).toBe(sum);
      expect(b.score).toBe(Math.min(Math.max(0, 100 - sum), b.cappedAt ?? 100));
    }
  });
});

describe("GRADE_FLOORS", () => {
  it("is A 90, B 80, C 70, D 60, best first", () => {
    expect(GRADE_FLOORS).toEqual([
      { grade: "A", min: 90 },
      { grade: "B", min: 80 },
      { grade: "C", min: 70 },
      { grade: "D", min: 60 },
    ]);
  });
});

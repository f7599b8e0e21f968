import { describe, expect, it } from "vitest";
import { auditExec } from "./audit-log";

describe("auditExec", () => {
  it("writes one JSON line with when, which container, which probe, the verdict and who", () => {
    const lines: string[] = [];
    auditExec(
      {
        at: "2026-11-30T00:00:00.000Z",
        containerId: "a".repeat(64),
        containerName: "web\nforged-line",
        probe: "root-write",
        outcome: "enforced",
        identity: "token",
      },
      (l) => lines.push(l),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(JSON.parse(lines[0] ?? "")).toEqual({
      type: "roaudit.exec",
      at: "2026-11-30T00:00:00.000Z",
      containerId: "a".repeat(64),
      containerName: "web\nforged-line",
      probe: "root-write",
      outcome: "enforced",
      identity: "token",
    });
  });
});

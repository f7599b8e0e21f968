import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/api-types";
import { orderChecks } from "./detail-model";

const check = (id: CheckResult["id"], status: CheckResult["status"], severity: CheckResult["severity"]) =>
  ({ id, status, severity, message: "", evidence: {} }) satisfies CheckResult;

describe("orderChecks", () => {
  it("failures first by severity, then waived, pass and n/a, keeping report order within a group", () => {
    const ordered = orderChecks([
      check("read-only-rootfs", "pass", "high"),
      check("tmpfs-size", "fail", "low"),
      check("tmpfs-noexec", "na", "medium"),
      check("non-root-user", "fail", "high"),
      check("memory-limit", "waived", "medium"),
      check("privileged", "fail", "critical"),
      check("pids-limit", "fail", "low"),
      check("cap-drop-all", "pass", "high"),
    ]);
    expect(ordered.map((c) => c.id)).toEqual([
      "privileged",
      "non-root-user",
      "tmpfs-size",
      "pids-limit",
      "memory-limit",
      "read-only-rootfs",
      "cap-drop-all",
      "tmpfs-noexec",
    ]);
  });
});

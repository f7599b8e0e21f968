import { describe, expect, it } from "vitest";
import type {
  CheckId,
  CheckResult,
  CheckStatus,
  ContainerView,
  FleetResponse,
  Verification,
} from "@/lib/api-types";
import { CHECK_IDS } from "@/lib/audit/types";
import { MEASURES } from "./fleet-columns";
import {
  filterContainers,
  latestVerification,
  measureOutcome,
  sortContainers,
  summarize,
  withVerification,
} from "./fleet-model";

function result(id: CheckId, status: CheckStatus, message = `${id} ${status}`): CheckResult {
  return { id, status, severity: "high", message, evidence: {} };
}

function container(
  name: string,
  overrides: Partial<Record<CheckId, CheckStatus>> = {},
  extra: Partial<ContainerView> = {},
): ContainerView {
  return {
    id: name.padEnd(64, "0"),
    name,
    image: `${name}:latest`,
    state: "running",
    score: 50,
    grade: "F",
    checks: CHECK_IDS.map((id) => result(id, overrides[id] ?? "pass")),
    verification: null,
    ...extra,
  };
}

function measure(key: string) {
  const found = MEASURES.find((m) => m.key === key);
  if (!found) throw new Error(key);
  return found;
}

describe("measureOutcome", () => {
  it("fails when any check fails and lists only the failing messages", () => {
    const c = container("web", { "tmpfs-noexec": "fail", "tmpfs-size": "na" });
    const outcome = measureOutcome(c, measure("tmpfs"));
    expect(outcome.status).toBe("fail");
    expect(outcome.reason).toContain("tmpfs-noexec fail");
    expect(outcome.reason).not.toContain("tmpfs-nosuid pass");
  });

  it("passes when no check fails and at least one passes", () => {
    const c = container("web", { "writable-bind-mount": "na", "writable-volume": "na" });
    expect(measureOutcome(c, measure("volumes")).status).toBe("pass");
  });

  it("is na when every check is na", () => {
    const c = container("web", { "tmpfs-noexec": "na", "tmpfs-nosuid": "na", "tmpfs-size": "na" });
    expect(measureOutcome(c, measure("tmpfs")).status).toBe("na");
  });
});

describe("summarize", () => {
  it("counts read-only, non-root and drop-ALL from the check statuses", () => {
    const fleet = [
      container("a"),
      container("b", { "read-only-rootfs": "fail", "cap-drop-all": "fail" }),
      container("c", { "non-root-user": "fail" }),
    ];
    expect(summarize(fleet)).toEqual({ containers: 3, readOnly: 2, nonRoot: 2, dropAll: 2 });
  });
});

describe("filterContainers", () => {
  it("matches name or image, case-insensitively", () => {
    const fleet = [container("web"), container("db", {}, { image: "postgres:16" })];
    expect(filterContainers(fleet, "POSTGRES").map((c) => c.name)).toEqual(["db"]);
    expect(filterContainers(fleet, " we ").map((c) => c.name)).toEqual(["web"]);
    expect(filterContainers(fleet, "")).toHaveLength(2);
  });
});

describe("sortContainers", () => {
  const fleet = [
    container("b", {}, { score: 90 }),
    container("a", {}, { score: 90 }),
    container("c10", {}, { score: 20 }),
    container("c9", {}, { score: 20 }),
  ];

  it("sorts by score with ties broken by name", () => {
    expect(sortContainers(fleet, "score", "ascending").map((c) => c.name)).toEqual(["c9", "c10", "a", "b"]);
    expect(sortContainers(fleet, "score", "descending").map((c) => c.name)).toEqual(["a", "b", "c9", "c10"]);
  });

  it("sorts by name with numbers in natural order", () => {
    expect(sortContainers(fleet, "name", "descending").map((c) => c.name)).toEqual(["c10", "c9", "b", "a"]);
  });
});

describe("withVerification", () => {
  const verification: Verification = {
    verdict: "enforced",
    detail: "EROFS",
    checkedAt: "2025-01-01T00:00:00.000Z",
    probes: [],
  };

  it("replaces the verification of one container", () => {
    const fleet: FleetResponse = {
      generatedAt: "2025-01-01T00:00:00.000Z",
      containers: [container("a"), container("b")],
    };
    const next = withVerification(fleet, container("b").id, verification);
    expect(next.containers.map((c) => c.verification)).toEqual([null, verification]);
  });

  it("returns the same object when the container is gone", () => {
    const fleet: FleetResponse = { generatedAt: "2025-01-01T00:00:00.000Z", containers: [container("a")] };
    expect(withVerification(fleet, "f".repeat(64), verification)).toBe(fleet);
  });
});

describe("latestVerification", () => {
  const older: Verification = {
    verdict: "enforced",
    detail: "",
    checkedAt: "2025-01-01T00:00:00.000Z",
    probes: [],
  };
  const newer: Verification = {
    verdict: "not-enforced",
    detail: "",
    checkedAt: "2025-01-01T00:00:05.000Z",
    probes: [],
  };

  it("picks the later checkedAt", () => {
    expect(latestVerification(older, newer)).toBe(newer);
    expect(latestVerification(newer, older)).toBe(newer);
    expect(latestVerification(null, older)).toBe(older);
    expect(latestVerification(undefined, undefined)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type {
  CheckId,
  CheckResult,
  CheckStatus,
  FleetContainer,
  FleetResponse,
  Verification,
} from "@/lib/api-types";
import { CHECK_IDS } from "@/lib/audit/types";
import { MEASURES } from "./fleet-columns";
import {
  applyFilters,
  failingCounts,
  filterContainers,
  groupContainers,
  latestVerification,
  measureOutcome,
  sortContainers,
  summarize,
  withVerification,
} from "./fleet-model";

function result(id: CheckId, status: CheckStatus, message = `${id} ${status}`): CheckResult {
  return status === "waived"
    ? {
        id,
        status,
        severity: "high",
        message,
        evidence: {},
        waiver: { reason: `<b>${id}</b> accepted`, source: "label" },
      }
    : { id, status, severity: "high", message, evidence: {} };
}

const POLICY: FleetResponse["policy"] = {
  file: null,
  error: null,
  waived: "ignore",
  labels: true,
  waivers: 0,
};

function container(
  name: string,
  overrides: Partial<Record<CheckId, CheckStatus>> = {},
  extra: Partial<FleetContainer> = {},
): FleetContainer {
  return {
    id: name.padEnd(64, "0"),
    name,
    image: `${name}:latest`,
    state: "running",
    score: 50,
    grade: "F",
    checks: CHECK_IDS.map((id) => result(id, overrides[id] ?? "pass")),
    compose: null,
    waiverProblems: [],
    engine: "local",
    breakdown: null,
    verification: null,
    read: { status: "current", readAt: "2026-01-01T00:00:00.000Z" },
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

  it("is waived when nothing fails and a check is waived, with the reason and who waived it", () => {
    const c = container("web", { "non-root-user": "waived" });
    const outcome = measureOutcome(c, measure("user"));
    expect(outcome.status).toBe("waived");
    expect(outcome.reason).toBe(
      "User: waived\nRuns as a non-root user: non-root-user waived\n  waived by label: <b>non-root-user</b> accepted",
    );
    const failing = container("web", { "cap-drop-all": "waived", privileged: "fail" });
    expect(measureOutcome(failing, measure("capabilities")).status).toBe("fail");
  });

  it("is na when every check is na", () => {
    const c = container("web", { "tmpfs-noexec": "na", "tmpfs-nosuid": "na", "tmpfs-size": "na" });
    expect(measureOutcome(c, measure("tmpfs")).status).toBe("na");
  });
});

describe("summarize", () => {
  it("counts a stale row with its last grade, an unreadable one in no grade and no measure", () => {
    const unreadable = container(
      "stuck",
      {},
      {
        score: null,
        grade: null,
        checks: [],
        read: { status: "unreadable", since: "2026-01-01T00:00:00.000Z" },
      },
    );
    const stale = container(
      "old",
      {},
      {
        grade: "A",
        score: 100,
        read: { status: "stale", since: "2026-01-01T00:00:00.000Z", readAt: "2025-12-31T23:59:00.000Z" },
      },
    );
    const summary = summarize([unreadable, stale, container("fine", {}, { grade: "A", score: 100 })]);
    expect(summary.containers).toBe(3);
    expect(summary.grades).toEqual({ A: 2, B: 0, C: 0, D: 0, F: 0 });
    expect(summary.unanswered).toEqual({ stale: 1, unreadable: 1 });
    expect(summary.measures["read-only"]).toEqual({ pass: 2, waived: 0, fail: 0, na: 0, applies: 2 });
    expect(applyFilters([unreadable, stale], { query: "", grades: ["F"], failing: null })).toEqual([]);
    expect(sortContainers([unreadable, stale], "score", "ascending").map((c) => c.name)).toEqual([
      "old",
      "stuck",
    ]);
    expect(sortContainers([unreadable, stale], "score", "descending").map((c) => c.name)).toEqual([
      "old",
      "stuck",
    ]);
  });

  it("counts grades, the measures' pass/waived/na, and waived checks", () => {
    const fleet = [
      container("a", { "tmpfs-noexec": "na" }, { grade: "A" }),
      container("b", { "read-only-rootfs": "fail", "cap-drop-all": "fail" }, { grade: "F" }),
      container("c", { "non-root-user": "waived", "memory-limit": "waived" }, { grade: "A" }),
      container("d", { "tmpfs-noexec": "fail", "non-root-user": "fail" }, { grade: "C" }),
    ];
    expect(summarize(fleet)).toEqual({
      containers: 4,
      running: 4,
      otherStates: [],
      readOnly: 3,
      nonRoot: 2,
      dropAll: 3,
      grades: { A: 2, B: 0, C: 1, D: 0, F: 1 },
      unanswered: { stale: 0, unreadable: 0 },
      measures: {
        "read-only": { pass: 3, waived: 0, fail: 1, na: 0, applies: 4 },
        "non-root": { pass: 2, waived: 1, fail: 1, na: 0, applies: 4 },
        "cap-drop-all": { pass: 3, waived: 0, fail: 1, na: 0, applies: 4 },
        // One container has no tmpfs: the measure applies to the other three.
        "noexec-tmpfs": { pass: 2, waived: 0, fail: 1, na: 1, applies: 3 },
      },
      waived: { checks: 2, containers: 1 },
    });
  });

  it("counts running containers apart from paused and stopped ones", () => {
    const fleet = [
      container("a"),
      container("b", {}, { state: "paused" }),
      container("c", {}, { state: "exited" }),
      container("d", {}, { state: "paused" }),
      container("e"),
      container("f", {}, { state: "created" }),
    ];
    expect(summarize(fleet)).toMatchObject({
      containers: 6,
      running: 2,
      otherStates: [
        { state: "paused", count: 2 },
        { state: "created", count: 1 },
        { state: "exited", count: 1 },
      ],
    });
  });

  it("is all zero for no containers", () => {
    expect(summarize([])).toMatchObject({
      containers: 0,
      running: 0,
      otherStates: [],
      grades: { A: 0, B: 0, C: 0, D: 0, F: 0 },
    });
  });
});

describe("applyFilters", () => {
  const fleet = [
    container("root-a", { "non-root-user": "fail" }, { grade: "B" }),
    container("root-waived", { "non-root-user": "waived" }, { grade: "A" }),
    container("user-f", {}, { grade: "F" }),
    container("user-d", {}, { grade: "D" }),
  ];
  const names = (view: Parameters<typeof applyFilters>[1]) => applyFilters(fleet, view).map((c) => c.name);

  it("keeps only the chosen grades", () => {
    expect(names({ query: "", grades: ["D", "F"], failing: null })).toEqual(["user-f", "user-d"]);
  });

  it("keeps only containers failing the chosen check; a waived one is not failing", () => {
    expect(names({ query: "", grades: [], failing: "non-root-user" })).toEqual(["root-a"]);
  });

  it("combines text, grade and check filters", () => {
    expect(names({ query: "root", grades: ["A", "B"], failing: null })).toEqual(["root-a", "root-waived"]);
    expect(names({ query: "user", grades: ["B"], failing: "non-root-user" })).toEqual([]);
    expect(names({ query: "", grades: [], failing: null })).toHaveLength(4);
  });
});

describe("failingCounts", () => {
  it("counts failed checks, not waived ones", () => {
    const fleet = [
      container("a", { "non-root-user": "fail", privileged: "fail" }),
      container("b", { "non-root-user": "fail" }),
      container("c", { "non-root-user": "waived" }),
    ];
    expect(failingCounts(fleet)).toEqual({ "non-root-user": 2, privileged: 1 });
  });
});

describe("groupContainers", () => {
  const compose = (project: string, service: string | null) => ({ compose: { project, service } });
  const fleet = [
    container("loose"),
    container("shop-web-2", {}, compose("shop", "web")),
    container("blog-1", {}, compose("blog", null)),
    container("shop-db-1", {}, compose("shop", "db")),
    container("shop-web-1", {}, compose("shop", "web")),
    container("blog-app", {}, compose("blog", "app")),
  ];

  it("puts every container in one group when not grouping", () => {
    const groups = groupContainers(fleet, "none");
    expect(groups.map((g) => [g.key, g.containers.length])).toEqual([["all", 6]]);
  });

  it("groups by project, then service, keeping the given order, loose containers last", () => {
    const groups = groupContainers(fleet, "compose");
    expect(
      groups.map((g) => ({
        key: g.key,
        project: g.project,
        services: g.services.map((s) => [s.service, s.containers.map((c) => c.name)]),
      })),
    ).toEqual([
      {
        key: "compose:blog",
        project: "blog",
        services: [
          ["app", ["blog-app"]],
          [null, ["blog-1"]],
        ],
      },
      {
        key: "compose:shop",
        project: "shop",
        services: [
          ["db", ["shop-db-1"]],
          ["web", ["shop-web-2", "shop-web-1"]],
        ],
      },
      { key: "no-compose", project: null, services: [[null, ["loose"]]] },
    ]);
    expect(groups[1]?.containers.map((c) => c.name)).toEqual(["shop-db-1", "shop-web-2", "shop-web-1"]);
  });

  it("has no loose group when every container is in a project, and no group for no containers", () => {
    expect(groupContainers([container("x", {}, compose("p", "s"))], "compose").map((g) => g.key)).toEqual([
      "compose:p",
    ]);
    expect(groupContainers([], "compose")).toEqual([]);
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
      policy: POLICY,
    };
    const next = withVerification(fleet, container("b").id, verification);
    expect(next.containers.map((c) => c.verification)).toEqual([null, verification]);
  });

  it("returns the same object when the container is gone", () => {
    const fleet: FleetResponse = {
      generatedAt: "2025-01-01T00:00:00.000Z",
      containers: [container("a")],
      policy: POLICY,
    };
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

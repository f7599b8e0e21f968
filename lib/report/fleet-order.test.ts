import { describe, expect, it } from "vitest";
import type { FleetContainer } from "@/lib/api-types";
import { CHECK_IDS, type CheckId, type Grade } from "@/lib/audit/types";
import { viewContainers, viewRows } from "./fleet-order";
import { DEFAULT_VIEW, type FleetViewState, parseFleetView } from "./fleet-view";

function container(
  name: string,
  score: number,
  grade: Grade,
  failing: CheckId[] = [],
  project?: string,
): FleetContainer {
  return {
    id: name.padEnd(64, "0"),
    name,
    image: `${name}:1`,
    state: "running",
    score,
    grade,
    breakdown: null,
    checks: CHECK_IDS.map((id) => ({
      id,
      status: failing.includes(id) ? "fail" : "pass",
      severity: "high",
      message: "",
      evidence: {},
    })),
    compose: project ? { project, service: "svc" } : null,
    waiverProblems: [],
    engine: "local",
    verification: null,
    read: { status: "current", readAt: "2026-12-02T10:00:00.000Z" },
  };
}

const FLEET = [
  container("web", 85, "B", ["pids-limit"], "shop"),
  container("db", 40, "F", ["non-root-user", "privileged"], "shop"),
  container("cache", 55, "F", ["non-root-user"]),
  container("proxy", 100, "A"),
];

const names = (rows: FleetContainer[]) => rows.map((c) => c.name);
const view = (address: string): FleetViewState => parseFleetView(new URLSearchParams(address));

describe("viewContainers", () => {
  it("sorts by score, worst first, by default", () => {
    expect(names(viewContainers(FLEET, DEFAULT_VIEW))).toEqual(["db", "cache", "web", "proxy"]);
  });

  it("filters and sorts as the address says", () => {
    expect(names(viewContainers(FLEET, view("grade=F&sort=name")))).toEqual(["cache", "db"]);
    expect(names(viewContainers(FLEET, view("failing=non-root-user&dir=desc")))).toEqual(["cache", "db"]);
    expect(names(viewContainers(FLEET, view("q=E&sort=name&dir=desc")))).toEqual(["web", "cache"]);
  });
});

describe("viewRows", () => {
  it("is viewContainers when not grouped", () => {
    expect(names(viewRows(FLEET, view("sort=name")))).toEqual(
      names(viewContainers(FLEET, view("sort=name"))),
    );
  });

  it("lists Compose projects first, each in the view's order, as the grouped table does", () => {
    expect(names(viewRows(FLEET, view("group=compose")))).toEqual(["db", "web", "cache", "proxy"]);
  });
});

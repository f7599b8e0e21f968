import { describe, expect, it } from "vitest";
import type { FleetContainer } from "@/lib/api-types";
import { groupContainers } from "./fleet-model";
import { tableSections } from "./table-sections";

function container(name: string, compose: FleetContainer["compose"] = null): FleetContainer {
  return {
    id: name.padEnd(64, "0"),
    name,
    image: "img",
    state: "running",
    score: 100,
    grade: "A",
    checks: [],
    compose,
    waiverProblems: [],
    engine: "local",
    breakdown: null,
    verification: null,
    read: { status: "current", readAt: "2026-01-01T00:00:00.000Z" },
  };
}

const web = container("a-web", { project: "shop", service: "web" });
const db = container("b-db", { project: "shop", service: "db" });
const loose = container("c-loose");

describe("tableSections", () => {
  it("ungrouped: one section of rows, an expanded row followed by its detail", () => {
    const sections = tableSections(
      groupContainers([web, loose], "none"),
      false,
      new Set(),
      new Set([web.id]),
    );
    expect(sections).toHaveLength(1);
    expect(sections[0]?.items.map((i) => `${i.kind}:${i.key}`)).toEqual([
      `row:${web.id}`,
      `detail:${web.id}:detail`,
      `row:${loose.id}`,
    ]);
  });

  it("grouped: one section per group with its header, service lines inside a project, and running indexes", () => {
    const sections = tableSections(groupContainers([web, db, loose], "compose"), true, new Set(), new Set());
    expect(sections.map((s) => [s.key, s.from, s.items.map((i) => i.kind)])).toEqual([
      ["compose:shop", 0, ["group", "service", "row", "service", "row"]],
      ["no-compose", 5, ["group", "row"]],
    ]);
  });

  it("a folded group keeps only its header row", () => {
    const sections = tableSections(
      groupContainers([web, db, loose], "compose"),
      true,
      new Set(["compose:shop"]),
      new Set(),
    );
    expect(sections.map((s) => [s.key, s.collapsed, s.from, s.items.length])).toEqual([
      ["compose:shop", true, 0, 1],
      ["no-compose", false, 1, 2],
    ]);
  });
});

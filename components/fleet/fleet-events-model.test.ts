import { describe, expect, it } from "vitest";
import type { FleetContainer, FleetResponse } from "@/lib/api-types";
import { applyFleetEvent } from "./fleet-events-model";

const row = (id: string, name: string, state = "running"): FleetContainer =>
  ({ id, name, state, read: { status: "current" } }) as FleetContainer;
const fleet = (containers: FleetContainer[]): FleetResponse =>
  ({ generatedAt: "2026-01-01T00:00:00.000Z", containers, policy: {} }) as FleetResponse;

describe("applyFleetEvent", () => {
  it("adds, replaces and removes rows, sorted by name, keeping untouched rows as they were", () => {
    const a = row("a", "alpha");
    const b = row("b", "bravo");
    const next = applyFleetEvent(
      fleet([a, b]),
      {
        generatedAt: "2026-01-01T00:00:01.000Z",
        changed: [row("c", "able"), row("b", "bravo2")],
        removed: ["a"],
      },
      true,
    );
    expect(next.containers.map((c) => c.name)).toEqual(["able", "bravo2"]);
    expect(next.generatedAt).toBe("2026-01-01T00:00:01.000Z");
    const kept = applyFleetEvent(
      fleet([a, b]),
      { generatedAt: "x", changed: [row("c", "c")], removed: [] },
      true,
    );
    expect(kept.containers[0]).toBe(a);
  });

  it("drops a container that stopped from the running-only fleet, and keeps it with all", () => {
    const event = { generatedAt: "x", changed: [row("a", "alpha", "exited")], removed: [] };
    expect(applyFleetEvent(fleet([row("a", "alpha")]), event, false).containers).toEqual([]);
    expect(applyFleetEvent(fleet([row("a", "alpha")]), event, true).containers).toHaveLength(1);
    const paused = { generatedAt: "x", changed: [row("a", "alpha", "paused")], removed: [] };
    expect(applyFleetEvent(fleet([]), paused, false).containers).toHaveLength(1);
  });
});

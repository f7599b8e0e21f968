import type { FleetContainer, FleetEvent, FleetResponse } from "@/lib/api-types";

/** States the engine lists without `all` (moby: `State.Running`, paused and restarting included). */
const LISTED_WITHOUT_ALL = new Set(["running", "paused", "restarting"]);

/**
 * The fleet after one `event: fleet` of `GET /api/events`: removed ids dropped, changed rows replaced or added
 * (a row leaves the running-only fleet when its container stops), sorted by name as the API sorts. Rows the
 * event does not name keep their identity, so memoised rows do not re-render. Pure.
 */
export function applyFleetEvent(
  fleet: FleetResponse,
  event: FleetEvent,
  includeStopped: boolean,
): FleetResponse {
  const removed = new Set(event.removed);
  const changed = new Map(event.changed.map((c) => [c.id, c]));
  const rows: FleetContainer[] = fleet.containers.filter((c) => !removed.has(c.id) && !changed.has(c.id));
  for (const c of changed.values()) {
    if (removed.has(c.id)) continue;
    if (includeStopped || LISTED_WITHOUT_ALL.has(c.state)) rows.push(c);
  }
  rows.sort((a, b) => a.name.localeCompare(b.name));
  return { ...fleet, generatedAt: event.generatedAt, containers: rows };
}

import { useCallback, useDeferredValue, useMemo, useRef, useState } from "react";
import type { CheckId, FleetContainer, Grade } from "@/lib/api-types";
import { useAnnounce } from "../announcer";
import { useVerify } from "../verify/use-verify";
import { verifyAnnouncement } from "../verify/verify-announcements";
import type { SortKey } from "./fleet-columns";
import { failingCounts, groupContainers, summarize, viewContainers } from "./fleet-model";
import { type FleetGrouping, type FleetViewState, GRADES, hasFilters } from "./fleet-url";
import { useFleet } from "./use-fleet";
import { useFleetEvents } from "./use-fleet-events";
import { useFleetView } from "./use-fleet-view";

/** Flips `item` in a set, as a new set. */
function toggled<T>(previous: ReadonlySet<T>, item: T): ReadonlySet<T> {
  const next = new Set(previous);
  if (!next.delete(item)) next.add(item);
  return next;
}

/**
 * The same object for a container whose answer did not change since the last read (compared as JSON, its
 * revision), so a refresh re-renders only the rows that changed (`FleetRow` is memoised on its props).
 */
function useStableContainers(containers: readonly FleetContainer[] | undefined): readonly FleetContainer[] {
  const known = useRef(new Map<string, { revision: string; container: FleetContainer }>());
  return useMemo(() => {
    if (!containers) return [];
    const next = new Map<string, { revision: string; container: FleetContainer }>();
    const stable = containers.map((container) => {
      const revision = JSON.stringify(container);
      const previous = known.current.get(container.id);
      const kept = previous?.revision === revision ? previous.container : container;
      next.set(container.id, { revision, container: kept });
      return kept;
    });
    known.current = next;
    return stable;
  }, [containers]);
}

/**
 * Everything the fleet page shows and every change a user can make to it, as named actions. The view lives
 * in the address (`useFleetView`); the table is computed from a deferred copy of it, so typing in the filter
 * stays responsive with thousands of rows and the table catches up when the browser is idle.
 */
export function useFleetDashboard(initialView: FleetViewState) {
  const { view, update } = useFleetView(initialView);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const live = useFleetEvents();
  const fleet = useFleet(view.includeStopped, live === "live");
  const { states: verifyStates, verify } = useVerify();

  const containers = useStableContainers(fleet.data?.containers);
  const announce = useAnnounce();
  const names = useRef(new Map<string, string>());
  names.current = new Map(containers.map((c) => [c.id, c.name]));
  const summary = useMemo(() => summarize(containers), [containers]);
  const failing = useMemo(() => failingCounts(containers), [containers]);
  const tableView = useDeferredValue(view);
  const visible = useMemo(() => viewContainers(containers, tableView), [containers, tableView]);
  const groups = useMemo(() => groupContainers(visible, tableView.grouping), [visible, tableView.grouping]);

  const sortBy = useCallback(
    (key: SortKey) =>
      update(
        (previous) => ({
          ...previous,
          sort:
            previous.sort.key === key
              ? { key, direction: previous.sort.direction === "ascending" ? "descending" : "ascending" }
              : { key, direction: "ascending" },
        }),
        "push",
      ),
    [update],
  );
  // One history entry per filter typed, not per keystroke: the first keystroke pushes, the ones that follow
  // rewrite that entry, until the filter is left (blur) or confirmed (Enter).
  const typing = useRef(false);
  const setQuery = useCallback(
    (text: string) => {
      const mode = typing.current ? "replace" : "push";
      typing.current = true;
      update((previous) => ({ ...previous, query: text }), mode);
    },
    [update],
  );
  const endQuery = useCallback(() => {
    typing.current = false;
  }, []);
  const toggleGrade = useCallback(
    (grade: Grade) =>
      update((previous) => {
        const chosen = new Set(previous.grades);
        if (!chosen.delete(grade)) chosen.add(grade);
        return { ...previous, grades: GRADES.filter((g) => chosen.has(g)) };
      }, "push"),
    [update],
  );
  const showFailing = useCallback(
    (check: CheckId | null) => update((previous) => ({ ...previous, failing: check }), "push"),
    [update],
  );
  const groupBy = useCallback(
    (grouping: FleetGrouping) => update((previous) => ({ ...previous, grouping }), "push"),
    [update],
  );
  const clearFilters = useCallback(
    () => update((previous) => ({ ...previous, query: "", grades: [], failing: null }), "push"),
    [update],
  );
  // Kept in the address bar with the rest of the view, so a reload or a shared link shows the same list.
  const setIncludeStopped = useCallback(
    (checked: boolean) => update((previous) => ({ ...previous, includeStopped: checked }), "push"),
    [update],
  );
  const toggleGroup = useCallback((key: string) => setCollapsed((previous) => toggled(previous, key)), []);
  const toggleRow = useCallback((id: string) => setExpanded((previous) => toggled(previous, id)), []);
  const verifyOne = useCallback(
    async (id: string) => {
      const said = verifyAnnouncement(names.current.get(id) ?? "The container", await verify(id));
      if (said !== null) announce(said);
    },
    [verify, announce],
  );

  const { data, error, isLoading, isValidating } = fleet;
  return {
    view,
    data,
    error,
    isValidating,
    /** Whether changes arrive over the event stream (`live`) or by polling (`reconnecting`). */
    live,
    /** The engine cannot be reached: nothing else to show. */
    engineDown: error?.code === "docker_unavailable",
    // keepPreviousData shows the other list while the toggled one loads: dim it until it arrives.
    switching: isLoading && data !== undefined,
    /** Some filter narrows the list (the text filter included). */
    filtered: view.query.trim() !== "" || hasFilters(view),
    summary,
    failing,
    visible,
    groups,
    expanded,
    collapsed,
    verifyStates,
    verify,
    actions: {
      sortBy,
      setQuery,
      endQuery,
      toggleGrade,
      showFailing,
      groupBy,
      clearFilters,
      setIncludeStopped,
      toggleGroup,
      toggleRow,
      verifyOne,
    },
  };
}

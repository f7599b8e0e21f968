/**
 * The fleet: every container the engine lists, audited.
 */
import "server-only";
import type { ContainerView, FleetContainer, FleetResponse } from "@/lib/api-types";
import { auditContainer } from "@/lib/audit/audit";
import { composeRefOf } from "@/lib/audit/compose";
import { displayText } from "@/lib/audit/display-text";
import { redactEngineRoot } from "@/lib/audit/redact";
import type { ContainerSnapshot } from "@/lib/audit/types";
import { withRun } from "@/lib/audit/verification-run";
import type { WaiverPolicy } from "@/lib/audit/waivers";
import { activePolicy } from "@/lib/policy/load";
import { processSingleton } from "@/lib/singleton";
import { enginesConfigured } from "./engine-watchers";
import { EngineUnavailableError } from "./errors";
import type { ContainerList } from "./inspect-schema";
import { loadSnapshot, type SnapshotReaders } from "./load-snapshot";
import { readMergedFleet } from "./merged-fleet";
import { servedEngineName } from "./served-engine";
import { lastVerification } from "./verification-store";
import { fleetWatcher, type WatchedContainer } from "./watcher";

/** Longest a fleet read waits for the watcher's first sync, in ms; past it the read fails as `docker_unavailable`. */
export const FLEET_DEADLINE_MS = 30_000;

export { CONTAINER_READ_DEADLINE_MS, INSPECT_CONCURRENCY } from "./watcher";

/** States in which the engine lists a container without `all` (moby: `State.Running`, paused included). */
const LISTED_WITHOUT_ALL = new Set(["running", "paused", "restarting"]);

/**
 * The audited fleet, from the fleet watcher's cache (see `./watcher.ts`): no engine request while the cache is
 * current. The first call in a process starts the watcher and waits for its first sync (at most
 * {@link FLEET_DEADLINE_MS}). `all` adds created and exited containers, as the engine's list does. While the
 * watcher resyncs after a reconnect, the last good data is answered and `generatedAt` is when it was true.
 * A container the engine did not answer for is a row marked `stale` (its last audit) or `unreadable`. Sorted
 * by name. Throws `EngineUnavailableError` (or `EngineResponseError`) once the watcher has seen the engine go.
 * With engines configured (`ROAUDIT_ENGINES`/`ROAUDIT_ENGINES_FILE`), every engine's rows merged and each
 * engine's state (see `./merged-fleet.ts`): one engine down is a status, not an error.
 */
export async function readFleet(options: { all: boolean }): Promise<FleetResponse> {
  if (enginesConfigured())
    return readMergedFleet(options, (state) => LISTED_WITHOUT_ALL.has(state), fleetRow);
  const watcher = fleetWatcher();
  const deadline = AbortSignal.timeout(FLEET_DEADLINE_MS);
  // Engine gone: try it again now rather than at the end of the backoff, so a read after it is back succeeds
  // (a refused or cut connection is often gone a moment later). But an engine that went silent (timed out)
  // while this very request waited is the answer: a second wait would only double the time to say so.
  const downBefore = watcher.status.kind === "down";
  await watcher.ready(deadline);
  const seen = watcher.status;
  if (seen.kind === "down" && (downBefore || !timedOut(seen.error)))
    await watcher.settle(watcher.reconnectNow(), deadline);
  const status = watcher.status;
  if (status.kind === "down") throw status.error;
  const active = activePolicy();
  const engine = servedEngineName();
  const containers = [...watcher.containers.values()]
    .filter((c) => options.all || LISTED_WITHOUT_ALL.has(c.listed.State ?? ""))
    .map((c) => fleetRow(c, active.policy, engine))
    .sort((a, b) => a.name.localeCompare(b.name));
  const generatedAt = status.kind === "syncing" ? status.trueAt : new Date().toISOString();
  return { generatedAt, containers, policy: active.status };
}

/** Whether a row belongs in the fleet read without `all` (the engine's default list). */
export function listedWithoutAll(row: Pick<FleetContainer, "state">): boolean {
  return LISTED_WITHOUT_ALL.has(row.state);
}

/**
 * The rows of these containers as `GET /api/containers` gives them (ids the cache no longer has are left out),
 * for the event stream to browsers.
 */
export function fleetRows(ids: readonly string[]): FleetContainer[] {
  const watcher = fleetWatcher();
  const { policy } = activePolicy();
  const engine = servedEngineName();
  return ids.flatMap((id) => {
    const known = watcher.containers.get(id);
    return known ? [fleetRow(known, policy, engine)] : [];
  });
}

/** Views memoised per container on (revision, policy, verification): an unchanged row costs no audit. */
const memo = processSingleton(
  "fleet-views",
  () =>
    new WeakMap<
      WatchedContainer,
      { revision: number; policy: WaiverPolicy; verification: unknown; view: ContainerView }
    >(),
);

function fleetRow(c: WatchedContainer, policy: WaiverPolicy, engine: string): FleetContainer {
  const verification = lastVerification(c.id);
  let view: ContainerView | undefined;
  if (c.snapshot) {
    const hit = memo.get(c);
    if (hit && hit.revision === c.revision && hit.policy === policy && hit.verification === verification) {
      view = hit.view;
    } else {
      view = viewOfSnapshot(c.snapshot, policy);
      memo.set(c, { revision: c.revision, policy, verification, view });
    }
  }
  if (c.since === null && view && c.readAt)
    return { ...view, read: { status: "current", readAt: c.readAt }, engine };
  const since = c.since ?? new Date().toISOString();
  if (view && c.readAt) return { ...view, read: { status: "stale", since, readAt: c.readAt }, engine };
  return listedRow(c.listed, since, engine);
}

/** A row from what `GET /containers/json` said, for a container never inspected: no audit, no grade. */
function listedRow(entry: ContainerList[number], since: string, engine: string): FleetContainer {
  return {
    id: entry.Id,
    name: displayText((entry.Names[0] ?? "").replace(/^\//, ""), MAX_LISTED_TEXT) || entry.Id.slice(0, 12),
    image: displayText(entry.Image ?? "", MAX_LISTED_TEXT),
    state: displayText(entry.State ?? "", MAX_LISTED_TEXT) || "unknown",
    score: null,
    grade: null,
    breakdown: null,
    checks: [],
    compose: composeRefOf(entry.Labels ?? {}),
    waiverProblems: [],
    // Which run the engine is in is unknown here: the verdict is not shown as the current run's.
    verification: withRun(lastVerification(entry.Id), { state: entry.State ?? "" }),
    read: { status: "unreadable", since },
    engine,
  };
}

/** Longest name, image or state kept from a list entry, in characters. */
const MAX_LISTED_TEXT = 256;

/**
 * One container's view (see {@link viewOfSnapshot}), or `null` when it is gone. `policy` defaults to the
 * one in force; `readers` are the request's (default: readers of its own). Throws `EngineUnavailableError` or
 * `EngineResponseError`.
 */
export async function viewOf(
  id: string,
  signal?: AbortSignal,
  policy: WaiverPolicy = activePolicy().policy,
  readers?: SnapshotReaders,
): Promise<ContainerView | null> {
  const snapshot = await loadSnapshot(id, signal, readers);
  return snapshot ? viewOfSnapshot(snapshot, policy) : null;
}

/**
 * The view of a loaded snapshot: its audit corrected by the last verification's runtime findings when that
 * verdict probed the container's current run (`State.StartedAt`, see `lib/audit/verification-run.ts`), with
 * the policy's waivers, plus that verification marked `run: current` or `previous`; engine storage paths
 * redacted. Reads no engine.
 */
export function viewOfSnapshot(
  snapshot: ContainerSnapshot,
  policy: WaiverPolicy = activePolicy().policy,
): ContainerView {
  const verification = withRun(lastVerification(snapshot.id), snapshot);
  // Only a verdict about the run the container is in now may correct its checks.
  const probed = verification?.run === "current" ? verification : null;
  const view = { ...auditContainer(snapshot, undefined, policy, probed), verification };
  return redactEngineRoot(view, snapshot.engine.dockerRootDir);
}

/** Whether an engine failure was a silence (a deadline passed) rather than a refusal or a cut. */
function timedOut(error: unknown): boolean {
  if (!(error instanceof EngineUnavailableError)) return false;
  return /ETIMEDOUT|timed? ?out|did not answer/i.test(`${error.detail.code} ${error.detail.message}`);
}

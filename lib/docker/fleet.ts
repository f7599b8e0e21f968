/**
 * The fleet: every container the engine lists, audited.
 */
import "server-only";
import pLimit from "p-limit";
import type { ContainerView, FleetContainer, FleetResponse } from "@/lib/api-types";
import { auditContainer } from "@/lib/audit/audit";
import { composeRefOf } from "@/lib/audit/compose";
import { displayText } from "@/lib/audit/display-text";
import { redactEngineRoot } from "@/lib/audit/redact";
import type { ContainerSnapshot } from "@/lib/audit/types";
import type { WaiverPolicy } from "@/lib/audit/waivers";
import { activePolicy } from "@/lib/policy/load";
import { processSingleton } from "@/lib/singleton";
import { engineCall } from "./client";
import { engineFacts } from "./engine-info";
import { EngineResponseError, EngineUnavailableError } from "./errors";
import { type ContainerList, InspectShapeError, parseContainerList } from "./inspect-schema";
import { loadSnapshot, type SnapshotReaders, snapshotReaders } from "./load-snapshot";
import { lastVerification } from "./verification-store";

/** Longest a whole fleet read may take, in ms; past it the read fails as `docker_unavailable`. */
export const FLEET_DEADLINE_MS = 30_000;

/**
 * Longest one container's read (its inspect, and its `/etc/passwd` when needed) may take in a fleet read, in
 * ms, counted from when that read starts. Past it the container is one row that says the engine did not answer
 * for it, and every other container is served: the engine blocks every call about a container it holds a lock
 * on (a `runc init` frozen by a pause, a hung shim) while it answers for the others. Well under
 * {@link FLEET_DEADLINE_MS} and the client's idle timeout, so one such container costs a fleet read this much.
 */
export const CONTAINER_READ_DEADLINE_MS = 5_000;

/** Inspects run in parallel at most this many at a time. */
export const INSPECT_CONCURRENCY = 8;

/**
 * Audits the fleet: one list call (`GET /containers/json`, `all` adds created and stopped containers), then
 * one inspect per container, {@link INSPECT_CONCURRENCY} at a time. A container removed between list and
 * inspect is left out, never an error. A container the engine does not answer for within
 * {@link CONTAINER_READ_DEADLINE_MS} is a row marked `stale` (its last audit, kept from an earlier read) or
 * `unreadable` (never read: what the list said, no grade), provided the engine still answers `GET /_ping`;
 * otherwise the engine itself is hung and the read fails. Concurrent callers with the same `all` share one
 * in-flight read. Sorted by name. Throws `EngineUnavailableError` or `EngineResponseError`.
 */
export function readFleet(options: { all: boolean }): Promise<FleetResponse> {
  const key = options.all ? "all" : "running";
  const map = processSingleton("fleet-inflight", () => new Map<string, Promise<FleetResponse>>());
  const pending = map.get(key);
  if (pending) return pending;
  const read = doReadFleet(options.all).finally(() => map.delete(key));
  map.set(key, read);
  return read;
}

async function doReadFleet(all: boolean): Promise<FleetResponse> {
  const deadline = AbortSignal.timeout(FLEET_DEADLINE_MS);
  // One policy for the whole read: every view and the status it reports agree, and the file is checked once.
  const { policy, status } = activePolicy();
  const listed: unknown = await engineCall((d, s) => d.listContainers({ all, abortSignal: s }), {
    signal: deadline,
  });
  const entries = listEntries(listed);
  // Read once for the whole fleet, so no container's own deadline can cut the shared `GET /info`.
  if (entries.length > 0) await engineFacts(deadline);
  const limit = pLimit(INSPECT_CONCURRENCY);
  // One set of readers for the whole read: a volume or bind source many containers share is read once.
  const readers = snapshotReaders();
  // Asked once per read, at the first container that does not answer: if the engine does not answer
  // `GET /_ping` either, the whole read fails now instead of after every queued container's own deadline.
  let engineAnswers: Promise<void> | null = null;
  const checkEngine = () => {
    engineAnswers ??= expectEngineAnswers(deadline);
    return engineAnswers;
  };
  const rows = await Promise.all(
    entries.map((entry) => limit(() => rowOf(entry, deadline, policy, readers, checkEngine))),
  );
  const containers = rows
    .filter((row): row is FleetContainer => row !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  rememberer().forget(all ? new Set(entries.map((e) => e.Id)) : null);
  return { generatedAt: new Date().toISOString(), containers, policy: status };
}

function listEntries(listed: unknown): ContainerList {
  try {
    return parseContainerList(listed);
  } catch (error) {
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

/**
 * One fleet row: the container's current view, or, when the engine does not answer for it within
 * {@link CONTAINER_READ_DEADLINE_MS}, its last view marked stale (or a row from the list marked unreadable).
 * `null` when the container is gone (404). A failure of the fleet's own deadline, or any other engine error,
 * is thrown: it is not this container's.
 */
async function rowOf(
  entry: ContainerList[number],
  deadline: AbortSignal,
  policy: WaiverPolicy,
  readers: SnapshotReaders,
  checkEngine: () => Promise<void>,
): Promise<FleetContainer | null> {
  const own = AbortSignal.timeout(CONTAINER_READ_DEADLINE_MS);
  const memory = rememberer();
  try {
    const view = await viewOf(entry.Id, AbortSignal.any([deadline, own]), policy, readers);
    if (view === null) {
      memory.drop(entry.Id);
      return null;
    }
    memory.read(entry.Id, view);
    return { ...view, read: { status: "current" } };
  } catch (error) {
    if (!(error instanceof EngineUnavailableError) || !own.aborted || deadline.aborted) throw error;
    await checkEngine();
    return memory.unanswered(entry);
  }
}

/**
 * Several containers did not answer: that is theirs only if the engine answers at all. Throws
 * `EngineUnavailableError` when `GET /_ping` does not answer either (the engine is hung, not one container).
 */
async function expectEngineAnswers(deadline: AbortSignal): Promise<void> {
  await engineCall(
    (d, s) =>
      (d as unknown as { ping(o: { abortSignal: AbortSignal }): Promise<unknown> }).ping({ abortSignal: s }),
    {
      signal: deadline,
      timeoutMs: CONTAINER_READ_DEADLINE_MS,
    },
  );
}

/** What the fleet reads remember between reads, per container id (see {@link rememberer}). */
interface Remembered {
  /** The last view read, and when (ISO 8601). */
  last?: { view: ContainerView; readAt: string };
  /** Since when (ISO 8601) the engine has not answered for it, while it does not. */
  since?: string;
}

/**
 * The last good view of each listed container and since when the engine has not answered for it: the rows
 * of containers that stop answering. Forgotten when a read of every container (`all`) no longer lists them.
 */
function rememberer() {
  const map = processSingleton("fleet-remembered", () => new Map<string, Remembered>());
  return {
    read(id: string, view: ContainerView): void {
      map.set(id, { last: { view, readAt: new Date().toISOString() } });
    },
    drop(id: string): void {
      map.delete(id);
    },
    /** The row of a listed container whose read did not answer; starts its `since` on the first miss. */
    unanswered(entry: ContainerList[number]): FleetContainer {
      const known = map.get(entry.Id) ?? {};
      const since = known.since ?? new Date().toISOString();
      map.set(entry.Id, { ...known, since });
      if (known.last) {
        // The verdicts are kept apart from the engine, so the row still shows the latest one.
        const view = { ...known.last.view, verification: lastVerification(entry.Id) };
        return { ...view, read: { status: "stale", since, readAt: known.last.readAt } };
      }
      return listedRow(entry, since);
    },
    forget(listed: ReadonlySet<string> | null): void {
      if (listed === null) return;
      for (const id of map.keys()) if (!listed.has(id)) map.delete(id);
    },
  };
}

/** A row from what `GET /containers/json` said, for a container never inspected: no audit, no grade. */
function listedRow(entry: ContainerList[number], since: string): FleetContainer {
  return {
    id: entry.Id,
    name: displayText((entry.Names[0] ?? "").replace(/^\//, ""), MAX_LISTED_TEXT) || entry.Id.slice(0, 12),
    image: displayText(entry.Image ?? "", MAX_LISTED_TEXT),
    state: displayText(entry.State ?? "", MAX_LISTED_TEXT) || "unknown",
    score: null,
    grade: null,
    checks: [],
    compose: composeRefOf(entry.Labels ?? {}),
    waiverProblems: [],
    verification: lastVerification(entry.Id),
    read: { status: "unreadable", since },
  };
}

/** Longest name, image or state kept from a list entry, in characters. */
const MAX_LISTED_TEXT = 256;

/**
 * One container's view (see {@link viewOfSnapshot}), or `null` when it is gone. `policy` defaults to the
 * one in force; `readers` are the request's (default: readers of its own). Throws `EngineUnavailableError` or `EngineResponseError`.
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
 * The view of a loaded snapshot: its audit corrected by the last verification's runtime findings, with the
 * policy's waivers, plus that verification; engine storage paths redacted. Reads no engine.
 */
export function viewOfSnapshot(
  snapshot: ContainerSnapshot,
  policy: WaiverPolicy = activePolicy().policy,
): ContainerView {
  const verification = lastVerification(snapshot.id);
  const view = { ...auditContainer(snapshot, undefined, policy, verification), verification };
  return redactEngineRoot(view, snapshot.engine.dockerRootDir);
}

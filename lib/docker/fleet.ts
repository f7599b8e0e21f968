/**
 * The fleet: every container the engine lists, audited.
 */
import "server-only";
import pLimit from "p-limit";
import type { ContainerView, FleetResponse } from "@/lib/api-types";
import { auditContainer } from "@/lib/audit/audit";
import { redactEngineRoot } from "@/lib/audit/redact";
import type { ContainerSnapshot } from "@/lib/audit/types";
import type { WaiverPolicy } from "@/lib/audit/waivers";
import { activePolicy } from "@/lib/policy/load";
import { processSingleton } from "@/lib/singleton";
import { engineCall } from "./client";
import { EngineResponseError } from "./errors";
import { InspectShapeError, parseContainerList } from "./inspect-schema";
import { loadSnapshot, type SnapshotReaders, snapshotReaders } from "./load-snapshot";
import { lastVerification } from "./verification-store";

/** Longest a whole fleet read may take, in ms; past it the read fails as `docker_unavailable`. */
export const FLEET_DEADLINE_MS = 30_000;

/** Inspects run in parallel at most this many at a time. */
export const INSPECT_CONCURRENCY = 8;

/**
 * Audits the fleet: one list call (`GET /containers/json`, `all` adds created and stopped containers), then
 * one inspect per container, {@link INSPECT_CONCURRENCY} at a time. A container removed between list and
 * inspect is left out, never an error. Concurrent callers with the same `all` share one in-flight read.
 * Sorted by name. Throws `EngineUnavailableError` or `EngineResponseError`.
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
  const ids = listContainerIds(listed);
  const limit = pLimit(INSPECT_CONCURRENCY);
  // One set of readers for the whole read: a volume or bind source many containers share is read once.
  const readers = snapshotReaders();
  const views = await Promise.all(ids.map((id) => limit(() => viewOf(id, deadline, policy, readers))));
  const containers = views
    .filter((v): v is ContainerView => v !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { generatedAt: new Date().toISOString(), containers, policy: status };
}

function listContainerIds(listed: unknown): string[] {
  try {
    return parseContainerList(listed).map((c) => c.Id);
  } catch (error) {
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

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

/**
 * The fleet watcher: one per engine endpoint and server process. It follows the engine's event stream
 * (`GET /events`, container events) and keeps every container's snapshot, keyed by id, so the fleet API, the
 * CSV, the event stream to browsers and Verify read no engine while nothing changes.
 *
 * - On an event it re-inspects that container, after {@link DEBOUNCE_MS} (a burst of events becomes one read
 *   per container); on `destroy` it drops it.
 * - When the stream opens (first start, and every reconnect) it resyncs: one list (`GET /containers/json?all`),
 *   then an inspect only of containers it does not know or whose list `Created`/`State` changed, and drops
 *   what the list no longer has. The same resync runs every {@link resyncMs} so a missed event heals.
 * - When the stream ends (engine stopped or restarted) it is `down` and reconnects with a backoff; the resync
 *   after that outage also re-reads every running container (it may have restarted: a new `State.StartedAt`).
 * - A container whose inspect does not answer within {@link CONTAINER_READ_DEADLINE_MS} keeps its last good
 *   snapshot, marked stale since then (or is a row from the list, unreadable), and is tried again every
 *   {@link STALE_RETRY_MS}; if the engine does not answer `GET /_ping` either, the engine is hung: `down`.
 */
import "server-only";
import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";
import pLimit from "p-limit";
import type { ContainerSnapshot } from "@/lib/audit/types";
import { processSingleton } from "@/lib/singleton";
import { engineCall, eventsDocker } from "./client";
import { engineEndpoint } from "./endpoint";
import { pinEngineFacts } from "./engine-info";
import { currentEndpoint, type EngineScope, inEngine } from "./engine-scope";
import { describeConnectionError, EngineResponseError, EngineUnavailableError } from "./errors";
import { type ContainerList, InspectShapeError, parseContainerList } from "./inspect-schema";
import { loadSnapshot } from "./load-snapshot";

/** Container events that can change what roaudit shows (exec events cannot). */
export const WATCHED_ACTIONS = [
  "create",
  "start",
  "die",
  "stop",
  "kill",
  "oom",
  "destroy",
  "rename",
  "update",
  "pause",
  "unpause",
  "health_status",
] as const;

/** List states in which a container's run can have changed unseen while the event stream was away. */
const RUN_STATES = new Set(["running", "paused", "restarting"]);

/** Wait after an event before re-reading, in ms: the events of one `docker run` (create, start) become one read. */
export const DEBOUNCE_MS = 50;

/** Longest one container's read may take, in ms; past it the container is stale (see the module comment). */
export const CONTAINER_READ_DEADLINE_MS = 5_000;

/** How often containers the engine did not answer for are tried again, in ms. */
export const STALE_RETRY_MS = 10_000;

/** Inspects run in parallel at most this many at a time. */
export const INSPECT_CONCURRENCY = 8;

/** Reconnect backoff: first wait and longest wait, in ms. */
export const RECONNECT_MIN_MS = 250;
export const RECONNECT_MAX_MS = 5_000;

/** The safety resync period in ms: `ROAUDIT_RESYNC_MS`, default 5 minutes (at least 1 s). */
export function resyncMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.ROAUDIT_RESYNC_MS);
  return Number.isFinite(value) && value >= 1000 ? value : 300_000;
}

/** One container as the watcher knows it. */
export interface WatchedContainer {
  id: string;
  /** What the list (or the event) said: the row of a container never read. */
  listed: ContainerList[number];
  /** The last snapshot read, `null` while never read. */
  snapshot: ContainerSnapshot | null;
  /** When `snapshot` was read (ISO 8601). */
  readAt: string | null;
  /** Since when (ISO 8601) the engine has not answered for it, while it does not; `null` when current. */
  since: string | null;
  /** Bumped on every change, so views can be memoised on it. */
  revision: number;
}

/** What the watcher knows about the engine. */
export type WatcherStatus =
  /** The first sync has not finished. */
  | { kind: "starting" }
  /** The stream is open and the cache is current. */
  | { kind: "live" }
  /** Reconnected, resyncing: the cache is the last good data, true at `trueAt` (ISO 8601). */
  | { kind: "syncing"; trueAt: string }
  /** The engine does not answer (or answers what roaudit cannot read); reconnecting. */
  | { kind: "down"; error: EngineUnavailableError | EngineResponseError; trueAt: string | null };

/** A change of the cache: ids whose container changed (added included) and ids removed. */
export interface FleetChange {
  changed: string[];
  removed: string[];
}

/** Engine requests the watcher made, by kind (for tests and `npm run bench`). */
export interface WatcherCounters {
  lists: number;
  inspects: number;
  streams: number;
}

/** The engine's event, as far as roaudit reads it. */
interface EngineEvent {
  Type?: unknown;
  Action?: unknown;
  Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
}

/**
 * Follows one engine (see the module comment). Emits `change` ({@link FleetChange}) and `status`
 * ({@link WatcherStatus}).
 */
export class FleetWatcher extends EventEmitter {
  readonly containers = new Map<string, WatchedContainer>();
  status: WatcherStatus = { kind: "starting" };
  readonly counters: WatcherCounters = { lists: 0, inspects: 0, streams: 0 };
  private started = false;
  private stopped = false;
  private stream: Readable | null = null;
  private streamAbort: AbortController | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private staleTimer: NodeJS.Timeout | null = null;
  private pending = new Set<string>();
  private pendingTimer: NodeJS.Timeout | null = null;
  private reading = new Map<string, Promise<void>>();
  private again = new Set<string>();
  private hints = new Map<string, ContainerList[number]>();
  private generation = 0;
  private connecting: Promise<void> | null = null;
  private readonly limit = pLimit(INSPECT_CONCURRENCY);

  /**
   * `scope`: the configured engine this watcher follows (issue 14); without one, the `DOCKER_HOST` engine
   * through the shared clients, as before.
   */
  constructor(
    private readonly resyncEveryMs = resyncMs(),
    readonly scope?: EngineScope,
  ) {
    super();
    this.setMaxListeners(0);
  }

  /** The followed engine's endpoint, for messages (no credentials). */
  get endpoint(): string {
    return this.scope?.endpoint ?? engineEndpoint();
  }

  /** Starts following the engine; later calls do nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    inEngine(this.scope, () => void this.connect());
  }

  /** Stops following the engine (tests); the cache is kept. */
  stop(): void {
    this.stopped = true;
    this.closeStream();
    for (const t of [this.reconnectTimer, this.resyncTimer, this.staleTimer, this.pendingTimer])
      if (t) clearTimeout(t);
  }

  /**
   * Resolves once the first sync has finished or failed (the status is then not `starting`); rejects with
   * `EngineUnavailableError` when `signal` aborts first.
   */
  ready(signal: AbortSignal): Promise<void> {
    if (this.status.kind !== "starting") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onStatus = () => {
        if (this.status.kind === "starting") return;
        done();
        resolve();
      };
      const onAbort = () => {
        done();
        reject(
          new EngineUnavailableError(this.endpoint, {
            code: "ETIMEDOUT",
            message: "the engine did not answer in the time allowed",
            hint: "The engine is slow or hung: check its load and logs (journalctl -u docker).",
          }),
        );
      };
      const done = () => {
        this.off("status", onStatus);
        signal.removeEventListener("abort", onAbort);
      };
      this.on("status", onStatus);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** `attempt`, or an `EngineUnavailableError` when `signal` aborts first. */
  settle(attempt: Promise<void>, signal: AbortSignal): Promise<void> {
    const timedOut = new Promise<void>((_, reject) => {
      const onAbort = () =>
        reject(
          new EngineUnavailableError(this.endpoint, {
            code: "ETIMEDOUT",
            message: "the engine did not answer in the time allowed",
            hint: "The engine is slow or hung: check its load and logs (journalctl -u docker).",
          }),
        );
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    timedOut.catch(() => undefined);
    return Promise.race([attempt, timedOut]);
  }

  /** Re-reads these containers soon (coalesced with other requests); e.g. after an event. */
  request(ids: Iterable<string>): void {
    for (const id of ids) this.pending.add(id);
    if (this.pendingTimer || this.pending.size === 0) return;
    // Called from routes too: the timer (and the reads it starts) runs in this watcher's engine.
    this.pendingTimer = inEngine(this.scope, () =>
      setTimeout(() => {
        this.pendingTimer = null;
        const ids = [...this.pending];
        this.pending.clear();
        void this.readMany(ids);
      }, DEBOUNCE_MS),
    );
    this.pendingTimer.unref?.();
  }

  /** Tells listeners these containers' views changed outside the engine (a new verdict). */
  touch(id: string): void {
    const known = this.containers.get(id);
    if (!known) return;
    known.revision++;
    this.emit("change", { changed: [id], removed: [] } satisfies FleetChange);
  }

  /** The current snapshot of a container when the cache is current for it, else `undefined`. */
  currentSnapshot(id: string): ContainerSnapshot | undefined {
    return this.current(id)?.snapshot ?? undefined;
  }

  /**
   * The container as cached when the cache is current for it (the stream is live, no event of it waits to be
   * read, the engine answered its last read), with a snapshot; else `undefined` (then read the engine).
   */
  current(id: string): (WatchedContainer & { snapshot: ContainerSnapshot; readAt: string }) | undefined {
    if (this.status.kind !== "live" || this.pending.has(id) || this.reading.has(id)) return undefined;
    const known = this.containers.get(id);
    if (!known || known.since !== null || !known.snapshot || !known.readAt) return undefined;
    return known as WatchedContainer & { snapshot: ContainerSnapshot; readAt: string };
  }

  /**
   * Whether the cache holds the engine's whole fleet now: live, and no event waits to be read. Then a
   * reference (name, id prefix) the cache resolves is the engine's answer too.
   */
  settled(): boolean {
    return this.status.kind === "live" && this.pending.size === 0 && this.reading.size === 0;
  }

  private setStatus(status: WatcherStatus): void {
    this.status = status;
    this.emit("status", status);
  }

  /** When the cache was last known true (ISO 8601): now when live, else when the stream ended. */
  private trueAt(): string | null {
    if (this.status.kind === "live") return new Date().toISOString();
    if (this.status.kind === "syncing") return this.status.trueAt;
    if (this.status.kind === "down") return this.status.trueAt;
    return null;
  }

  private connect(): Promise<void> {
    if (!this.connecting) {
      this.connecting = this.doConnect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  /**
   * While `down`: tries the engine again now (a request is the moment someone wants the answer) instead of at
   * the end of the backoff, and resolves when that attempt (connect and resync) has ended.
   */
  reconnectNow(): Promise<void> {
    if (this.status.kind !== "down" || this.stopped) return Promise.resolve();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    return inEngine(this.scope, () => this.connect());
  }

  private async doConnect(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    const controller = new AbortController();
    this.streamAbort = controller;
    let stream: Readable | null = null;
    // An end of the stream, or a refusal of it, while the resync runs: the resync's own outcome is told
    // first (an engine that answers nonsense is `engine_error` whatever its /events did).
    let streamFailure: EngineUnavailableError | EngineResponseError | null = null;
    let resyncing = true;
    try {
      this.counters.streams++;
      stream = await withDeadline(
        eventsDocker().getEvents({
          filters: { type: ["container"] },
          abortSignal: controller.signal,
        } as object) as Promise<Readable>,
        CONTAINER_READ_DEADLINE_MS * 2,
      );
    } catch (error) {
      controller.abort();
      const failure = toEngineError(error);
      if (failure instanceof EngineUnavailableError) {
        this.fail(failure, generation);
        return;
      }
      streamFailure = failure;
    }
    if (generation !== this.generation || this.stopped) {
      stream?.destroy();
      return;
    }
    if (stream) {
      this.stream = stream;
      pinEngineFacts(true);
      let buffered = "";
      stream.on("data", (chunk: Buffer | string) => {
        buffered += chunk.toString();
        let newline = buffered.indexOf("\n");
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) this.onEvent(line);
          newline = buffered.indexOf("\n");
        }
        if (buffered.length > 1_000_000) buffered = "";
      });
      const ended = (error?: unknown) => {
        if (generation !== this.generation) return;
        const failure = toEngineError(
          error ?? new Error("the engine closed its event stream (it stopped or restarted)"),
          "ECONNRESET",
        );
        if (resyncing) streamFailure ??= failure;
        else this.fail(failure, generation);
      };
      stream.on("end", () => ended());
      stream.on("close", () => ended());
      stream.on("error", (error) => ended(error));
    }
    const afterOutage = this.status.kind === "down";
    if (this.status.kind === "down" && this.containers.size > 0 && this.status.trueAt)
      this.setStatus({ kind: "syncing", trueAt: this.status.trueAt });
    await this.resync(generation, () => streamFailure, afterOutage);
    resyncing = false;
    if (streamFailure && generation === this.generation) this.fail(streamFailure, generation);
    else if (generation === this.generation) this.reconnectDelay = RECONNECT_MIN_MS;
  }

  private onEvent(line: string): void {
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    if (event.Type !== "container" || typeof event.Action !== "string") return;
    const id = event.Actor?.ID;
    if (typeof id !== "string" || !/^[0-9a-f]{64}$/.test(id)) return;
    const action = event.Action.split(":")[0] ?? "";
    if (!(WATCHED_ACTIONS as readonly string[]).includes(action)) return;
    if (action === "destroy") {
      this.pending.delete(id);
      this.drop(id);
      return;
    }
    if (!this.containers.has(id)) this.hints.set(id, hintOf(id, event.Actor?.Attributes ?? {}));
    this.request([id]);
  }

  private drop(id: string): void {
    if (!this.containers.delete(id)) return;
    this.emit("change", { changed: [], removed: [id] } satisfies FleetChange);
  }

  /** Full resync: one list, then inspects of what is new or changed (see the module comment). */
  private async resync(
    generation: number,
    streamFailure: () => EngineUnavailableError | EngineResponseError | null = () => null,
    afterOutage = false,
  ): Promise<void> {
    let listed: ContainerList;
    try {
      this.counters.lists++;
      const raw: unknown = await engineCall((d, s) => d.listContainers({ all: true, abortSignal: s }));
      listed = parseListOrThrow(raw);
    } catch (error) {
      if (generation === this.generation) this.fail(toEngineError(error), generation);
      return;
    }
    if (generation !== this.generation) return;
    const seen = new Set<string>();
    const toRead: string[] = [];
    for (const entry of listed) {
      seen.add(entry.Id);
      const known = this.containers.get(entry.Id);
      if (
        !known ||
        known.since !== null ||
        known.listed.Created !== entry.Created ||
        known.listed.State !== entry.State ||
        // After an outage (the engine may have restarted, restarting its containers) a container running
        // before and after may be in another run: its `State.StartedAt` is read again. Stopped ones cannot be.
        (afterOutage && RUN_STATES.has(entry.State ?? ""))
      ) {
        this.hints.set(entry.Id, entry);
        toRead.push(entry.Id);
      } else known.listed = entry;
    }
    const removed = [...this.containers.keys()].filter((id) => !seen.has(id));
    for (const id of removed) this.containers.delete(id);
    if (removed.length > 0) this.emit("change", { changed: [], removed } satisfies FleetChange);
    await this.readMany(toRead);
    // A read that failed for the whole engine has moved the generation on (and set `down`).
    if (generation !== this.generation || streamFailure()) return;
    this.setStatus({ kind: "live" });
    this.scheduleResync();
  }

  private scheduleResync(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (this.status.kind === "live") void this.resync(this.generation);
    }, this.resyncEveryMs);
    this.resyncTimer.unref?.();
  }

  /** Reads these containers; one already being read is read again once that read ends. */
  private async readMany(ids: string[]): Promise<void> {
    const changed: string[] = [];
    const removed: string[] = [];
    const generation = this.generation;
    await Promise.all(
      ids.map(async (id) => {
        const running = this.reading.get(id);
        if (running) {
          this.again.add(id);
          return;
        }
        const read = this.limit(() => this.readOne(id, changed, removed, generation));
        this.reading.set(id, read);
        try {
          await read;
        } finally {
          this.reading.delete(id);
          if (this.again.delete(id)) this.request([id]);
        }
      }),
    );
    if (changed.length > 0 || removed.length > 0)
      this.emit("change", { changed, removed } satisfies FleetChange);
  }

  private async readOne(id: string, changed: string[], removed: string[], generation: number): Promise<void> {
    // A read queued before the engine failed (or reconnected) is void: without this, hundreds of queued
    // inspects of a hung engine would each wait out their own deadline before a reconnect could finish.
    if (this.stopped || generation !== this.generation) return;
    await this.readOnce(id, changed, removed, generation, true);
  }

  /**
   * One read of `id`. A connection error on it (a pooled socket the engine or a relay closed: "socket hang
   * up") is the engine's only if `GET /_ping` fails too; otherwise the read is tried once more (`retry`),
   * then the container is marked unanswered — one bad connection never takes the whole sync down.
   */
  private async readOnce(
    id: string,
    changed: string[],
    removed: string[],
    generation: number,
    retry: boolean,
  ): Promise<void> {
    const own = AbortSignal.timeout(CONTAINER_READ_DEADLINE_MS);
    try {
      this.counters.inspects++;
      const snapshot = await loadSnapshot(id, own);
      const hint = this.hints.get(id);
      this.hints.delete(id);
      if (snapshot === null) {
        if (this.containers.delete(id)) removed.push(id);
        return;
      }
      const known = this.containers.get(id);
      this.containers.set(id, {
        id,
        listed: {
          ...(known?.listed ?? { Id: id, Names: [], Image: null, Labels: null, Created: null }),
          Names: [`/${snapshot.name}`],
          Image: snapshot.image,
          State: snapshot.state,
          Labels: snapshot.labels,
          ...createdOf(hint, known),
        },
        snapshot,
        readAt: new Date().toISOString(),
        since: null,
        revision: (known?.revision ?? 0) + 1,
      });
      changed.push(id);
    } catch (error) {
      if (error instanceof EngineUnavailableError && generation === this.generation) {
        if (await this.engineAnswers()) {
          if (!own.aborted && retry) return this.readOnce(id, changed, removed, generation, false);
          this.markUnanswered(id);
          changed.push(id);
          return;
        }
        this.fail(error, generation);
        return;
      }
      if (generation === this.generation) this.fail(toEngineError(error), generation);
    }
  }

  private markUnanswered(id: string): void {
    const known = this.containers.get(id);
    const since = known?.since ?? new Date().toISOString();
    const listed = known?.listed ?? this.hints.get(id) ?? hintOf(id, {});
    this.containers.set(id, {
      id,
      listed,
      snapshot: known?.snapshot ?? null,
      readAt: known?.readAt ?? null,
      since,
      revision: (known?.revision ?? 0) + 1,
    });
    if (!this.staleTimer) {
      this.staleTimer = setTimeout(() => {
        this.staleTimer = null;
        const stale = [...this.containers.values()].filter((c) => c.since !== null).map((c) => c.id);
        if (stale.length > 0) this.request(stale);
      }, STALE_RETRY_MS);
      this.staleTimer.unref?.();
    }
  }

  private async engineAnswers(): Promise<boolean> {
    try {
      await engineCall(
        (d, s) =>
          (d as unknown as { ping(o: { abortSignal: AbortSignal }): Promise<unknown> }).ping({
            abortSignal: s,
          }),
        { timeoutMs: CONTAINER_READ_DEADLINE_MS },
      );
      return true;
    } catch {
      return false;
    }
  }

  /** The stream ended or a read failed for the whole engine: `down`, then reconnect with backoff. */
  private fail(error: EngineUnavailableError | EngineResponseError, generation: number): void {
    if (generation !== this.generation || this.stopped) return;
    this.generation++;
    this.closeStream();
    pinEngineFacts(false);
    const trueAt = this.status.kind === "down" ? this.status.trueAt : this.trueAt();
    this.setStatus({ kind: "down", error, trueAt });
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.reconnectDelay);
    this.reconnectTimer.unref?.();
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  private closeStream(): void {
    this.streamAbort?.abort();
    this.streamAbort = null;
    this.stream?.destroy();
    this.stream = null;
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
  }
}

/** The watcher of the engine `DOCKER_HOST` names, in this process, started. */
export function fleetWatcher(): FleetWatcher {
  const watcher = processSingleton(`fleet-watcher:${engineEndpoint()}`, () => new FleetWatcher());
  watcher.start();
  return watcher;
}

/** The watcher of the current engine if one runs in this process (never starts one). */
export function runningFleetWatcher(): FleetWatcher | undefined {
  const registry = (globalThis as unknown as { __roaudit?: Map<string, unknown> }).__roaudit;
  return registry?.get(`fleet-watcher:${engineEndpoint()}`) as FleetWatcher | undefined;
}

function createdOf(
  hint: ContainerList[number] | undefined,
  known: WatchedContainer | undefined,
): Pick<ContainerList[number], "Created"> {
  return { Created: hint?.Created ?? known?.listed.Created ?? null };
}

/** A list-like entry from an event's attributes (name, image), for a container not read yet. */
function hintOf(id: string, attributes: Record<string, unknown>): ContainerList[number] {
  const name = typeof attributes.name === "string" ? attributes.name : "";
  const image = typeof attributes.image === "string" ? attributes.image : null;
  return { Id: id, Names: name ? [`/${name}`] : [], Image: image, State: null, Labels: null, Created: null };
}

function parseListOrThrow(raw: unknown): ContainerList {
  try {
    return parseContainerList(raw);
  } catch (error) {
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    throw error;
  }
}

function toEngineError(error: unknown, code = "ECONNRESET"): EngineUnavailableError | EngineResponseError {
  if (error instanceof EngineUnavailableError || error instanceof EngineResponseError) return error;
  const endpoint = currentEndpoint();
  const detail = describeConnectionError(error, endpoint);
  if (detail) return new EngineUnavailableError(endpoint, detail);
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number") return new EngineResponseError(`the engine answered ${status}: ${message}`);
  return new EngineUnavailableError(endpoint, {
    code,
    message,
    hint: "Is the engine running? Check `systemctl status docker` and its logs.",
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new EngineUnavailableError(currentEndpoint(), {
            code: "ETIMEDOUT",
            message: `the engine did not open its event stream within ${Math.round(ms / 1000)} s`,
            hint: "The engine is slow or hung: check its load and logs (journalctl -u docker).",
          }),
        ),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The fleet watcher under churn, on real engines: every change a user makes with the docker CLI shows in the
 * fleet read (with its new audit) without a full re-read, and an engine restart is seen, reported and healed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { CANARY_VALUE, createFleet, docker, removeFleet } from "@/e2e/support/fleet";
import { toApiError } from "@/lib/api/respond";
import type { FleetContainer, FleetEvent, FleetResponse } from "@/lib/api-types";
import { type PrivateEngine, startPrivateEngine } from "@/test/private-engine";
import { readFleet } from "./fleet";
import { fleetWatcher } from "./watcher";

const SUITE = "it-watcher";
const LABEL = `roaudit.test=${SUITE}`;
const BUSYBOX = "roaudit-fixture:busybox";

/** Polls `readFleet` until `accept` holds (what a user sees within a few seconds), returning that fleet. */
async function until(
  accept: (fleet: FleetResponse) => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<FleetResponse> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const fleet = await readFleet({ all: true });
      if (accept(fleet)) return fleet;
      last = fleet.containers.filter((c) => c.name.startsWith("itw-")).map((c) => [c.name, c.state]);
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not seen within ${timeoutMs} ms: ${what}; last: ${JSON.stringify(last)}`);
}

const byId = (fleet: FleetResponse, id: string): FleetContainer | undefined =>
  fleet.containers.find((c) => c.id === id);
const check = (c: FleetContainer | undefined, id: string) => c?.checks.find((x) => x.id === id)?.status;

describe("the fleet watcher on the suite's engine", () => {
  beforeAll(async () => {
    await removeFleet(SUITE);
    await readFleet({ all: true });
  });
  afterAll(async () => {
    await removeFleet(SUITE);
  });

  it("reflects create, start, pause, rename, update, kill and rm, each with its new audit and no ghost", async () => {
    const watcher = fleetWatcher();
    const lists = watcher.counters.lists;
    const id = (
      await docker(["create", "--name", "itw-churn", "--network", "none", "--label", LABEL, BUSYBOX])
    )
      .split("\n")
      .at(-1) as string;
    let fleet = await until((f) => byId(f, id)?.state === "created", "created");
    expect(byId(fleet, id)?.read).toEqual({ status: "current", readAt: expect.any(String) });
    // The read time is honest: when the watcher read the container, never after the answer was made.
    const read = byId(fleet, id)?.read;
    const readAt = read && "readAt" in read ? read.readAt : "";
    expect(Date.parse(readAt)).toBeLessThanOrEqual(Date.parse(fleet.generatedAt));
    expect(check(byId(fleet, id), "memory-limit")).toBe("fail");

    await docker(["start", id]);
    await until((f) => byId(f, id)?.state === "running", "started");
    expect((await readFleet({ all: false })).containers.some((c) => c.id === id)).toBe(true);

    await docker(["pause", id]);
    await until((f) => byId(f, id)?.state === "paused", "paused");
    await docker(["unpause", id]);
    await until((f) => byId(f, id)?.state === "running", "unpaused");

    await docker(["rename", id, "itw-churn-renamed"]);
    fleet = await until((f) => byId(f, id)?.name === "itw-churn-renamed", "renamed");
    expect(fleet.containers.filter((c) => c.name.startsWith("itw-churn"))).toHaveLength(1);

    // docker update changes no state: only the event tells the watcher, and the audit must follow it.
    await docker(["update", "--memory", "64m", "--memory-swap", "64m", id]);
    fleet = await until((f) => check(byId(f, id), "memory-limit") === "pass", "memory limit after update");
    expect(byId(fleet, id)?.grade).not.toBeNull();

    await docker(["kill", id]);
    await until((f) => byId(f, id)?.state === "exited", "killed");
    expect((await readFleet({ all: false })).containers.some((c) => c.id === id)).toBe(false);

    await docker(["rm", id]);
    fleet = await until((f) => byId(f, id) === undefined, "removed");
    expect(fleet.containers.some((c) => c.name.startsWith("itw-churn"))).toBe(false);
    // Every change came from events: no full list was needed.
    expect(watcher.counters.lists).toBe(lists);
  });

  it("pushes each change over GET /api/events as the fleet API's row, never with an environment value", async () => {
    const controller = new AbortController();
    const response = await getEvents(
      new Request("http://127.0.0.1/api/events", { signal: controller.signal }),
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    const readUntil = async (needle: string) => {
      const end = Date.now() + 5_000;
      while (!text.includes(needle)) {
        if (Date.now() > end) throw new Error(`no ${needle} in the stream: ${text.slice(-500)}`);
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil('"state":"live"');
    const id = (
      await docker([
        "create",
        "--name",
        "itw-pushed",
        "--network",
        "none",
        "--label",
        LABEL,
        "--env",
        `ROAUDIT_CANARY=${CANARY_VALUE}`,
        BUSYBOX,
      ])
    )
      .split("\n")
      .at(-1) as string;
    await readUntil(id);
    const event = text
      .split("\n\n")
      .filter((block) => block.startsWith("event: fleet") && block.includes(id))
      .map((block) => JSON.parse(block.slice(block.indexOf("data: ") + 6)) as FleetEvent)[0];
    const pushed = event?.changed.find((c) => c.id === id);
    const fromApi = byId(await readFleet({ all: true }), id);
    expect(pushed).toEqual(fromApi);
    expect(text).not.toContain(CANARY_VALUE);
    await docker(["rm", id]);
    await readUntil(`"removed":["${id}"]`);
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });

  it("reads 50 containers created at once in one coalesced burst, not 50 full reads", async () => {
    const watcher = fleetWatcher();
    const before = { ...watcher.counters };
    const names = Array.from({ length: 50 }, (_, i) => `itw-burst-${i}`);
    await createFleet(
      SUITE,
      names.map((name) => ({ name, args: [], start: false })),
    );
    const fleet = await until(
      (f) => names.every((n) => f.containers.some((c) => c.name === n && c.read.status === "current")),
      "all 50 created containers",
      15_000,
    );
    expect(fleet.containers.filter((c) => c.name.startsWith("itw-burst-"))).toHaveLength(50);
    expect(watcher.counters.lists - before.lists).toBe(0);
    // One inspect per container (a create event each), at most a few read twice: never a re-read of the fleet.
    const inspects = watcher.counters.inspects - before.inspects;
    expect(inspects).toBeGreaterThanOrEqual(50);
    expect(inspects).toBeLessThanOrEqual(60);
    await removeFleet(SUITE);
    await until((f) => !f.containers.some((c) => c.name.startsWith("itw-burst-")), "50 removed", 15_000);
  });
});

describe("the fleet watcher across an engine restart", () => {
  const REAL_DOCKER_HOST = process.env.DOCKER_HOST;
  let engine: PrivateEngine;

  beforeAll(async () => {
    engine = await startPrivateEngine("watcher", { images: [BUSYBOX] });
    const left = await listSuite();
    if (left.length > 0) await engine.docker(["rm", "-f", ...left]);
    process.env.DOCKER_HOST = engine.host;
    // The clients are made once per process from DOCKER_HOST; this engine gets its own.
    const registry = (globalThis as { __roaudit?: Map<string, unknown> }).__roaudit;
    for (const key of ["docker", "docker-events", "passwd", "engine-facts"]) registry?.delete(key);
  }, 180_000);

  afterAll(async () => {
    fleetWatcher().stop();
    const registry = (globalThis as { __roaudit?: Map<string, unknown> }).__roaudit;
    for (const key of ["docker", "docker-events", "passwd", "engine-facts"]) registry?.delete(key);
    if (REAL_DOCKER_HOST === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = REAL_DOCKER_HOST;
    const left = await listSuite();
    if (left.length > 0) await engine.docker(["rm", "-f", ...left]);
    await engine.stop();
  }, 120_000);

  async function listSuite(): Promise<string[]> {
    const out = await engine.docker(["ps", "-aq", "--no-trunc", "--filter", `label=${LABEL}`]);
    return out.split("\n").filter(Boolean);
  }

  it("reports the outage, reconnects, resyncs and loses nothing", async () => {
    const create = async (name: string) =>
      (
        await engine.docker([
          "create",
          "--name",
          name,
          "--network",
          "none",
          "--restart",
          "no",
          "--label",
          LABEL,
          BUSYBOX,
        ])
      )
        .split("\n")
        .at(-1) as string;
    const before = await create("itw-before");
    await until((f) => byId(f, before) !== undefined, "container made before the restart");
    const streams = fleetWatcher().counters.streams;

    await engine.stop();
    // Seen as soon as the stream ends, not after a read deadline.
    const seenDown = Date.now();
    let outage: unknown;
    while (Date.now() - seenDown < 5_000) {
      try {
        await readFleet({ all: true });
      } catch (error) {
        outage = error;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(toApiError(outage).code).toBe("docker_unavailable");

    await engine.restart();
    const after = await create("itw-after");
    const fleet = await until(
      (f) => byId(f, before) !== undefined && byId(f, after) !== undefined,
      "both containers after the restart",
      15_000,
    );
    expect(byId(fleet, before)?.read.status).toBe("current");
    expect(fleetWatcher().counters.streams).toBeGreaterThan(streams);
    await engine.docker(["rm", after]);
    await until((f) => byId(f, after) === undefined, "removal after the reconnect");
  });
});

/**
 * One container never takes down the fleet (issue 8, item 4): the real engine behind a relay
 * (e2e/support/stuck-relay.ts) that leaves one container's inspect (`GET /containers/<id>/json`) unanswered,
 * as an engine does for a container whose `runc init` a pause froze. The fleet read, `GET /api/containers`
 * and the CSV answer within a bound with every other container current, and the stuck one is one row that
 * says so (its last audit marked stale, or no grade at all when it was never read); a container removed
 * between list and inspect is dropped; a paused container is read as usual; health stays `ok` (the engine
 * answers), and when the engine answers nothing at all the read still fails as `docker_unavailable`.
 *
 *   npx vitest run --project integration lib/docker/stuck-container.integration.test.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getRemediation } from "@/app/api/containers/[id]/remediation/route";
import { GET as getContainer } from "@/app/api/containers/[id]/route";
import { GET as getContainers } from "@/app/api/containers/route";
import { GET as getCsv } from "@/app/api/report.csv/route";
import { createFleet, docker, engineSocketPath, removeFleet } from "@/e2e/support/fleet";
import { inspectLine, type StuckRelay, startStuckRelay } from "@/e2e/support/stuck-relay";
import type { FleetContainer, FleetResponse } from "@/lib/api-types";
import { engineHealth } from "./engine-info";
import { EngineUnavailableError } from "./errors";
import { CONTAINER_READ_DEADLINE_MS, readFleet } from "./fleet";
import { STALE_RETRY_MS } from "./watcher";

const SUITE = "it-stuck";
const REAL_DOCKER_HOST = process.env.DOCKER_HOST;
const REAL_SOCKET = engineSocketPath();
/** A read with one stuck container costs its deadline, one `GET /_ping`, and the rest of the fleet. */
const BOUND_MS = CONTAINER_READ_DEADLINE_MS + 5_000;

const workDir = mkdtempSync(path.join(tmpdir(), "roaudit-stuck-"));
let ids: Record<string, string> = {};
let relay: StuckRelay | undefined;
let relays = 0;

/** Points the code at a new relay (a new socket path, so no pooled connection of an earlier one is reused). */
async function throughRelay(rule: Parameters<typeof startStuckRelay>[1]): Promise<StuckRelay> {
  relays += 1;
  relay = await startStuckRelay(path.join(workDir, `relay-${relays}.sock`), rule, REAL_SOCKET);
  process.env.DOCKER_HOST = `unix://${relay.socketPath}`;
  dropClientState();
  return relay;
}

/** Drops the process singletons that hold the engine client and what fleet reads remember. */
function dropClientState(options: { memory?: boolean } = {}): void {
  const registry = (globalThis as { __roaudit?: Map<string, unknown> }).__roaudit;
  if (!registry) return;
  for (const key of ["docker", "fleet-inflight", "passwd"]) registry.delete(key);
  if (options.memory) registry.delete("fleet-remembered");
  const facts = registry.get("engine-facts") as { entry?: unknown; pending?: unknown } | undefined;
  if (facts) {
    delete facts.entry;
    delete facts.pending;
  }
}

/** Reads the fleet until the named row satisfies `accept`, within `ms`; returns that fleet. */
async function untilRow(
  name: string,
  accept: (c: FleetContainer) => boolean,
  ms: number,
): Promise<FleetResponse> {
  const end = Date.now() + ms;
  for (;;) {
    const fleet = await readFleet({ all: true });
    if (accept(row(fleet, name))) return fleet;
    if (Date.now() > end)
      throw new Error(`${name}: not as expected within ${ms} ms: ${JSON.stringify(row(fleet, name).read)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ours = (fleet: FleetResponse): FleetContainer[] =>
  fleet.containers.filter((c) => Object.values(ids).includes(c.id));

const row = (fleet: FleetResponse, name: string): FleetContainer => {
  const found = fleet.containers.find((c) => c.id === ids[name]);
  if (!found) throw new Error(`${name} is not in the fleet`);
  return found;
};

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

beforeAll(async () => {
  await removeFleet(SUITE);
  ids = await createFleet(SUITE, [
    { name: "its-stuck", args: ["--read-only"] },
    { name: "its-hardened", args: ["--read-only", "--cap-drop", "ALL", "--user", "65534:65534"] },
    { name: "its-plain", args: [] },
    { name: "its-named-user", args: ["--user", "app"] },
    { name: "its-paused", args: ["--read-only"] },
    { name: "its-created", args: [], start: false },
    { name: "its-gone", args: [], start: false },
  ]);
  await docker(["pause", ids["its-paused"] ?? ""]);
});

afterEach(async () => {
  await relay?.close();
  relay = undefined;
  if (REAL_DOCKER_HOST === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = REAL_DOCKER_HOST;
  dropClientState({ memory: true });
});

afterAll(async () => {
  await docker(["-H", `unix://${REAL_SOCKET}`, "unpause", ids["its-paused"] ?? ""]).catch(() => undefined);
  await removeFleet(SUITE);
  rmSync(workDir, { recursive: true, force: true });
});

describe("a container whose inspect never answers", () => {
  it("is one unreadable row (no grade) when never read; the others, the paused one included, are current and on time", async () => {
    dropClientState({ memory: true });
    const stuck = ids["its-stuck"] ?? "";
    const r = await throughRelay((line) => (line === inspectLine(stuck) ? "hang" : "forward"));
    const before = Date.now();
    const { value: fleet, ms } = await timed(readFleet({ all: true }));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(r.requests).toContain(inspectLine(stuck));

    const stuckRow = row(fleet, "its-stuck");
    expect(stuckRow.read.status).toBe("unreadable");
    expect(stuckRow).toMatchObject({
      name: "its-stuck",
      state: "running",
      grade: null,
      score: null,
      checks: [],
    });
    if (stuckRow.read.status === "unreadable") {
      expect(Date.parse(stuckRow.read.since)).toBeGreaterThanOrEqual(before - 1000);
    }
    for (const name of [
      "its-hardened",
      "its-plain",
      "its-named-user",
      "its-paused",
      "its-created",
      "its-gone",
    ]) {
      const other = row(fleet, name);
      expect(other.read, name).toEqual({ status: "current", readAt: expect.any(String) });
      expect(other.grade, name).toMatch(/^[A-F]$/);
      expect(other.checks.length, name).toBeGreaterThan(0);
    }
    expect(row(fleet, "its-paused").state).toBe("paused");
    expect(row(fleet, "its-hardened").checks.find((c) => c.id === "read-only-rootfs")?.status).toBe("pass");
    // The engine answers: health says so, truthfully.
    expect((await engineHealth()).status).toBe("ok");
  });

  it("GET /api/containers and GET /api/report.csv answer 200 within the bound, the CSV saying which row is unreadable", async () => {
    dropClientState({ memory: true });
    const stuck = ids["its-stuck"] ?? "";
    await throughRelay((line) => (line === inspectLine(stuck) ? "hang" : "forward"));

    const api = await timed(getContainers(new Request("http://127.0.0.1/api/containers?all=true")));
    expect(api.ms).toBeLessThan(BOUND_MS);
    expect(api.value.status).toBe(200);
    const fleet = (await api.value.json()) as FleetResponse;
    expect(ours(fleet)).toHaveLength(Object.keys(ids).length);
    expect(row(fleet, "its-stuck").read.status).toBe("unreadable");

    const csv = await timed(getCsv(new Request("http://127.0.0.1/api/report.csv?all=true")));
    expect(csv.ms).toBeLessThan(BOUND_MS);
    expect(csv.value.status).toBe(200);
    const records = parse(await csv.value.text(), { columns: true }) as Record<string, string>[];
    const byName = (name: string) => records.find((r) => r.name === name);
    expect(byName("its-stuck")).toMatchObject({ engine_read: "unreadable", grade: "", score: "" });
    expect(byName("its-stuck")?.engine_unanswered_since).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(byName("its-stuck")?.["read-only-rootfs"]).toBe("");
    expect(byName("its-hardened")).toMatchObject({ engine_read: "current", "read-only-rootfs": "pass" });
    expect(byName("its-hardened")?.grade).toMatch(/^[A-F]$/);
  });

  it("keeps its last audit, marked stale, when it was read before; `since` stays the first miss", async () => {
    dropClientState({ memory: true });
    const stuck = ids["its-stuck"] ?? "";
    const r = await throughRelay(() => "forward");
    const good = row(await readFleet({ all: true }), "its-stuck");
    expect(good.read.status).toBe("current");

    r.setRule((line) => (line === inspectLine(stuck) ? "hang" : "forward"));
    // The watcher reads a container again when the engine reports a change (here `docker update`, as a
    // pause would): that read hangs, and within the bound the row is its last audit, marked stale.
    const changedAt = Date.now();
    await docker(["-H", `unix://${REAL_SOCKET}`, "update", "--cpu-shares", "512", stuck]);
    const first = await untilRow("its-stuck", (c) => c.read.status === "stale", BOUND_MS);
    expect(Date.now() - changedAt).toBeLessThan(BOUND_MS);
    const stale = row(first, "its-stuck");
    expect({ grade: stale.grade, score: stale.score, checks: stale.checks }).toEqual({
      grade: good.grade,
      score: good.score,
      checks: good.checks,
    });
    const second = row(await readFleet({ all: true }), "its-stuck");
    expect(second.read).toEqual(stale.read);

    // Once the engine answers again, the row is current again (stale rows are tried again every 10 s).
    r.setRule(() => "forward");
    await untilRow("its-stuck", (c) => c.read.status === "current", STALE_RETRY_MS + BOUND_MS);
  });
});

describe("the detail and remediation reads of a container whose inspect never answers", () => {
  const call = (handler: typeof getContainer, path: string, id: string) =>
    handler(new Request(`http://127.0.0.1/api/containers/${id}${path}`), {
      params: Promise.resolve({ id }),
    });

  it("answer 504 container_unanswered within the fleet's per-container deadline, not 503; the others answer 200", async () => {
    const stuck = ids["its-stuck"] ?? "";
    await throughRelay((line) => (line === inspectLine(stuck) ? "hang" : "forward"));
    for (const [handler, path] of [
      [getContainer, ""],
      [getRemediation, "/remediation"],
    ] as const) {
      const { value: res, ms } = await timed(call(handler, path, stuck));
      expect(ms, path).toBeLessThan(BOUND_MS);
      expect(res.status, path).toBe(504);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, path).toBe("container_unanswered");
      expect(body.error.message, path).toMatch(/not about this container/);
      const other = await call(handler, path, ids["its-hardened"] ?? "");
      expect(other.status, path).toBe(200);
    }
    // The engine answers: health says so.
    expect((await engineHealth()).status).toBe("ok");
  });

  it("an engine silent altogether is still docker_unavailable (503)", async () => {
    const stuck = ids["its-stuck"] ?? "";
    await throughRelay((line) =>
      line === inspectLine(stuck) || line === "GET /_ping" || line === "GET /version" ? "hang" : "forward",
    );
    const res = await call(getContainer, "", stuck);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("docker_unavailable");
  }, 60_000);
});

it("a container removed between list and inspect (404) is left out, without an error", async () => {
  const gone = ids["its-gone"] ?? "";
  await throughRelay((line) =>
    line === inspectLine(gone)
      ? { before: () => docker(["-H", `unix://${REAL_SOCKET}`, "rm", "-f", gone]).then(() => undefined) }
      : "forward",
  );
  const fleet = await readFleet({ all: true });
  expect(fleet.containers.map((c) => c.id)).not.toContain(gone);
  expect(ours(fleet).every((c) => c.read.status === "current")).toBe(true);
  expect(ours(fleet)).toHaveLength(Object.keys(ids).length - 1);
  delete ids["its-gone"];
});

it("an engine that lists but answers neither inspects nor GET /_ping fails the read as docker_unavailable, and health says degraded", async () => {
  await throughRelay((line) =>
    /^GET \/containers\/[0-9a-f]{64}\/json$/.test(line) || line === "GET /_ping" || line === "GET /version"
      ? "hang"
      : "forward",
  );
  const started = Date.now();
  await expect(readFleet({ all: false })).rejects.toBeInstanceOf(EngineUnavailableError);
  expect(Date.now() - started).toBeLessThan(BOUND_MS + CONTAINER_READ_DEADLINE_MS);
  expect((await engineHealth()).status).toBe("degraded");
}, 60_000);

/**
 * The detail page's read, container references and the health probe are served from the fleet watcher's
 * cache while it is current, on the real engine seen through a counting relay: no engine request then, and a
 * direct read (counted) when the cache cannot answer for the container.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, engineSocketPath, removeFleet } from "@/e2e/support/fleet";
import { containerDetail, detailSnapshot } from "./container-detail";
import { readFleet } from "./fleet";
import { engineHealthNow } from "./health";
import { resolveContainerId } from "./resolve";
import { fleetWatcher } from "./watcher";

const SUITE = "it-cache-served";
const REAL_DOCKER_HOST = process.env.DOCKER_HOST;
const realSocket = engineSocketPath();
const workDir = mkdtempSync(path.join(tmpdir(), "roaudit-cache-served-"));
const relaySocket = path.join(workDir, "engine.sock");

/** `METHOD /path` of every request the relay saw, in order. */
const requests: string[] = [];
let relay: Server;
const open = new Set<Socket>();

function startCountingRelay(): Promise<Server> {
  const server = createServer((client) => {
    const engine = connect(realSocket);
    open.add(client).add(engine);
    client.on("data", (chunk: Buffer) => {
      for (const m of chunk
        .toString("latin1")
        .matchAll(/^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r?$/gm))
        requests.push(`${m[1]} ${(m[2] ?? "").replace(/^\/v[\d.]+/, "")}`);
    });
    client.pipe(engine).pipe(client);
    const drop = () => {
      client.destroy();
      engine.destroy();
      open.delete(client);
      open.delete(engine);
    };
    client.on("error", drop).on("close", drop);
    engine.on("error", drop).on("close", drop);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(relaySocket, () => resolve(server));
  });
}

/** Requests made while `run` ran (the event stream's own long request excluded). */
async function counted<T>(run: () => Promise<T>): Promise<{ value: T; seen: string[] }> {
  const before = requests.length;
  const value = await run();
  return { value, seen: requests.slice(before).filter((r) => !r.startsWith("GET /events")) };
}

async function untilCurrent(id: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!fleetWatcher().current(id) || !fleetWatcher().settled()) {
    if (Date.now() > end) throw new Error(`the watcher never held ${id} as current`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let id = "";

beforeAll(async () => {
  await removeFleet(SUITE);
  id = (await createFleet(SUITE, [{ name: "itcs-app", args: ["--read-only"] }]))["itcs-app"] ?? "";
  relay = await startCountingRelay();
  // Every client of this file's process (watcher, reads) reaches the engine through the relay from now on.
  process.env.DOCKER_HOST = `unix://${relaySocket}`;
  await readFleet({ all: true });
  await untilCurrent(id);
});

afterAll(async () => {
  fleetWatcher().stop();
  for (const s of open) s.destroy();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  if (REAL_DOCKER_HOST === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = REAL_DOCKER_HOST;
  await removeFleet(SUITE);
  rmSync(workDir, { recursive: true, force: true });
});

describe("containerDetail from the watcher's cache", () => {
  it("reads no engine while the cache is current, and says when the engine was read", async () => {
    const cachedReadAt = fleetWatcher().current(id)?.readAt;
    const { value: detail, seen } = await counted(async () =>
      containerDetail(await resolveContainerId("itcs-app")),
    );
    expect(seen).toEqual([]);
    expect(detail?.id).toBe(id);
    expect(detail?.read).toEqual({ status: "current", readAt: cachedReadAt });
    expect(Date.parse(detail?.generatedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(cachedReadAt ?? ""));
    // The same view as the fleet's row.
    const row = (await readFleet({ all: true })).containers.find((c) => c.id === id);
    expect(detail?.score).toBe(row?.score);
    expect(detail?.checks).toEqual(row?.checks);
  });

  it("reads the engine once the cache is not current for the container (an event waits to be read)", async () => {
    const before = new Date().toISOString();
    fleetWatcher().request([id]);
    const { value: found, seen } = await counted(() => detailSnapshot(id));
    expect(found?.cached).toBe(false);
    expect(Date.parse(found?.readAt ?? "")).toBeGreaterThanOrEqual(Date.parse(before));
    expect(seen).toContain(`GET /containers/${id}/json`);
    await untilCurrent(id);
  });

  it("a reference the cache does not know goes to the engine's list", async () => {
    const { value, seen } = await counted(() => resolveContainerId("itcs-no-such-container").catch((e) => e));
    expect((value as Error).name).toBe("ContainerNotFoundError");
    expect(seen.some((r) => r.startsWith("GET /containers/json"))).toBe(true);
  });
});

describe("engineHealthNow", () => {
  it("asks GET /version once per event stream, then answers from the live watcher", async () => {
    const first = await engineHealthNow();
    expect(first.engine.reachable).toBe(true);
    const { value: second, seen } = await counted(() => engineHealthNow());
    expect(seen).toEqual([]);
    expect(second).toMatchObject({ status: "ok", source: "watcher" });
    expect(second.engine.version).toBe(first.engine.version);
    expect(Date.parse(second.generatedAt)).toBeGreaterThanOrEqual(Date.parse(first.generatedAt));
  });
});

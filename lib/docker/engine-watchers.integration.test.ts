/**
 * One watcher per configured engine (issue 14), on real engines: the suite's private engine and a second,
 * test-owned engine started here, both named in an engines file. Containers are created, not started.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, DEFAULT_IMAGE, removeFleet, SUITE_LABEL } from "@/e2e/support/fleet";
import { type PrivateEngine, privateEnginePaths, startPrivateEngine } from "@/test/private-engine";
import { engineWatchers, stopEngineWatchers } from "./engine-watchers";
import { readFleet } from "./fleet";
import { configuredEnginesHealth } from "./health";
import type { FleetWatcher } from "./watcher";

const SUITE = "engine-watchers";
const NAME = "it-ew-api";
const dir = mkdtempSync(path.join(tmpdir(), "roaudit-ew-"));
const file = path.join(dir, "engines.yaml");
let second: PrivateEngine;
let firstId = "";
let secondId = "";

function env(): NodeJS.ProcessEnv {
  return { ...process.env, ROAUDIT_ENGINES_FILE: file };
}

function byName(watcher: FleetWatcher, name: string) {
  return [...watcher.containers.values()].find((c) => c.snapshot?.name === name);
}

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const host = process.env.DOCKER_HOST;
  if (!host?.startsWith("unix://"))
    throw new Error("DOCKER_HOST must name the suite's private engine socket");
  firstId = (await createFleet(SUITE, [{ name: NAME, args: [], start: false }]))[NAME] ?? "";
  second = await startPrivateEngine("ew14", { images: [DEFAULT_IMAGE] });
  await second.docker(["rm", "-f", NAME]).catch(() => "");
  secondId = (
    await second.docker([
      "create",
      "--name",
      NAME,
      "--network",
      "none",
      "--label",
      `${SUITE_LABEL}=${SUITE}`,
      DEFAULT_IMAGE,
    ])
  )
    .split("\n")
    .at(-1) as string;
  writeFileSync(
    file,
    `engines:\n  - name: one\n    host: ${host}\n  - name: two\n    host: ${second.host}\n`,
  );
}, 180_000);

afterAll(async () => {
  stopEngineWatchers();
  await second?.restart().catch(() => undefined);
  await second?.docker(["rm", "-f", NAME]).catch(() => "");
  await second?.stop();
  await removeFleet(SUITE);
  rmSync(dir, { recursive: true, force: true });
}, 180_000);

/** `readFleet` with the engines file in force (it reads `process.env`), then the environment as it was. */
async function mergedFleet() {
  return withFile(() => readFleet({ all: true }));
}

/** `fn` with the engines file in force in `process.env`. */
async function withFile<T>(fn: () => Promise<T>): Promise<T> {
  const before = process.env.ROAUDIT_ENGINES_FILE;
  process.env.ROAUDIT_ENGINES_FILE = file;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.ROAUDIT_ENGINES_FILE;
    else process.env.ROAUDIT_ENGINES_FILE = before;
  }
}

describe("engine watchers", () => {
  it("follows each configured engine: the same name on two engines is two containers", {
    timeout: 120_000,
  }, async () => {
    const { engines, error } = engineWatchers(env());
    expect(error).toBeNull();
    expect(engines.map((e) => e.view)).toEqual([
      { name: "one", transport: "unix", labels: {}, readOnly: false },
      { name: "two", transport: "unix", labels: {}, readOnly: false },
    ]);
    const [one, two] = engines.map((e) => e.watcher as FleetWatcher);
    await one?.ready(AbortSignal.timeout(60_000));
    await two?.ready(AbortSignal.timeout(60_000));
    expect([one?.status.kind, two?.status.kind]).toEqual(["live", "live"]);
    expect(byName(one as FleetWatcher, NAME)?.id).toBe(firstId);
    expect(byName(two as FleetWatcher, NAME)?.id).toBe(secondId);
    expect(firstId).not.toBe(secondId);
    // Each engine's facts are its own (GET /info of that engine): its storage root and socket.
    expect(byName(two as FleetWatcher, NAME)?.snapshot?.engine).toMatchObject({
      dockerRootDir: privateEnginePaths("ew14").dataRoot,
      socketPath: second.socketPath,
    });
    expect(byName(one as FleetWatcher, NAME)?.snapshot?.engine.dockerRootDir).not.toBe(
      privateEnginePaths("ew14").dataRoot,
    );
    // The second engine holds only this test's container: nothing of the suite's engine leaks into it.
    expect([...(two as FleetWatcher).containers.keys()]).toEqual([secondId]);
    // The same configuration keeps the same watchers.
    expect(engineWatchers(env()).engines.map((e) => e.watcher)).toEqual([one, two]);
    // The merged fleet: one row per engine for the same name, each with its engine; both engines reachable.
    const fleet = await mergedFleet();
    expect(fleet.containers.filter((c) => c.name === NAME).map((c) => [c.engine, c.id])).toEqual([
      ["one", firstId],
      ["two", secondId],
    ]);
    expect(fleet.engines?.map((e) => [e.name, e.status, e.error])).toEqual([
      ["one", "reachable", null],
      ["two", "reachable", null],
    ]);
    const health = await withFile(configuredEnginesHealth);
    expect(health.status).toBe("ok");
    expect(health.engines?.map((e) => [e.name, e.status])).toEqual([
      ["one", "reachable"],
      ["two", "reachable"],
    ]);
  });

  it("one engine stopped: its watcher is down, the other's stays live with its containers", {
    timeout: 180_000,
  }, async () => {
    const [one, two] = engineWatchers(env()).engines.map((e) => e.watcher as FleetWatcher);
    await second.stop();
    await until(() => two?.status.kind === "down");
    expect(two?.status.kind === "down" && two.status.error.message).toContain(second.socketPath);
    expect(one?.status.kind).toBe("live");
    expect(byName(one as FleetWatcher, NAME)?.id).toBe(firstId);
    // The merged fleet still serves the live engine's rows, at once; the stopped one is a status, not an error.
    const started = Date.now();
    const fleet = await mergedFleet();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fleet.containers.filter((c) => c.name === NAME).map((c) => c.engine)).toEqual(["one"]);
    expect(fleet.containers.some((c) => c.engine === "two")).toBe(false);
    const down = fleet.engines?.find((e) => e.name === "two");
    expect(down).toMatchObject({ status: "down", error: { code: expect.any(String) } });
    expect(fleet.engines?.find((e) => e.name === "one")?.status).toBe("reachable");
    // Health lists both; one unreachable makes it degraded.
    const health = await withFile(configuredEnginesHealth);
    expect(health.status).toBe("degraded");
    expect(health.engines?.map((e) => [e.name, e.status])).toEqual([
      ["one", "reachable"],
      ["two", "down"],
    ]);
    await second.restart();
    await until(() => two?.status.kind === "live", 120_000);
    expect(byName(two as FleetWatcher, NAME)?.id).toBe(secondId);
  });
});

/**
 * A verdict is about one run of a container: after `docker restart` (a new `State.StartedAt`), `docker stop`
 * or a restart of its engine (a throwaway engine of this test's own) the fleet row and the detail page show
 * it as the previous run's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, docker, removeFleet } from "@/e2e/support/fleet";
import type { FleetContainer } from "@/lib/api-types";
import { type PrivateEngine, startPrivateEngine } from "@/test/private-engine";
import { containerDetail } from "./container-detail";
import { readFleet } from "./fleet";
import { verifyContainer } from "./verify";
import { fleetWatcher } from "./watcher";

const SUITE = "it-verdict-run";
let id = "";

async function row(): Promise<FleetContainer | undefined> {
  return (await readFleet({ all: true })).containers.find((c) => c.id === id);
}

async function until(
  accept: (c: FleetContainer | undefined) => boolean,
  what: string,
): Promise<FleetContainer> {
  const end = Date.now() + 30_000;
  let last: FleetContainer | undefined;
  while (Date.now() < end) {
    last = await row();
    if (last && accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `not seen: ${what}; last: ${JSON.stringify(last ? [last.state, last.verification?.run] : null)}`,
  );
}

beforeAll(async () => {
  await removeFleet(SUITE);
  id =
    (await createFleet(SUITE, [{ name: "itvr-app", args: ["--read-only", "--tmpfs", "/tmp"] }]))[
      "itvr-app"
    ] ?? "";
  await readFleet({ all: true });
});

afterAll(async () => {
  fleetWatcher().stop();
  await removeFleet(SUITE);
});

describe("a verdict's run", () => {
  it("is current until the container restarts, then the previous run's, in the fleet and the detail", async () => {
    const startedAt = await docker(["inspect", "--format", "{{.State.StartedAt}}", id]);
    const verdict = await verifyContainer(id);
    expect(verdict.verdict).toBe("enforced");
    // Docker's template prints the time as Go does; the same instant as the verdict's ISO string.
    expect(Date.parse(verdict.startedAt ?? "")).toBe(Date.parse(startedAt));
    const before = await until((c) => c?.verification?.checkedAt === verdict.checkedAt, "the verdict");
    expect(before.verification?.run).toBe("current");

    await docker(["restart", "--time", "1", id]);
    // While restarting it is briefly exited (a previous run's verdict too): wait for the new run.
    const after = await until(
      (c) => c?.state === "running" && c.verification?.run === "previous",
      "the previous run's verdict, running again",
    );
    expect(after.state).toBe("running");
    expect(after.verification?.checkedAt).toBe(verdict.checkedAt);
    const detail = await containerDetail(id);
    expect(detail?.verification?.run).toBe("previous");
    expect(detail?.history.map((v) => [v.checkedAt, v.run])).toEqual([[verdict.checkedAt, "previous"]]);

    // A new verdict is the current run's again; the old one stays in the history as the previous run's.
    const again = await verifyContainer(id);
    await until((c) => c?.verification?.checkedAt === again.checkedAt, "the new verdict");
    const history = (await containerDetail(id))?.history.map((v) => v.run);
    expect(history).toEqual(["current", "previous"]);
  });

  it("a stopped container's verdict is the previous run's (the probed run ended)", async () => {
    await docker(["stop", "--time", "1", id]);
    const stopped = await until((c) => c?.state === "exited", "stopped");
    expect(stopped.verification?.run).toBe("previous");
  });
});

describe("a verdict across an engine restart", () => {
  const REAL_DOCKER_HOST = process.env.DOCKER_HOST;
  const LABEL = `roaudit.test=${SUITE}`;
  let engine: PrivateEngine;

  const resetClients = () => {
    // The clients are made once per process from DOCKER_HOST; this engine gets its own.
    const registry = (globalThis as { __roaudit?: Map<string, unknown> }).__roaudit;
    for (const key of ["docker", "docker-events", "passwd", "engine-facts"]) registry?.delete(key);
  };
  const listSuite = async () =>
    (await engine.docker(["ps", "-aq", "--no-trunc", "--filter", `label=${LABEL}`]))
      .split("\n")
      .filter(Boolean);

  beforeAll(async () => {
    engine = await startPrivateEngine("verdict-run", { images: ["roaudit-fixture:busybox"] });
    const left = await listSuite();
    if (left.length > 0) await engine.docker(["rm", "-f", ...left]);
    process.env.DOCKER_HOST = engine.host;
    resetClients();
  }, 180_000);

  afterAll(async () => {
    fleetWatcher().stop();
    resetClients();
    if (REAL_DOCKER_HOST === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = REAL_DOCKER_HOST;
    const left = await listSuite();
    if (left.length > 0) await engine.docker(["rm", "-f", ...left]);
    await engine.stop();
  }, 120_000);

  it("a container the engine restarts (--restart always) shows its verdict as the previous run's", async () => {
    id = (
      await engine.docker([
        "run",
        "-d",
        "--name",
        "itvr-engine",
        "--network",
        "none",
        "--restart",
        "always",
        "--read-only",
        "--label",
        LABEL,
        "roaudit-fixture:busybox",
      ])
    )
      .split("\n")
      .at(-1) as string;
    await until((c) => c?.state === "running", "running on the private engine");
    const verdict = await verifyContainer(id);
    const before = await until((c) => c?.verification?.checkedAt === verdict.checkedAt, "the verdict");
    expect(before.verification?.run).toBe("current");

    await engine.restart();
    // Running again, in the list's same `State` as before: only its new `State.StartedAt` tells the runs apart.
    const after = await until(
      (c) => c?.state === "running" && c.verification?.run === "previous",
      "the previous run's verdict after the engine restart",
    );
    expect(after.verification?.checkedAt).toBe(verdict.checkedAt);
    expect(after.read.status).toBe("current");
  }, 180_000);
});

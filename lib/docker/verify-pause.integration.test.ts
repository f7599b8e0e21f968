/**
 * Issue 8, item 4 (Verify's half): a container paused before or during a Verify costs a bounded time and
 * gives a clear answer, never a hang. A `docker pause` that lands while an exec starts can freeze its
 * `runc init` and wedge the engine's calls about that container for minutes, so these cases run on a private
 * engine of their own (`test/private-engine.ts`), never on one that holds anything else. The client is
 * created once per process from `DOCKER_HOST`: the suite points it at the private engine and back.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Verification } from "@/lib/audit/types";
import { type PrivateEngine, startPrivateEngine } from "@/test/private-engine";
import { ContainerNotRunningError } from "./errors";
import { verifyContainer } from "./verify";

const LABEL = "roaudit.test=it-verify-pause";
const IMAGE = "roaudit-fixture:busybox";
// A `sh` that waits first, so the pause lands while the first probe's exec is in flight.
const SLOW_SH = '#!/bin/busybox sh\nsleep 5\nexec /bin/busybox sh "$@"\n';

let engine: PrivateEngine;
const realDockerHost = process.env.DOCKER_HOST;
const pauses: ChildProcess[] = [];

/** Points the process-wide client at `host` (it is created on first use from `DOCKER_HOST`). */
function useEngine(host: string | undefined): void {
  (globalThis as { __roaudit?: Map<string, unknown> }).__roaudit?.delete("docker");
  if (host === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = host;
}

async function run(name: string, args: string[] = []): Promise<string> {
  await engine.docker(["rm", "-f", name]).catch(() => undefined);
  return engine.docker(["run", "-d", "--name", name, "--label", LABEL, "--network", "none", ...args, IMAGE]);
}

/** `docker pause`, not waited for: it may block for minutes on a wedged freeze. */
function pauseInBackground(name: string): void {
  const child = spawn("docker", ["-H", engine.host, "pause", name], { stdio: "ignore" });
  child.on("error", () => undefined);
  pauses.push(child);
}

/** Thaws a container however it is stuck: the kernel's freezer first (cgroup v1 or v2), then the engine. */
async function thaw(id: string): Promise<void> {
  for (const file of [
    `/sys/fs/cgroup/freezer/docker/${id}/freezer.state`,
    `/sys/fs/cgroup/freezer/system.slice/docker-${id}.scope/freezer.state`,
  ]) {
    if (existsSync(file)) writeFileSync(file, "THAWED");
  }
  for (const file of [
    `/sys/fs/cgroup/docker/${id}/cgroup.freeze`,
    `/sys/fs/cgroup/system.slice/docker-${id}.scope/cgroup.freeze`,
  ]) {
    if (existsSync(file)) writeFileSync(file, "0");
  }
  await Promise.race([
    engine.docker(["unpause", id]).catch(() => undefined),
    new Promise((r) => setTimeout(r, 20_000)),
  ]);
}

beforeAll(async () => {
  engine = await startPrivateEngine("verify-pause", { images: [IMAGE] });
  useEngine(engine.host);
}, 180_000);

afterAll(async () => {
  for (const child of pauses) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  useEngine(realDockerHost);
  if (!engine) return;
  const ids = (await engine.docker(["ps", "-aq", "--filter", `label=${LABEL}`]).catch(() => "")).split("\n");
  for (const id of ids.filter(Boolean)) {
    await thaw(id);
    await engine.docker(["rm", "-f", id]).catch(() => undefined);
  }
  await engine.stop();
}, 180_000);

describe("Verify on a paused container", () => {
  it("a paused container: a clear 409 at once, no exec tried", async () => {
    const id = await run("itvp-paused", ["--read-only"]);
    await engine.docker(["pause", id]);
    const started = Date.now();
    const error = await verifyContainer(id).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(ContainerNotRunningError);
    expect((error as Error).message).toMatch(/is paused; Verify needs a running container/);
    expect(await engine.docker(["inspect", "--format", "{{len .ExecIDs}}", id])).toBe("0");
    await engine.docker(["unpause", id]);
  });

  it("paused 50 ms into a Verify: a bounded wait and an answer that says paused; another container is verified after it", async () => {
    const id = await run("itvp-mid", ["--tmpfs", "/tmp"]);
    const other = await run("itvp-other", ["--read-only", "--tmpfs", "/tmp"]);
    await engine.docker([
      "exec",
      "-u",
      "0",
      id,
      "sh",
      "-c",
      `rm /bin/sh && printf '%s' '${SLOW_SH}' > /bin/sh && chmod 755 /bin/sh`,
    ]);
    process.env.ROAUDIT_PROBE_TIMEOUT_MS = "3000";
    try {
      const started = Date.now();
      const verify = verifyContainer(id);
      await new Promise((r) => setTimeout(r, 50));
      pauseInBackground(id);
      const v = await verify;
      const took = Date.now() - started;
      expect(took).toBeLessThan(40_000);
      expect(v.verdict).toBe("inconclusive");
      expect(v.detail).toMatch(
        /^the container was paused during the probes: .*(paused|FREEZING|FROZEN|did not answer|stopped answering)/,
      );
      expect(v.detail).toContain("docker unpause");
      expect(v.observed).toEqual({ rootReadOnly: null, process: null, tmpfsExec: null });

      // roaudit is not wedged: another container on the same engine is verified, in time.
      const next = await verifyContainer(other);
      expect(next.verdict).toBe("enforced");
    } finally {
      delete process.env.ROAUDIT_PROBE_TIMEOUT_MS;
      await thaw(id);
    }
  }, 120_000);

  it.each([50, 120, 200])(
    "paused %i ms into a Verify with the image's own shell (the pause may freeze an exec's runc init and wedge the engine's calls about it): bounded, and a clear answer",
    async (delay) => {
      const id = await run(`itvp-stock-${delay}`, ["--read-only", "--tmpfs", "/tmp"]);
      process.env.ROAUDIT_PROBE_TIMEOUT_MS = "3000";
      try {
        const started = Date.now();
        const verify = verifyContainer(id).catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, delay));
        pauseInBackground(id);
        const v = await verify;
        const took = Date.now() - started;
        expect(took).toBeLessThan(40_000);
        if (v instanceof Error) {
          // The pause landed before the probes: refused at once, saying why.
          expect(v).toBeInstanceOf(ContainerNotRunningError);
        } else {
          const verification = v as Verification;
          // Either the whole battery ran before the freeze (a real verdict), or it says it was paused.
          if (verification.verdict !== "enforced")
            expect(verification.detail).toMatch(
              /^the container was paused during the probes: .*docker unpause/,
            );
        }
      } finally {
        delete process.env.ROAUDIT_PROBE_TIMEOUT_MS;
        await thaw(id);
      }
    },
    120_000,
  );
});

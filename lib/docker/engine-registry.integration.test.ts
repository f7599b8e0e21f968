/**
 * The registry of engine clients against this suite's engine (`DOCKER_HOST`), configured through an engines
 * file: clients kept while the file is unchanged, remade when an engine changes, dropped when it leaves.
 *
 *   npx vitest run --project integration lib/docker/engine-registry.integration.test.ts
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EngineRegistry } from "./engine-registry";

const dir = mkdtempSync(path.join(tmpdir(), "roaudit-registry-"));
const registry = new EngineRegistry();
afterAll(() => {
  registry.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("EngineRegistry", () => {
  it("makes one client per configured engine and reconciles them when the file changes", async () => {
    const host = process.env.DOCKER_HOST ?? "";
    const file = path.join(dir, "engines.yaml");
    const env = { ROAUDIT_ENGINES_FILE: file };
    writeFileSync(
      file,
      `engines:\n  - { name: a, host: '${host}' }\n  - { name: b, host: '${host}', readOnly: true }\n`,
    );
    const first = registry.sync(env);
    expect(first.error).toBeNull();
    expect(first.engines.map((e) => e.view)).toEqual([
      { name: "a", transport: "unix", labels: {}, readOnly: false },
      { name: "b", transport: "unix", labels: {}, readOnly: true },
    ]);
    const a = first.engines[0]?.clients;
    if (!a || !("docker" in a)) throw new Error("engine a has no client");
    expect(String(await a.docker.ping())).toBe("OK");
    expect(registry.sync(env).engines[0]?.clients).toBe(a);

    writeFileSync(file, `engines:\n  - { name: a, host: '${host}', labels: { env: lab } }\n`);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = registry.sync(env);
    expect(second.engines.map((e) => e.view.name)).toEqual(["a"]);
    expect(second.engines[0]?.clients).not.toBe(a);
    expect(registry.get("b")).toBeUndefined();
  });

  it("has no engine while the file is invalid, and says why", () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(file, "engines: [{ name: Bad, host: 'unix:///x' }]\n");
    const state = registry.sync({ ROAUDIT_ENGINES_FILE: file });
    expect(state.engines).toEqual([]);
    expect(state.error).toMatch(/engines\.0\.name/);
  });
});

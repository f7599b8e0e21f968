import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const start = path.resolve(import.meta.dirname, "start.mjs");
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [start, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 20_000,
  });

describe("npm start (scripts/start.mjs)", () => {
  it.each([
    [["-H", "0.0.0.0"], {}],
    [["--hostname", "192.0.2.1"], {}],
    [[], { ROAUDIT_HOST: "0.0.0.0" }],
  ])("refuses a non-loopback address without a token, before listening: %j %j", (args, env) => {
    const result = run(args, env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refusing to listen on .* without an access token/);
    expect(result.stdout).not.toMatch(/listening/);
  });

  it("rejects an unknown argument and a bad port", () => {
    expect(run(["--bogus"]).status).toBe(2);
    expect(run(["-p", "99999"]).status).toBe(2);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hostnameOf, isLoopback, readSettings, SettingsError, startupProblem } from "./settings";

describe("readSettings", () => {
  it("defaults to loopback, no token, Verify on", () => {
    const s = readSettings({});
    expect(s).toMatchObject({ listenHost: "127.0.0.1", token: null, readOnly: false });
    expect([...s.allowedHosts].sort()).toEqual(["127.0.0.1", "::1", "localhost"]);
  });

  it("ignores HOSTNAME, which Docker sets to the container id", () => {
    expect(readSettings({ HOSTNAME: "3f2a1b0c9d8e" }).listenHost).toBe("127.0.0.1");
  });

  it("reads the token from a file (a Docker or Kubernetes secret), trimmed", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "roaudit-"));
    const file = path.join(dir, "token");
    writeFileSync(file, "0123456789abcdef-from-file\n");
    expect(readSettings({ ROAUDIT_TOKEN_FILE: file }).token).toBe("0123456789abcdef-from-file");
  });

  it("refuses a short token and an unreadable token file", () => {
    expect(() => readSettings({ ROAUDIT_TOKEN: "short" })).toThrow(SettingsError);
    expect(() => readSettings({ ROAUDIT_TOKEN_FILE: "/nonexistent/token" })).toThrow(/cannot be read/);
  });

  it("reads read-only mode only from the exact value true", () => {
    expect(readSettings({ ROAUDIT_READ_ONLY: "true" }).readOnly).toBe(true);
    expect(readSettings({ ROAUDIT_READ_ONLY: "1" }).readOnly).toBe(false);
  });

  it("turns trial runs on only with ROAUDIT_TRIALS=true, and never in read-only mode", () => {
    expect(readSettings({}).trials).toBe(false);
    expect(readSettings({ ROAUDIT_TRIALS: "true" }).trials).toBe(true);
    expect(readSettings({ ROAUDIT_TRIALS: "1" }).trials).toBe(false);
    expect(readSettings({ ROAUDIT_TRIALS: "true", ROAUDIT_READ_ONLY: "true" }).trials).toBe(false);
  });
});

describe("startupProblem", () => {
  it.each([
    [{ ROAUDIT_HOST: "0.0.0.0" }, true],
    [{ ROAUDIT_HOST: "192.0.2.10" }, true],
    [{ ROAUDIT_HOST: "0.0.0.0", ROAUDIT_TOKEN: "0123456789abcdef-secret" }, false],
    [{ ROAUDIT_HOST: "127.0.0.1" }, false],
    [{ ROAUDIT_HOST: "::1" }, false],
  ])("%j refused: %s", (env, refused) => {
    expect(startupProblem(readSettings(env)) !== null).toBe(refused);
  });
});

describe("isLoopback / hostnameOf", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["[::1]", true],
    ["0.0.0.0", false],
    ["10.0.0.1", false],
  ])("isLoopback(%s) = %s", (h, expected) => {
    expect(isLoopback(h)).toBe(expected);
  });

  it.each([
    ["Example.com:3000", "example.com"],
    ["[::1]:3000", "::1"],
    ["127.0.0.1", "127.0.0.1"],
  ])("hostnameOf(%s) = %s", (h, expected) => {
    expect(hostnameOf(h)).toBe(expected);
  });
});

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onEngineHost, pingsAsEngine, SocketScanner } from "./socket-scan";

// Two tiny unix-socket servers: one answers /_ping like an engine, one is some other service.
let dir = "";
const servers: http.Server[] = [];
const listen = (socketPath: string, handler: http.RequestListener) =>
  new Promise<void>((resolve) => {
    const server = http.createServer(handler);
    servers.push(server);
    server.listen(socketPath, resolve);
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "roaudit-scan-"));
  mkdirSync(path.join(dir, "a", "b"), { recursive: true });
  await listen(path.join(dir, "a", "b", "api.sock"), (req, res) => {
    res.writeHead(req.url === "/_ping" ? 200 : 404).end(req.url === "/_ping" ? "OK" : "");
  });
  await listen(path.join(dir, "a", "other.sock"), (_req, res) => res.writeHead(404).end("not here"));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

describe("pingsAsEngine", () => {
  it("is true only for a socket that answers /_ping with OK", async () => {
    expect(await pingsAsEngine(path.join(dir, "a", "b", "api.sock"))).toBe(true);
    expect(await pingsAsEngine(path.join(dir, "a", "other.sock"))).toBe(false);
    expect(await pingsAsEngine(path.join(dir, "missing.sock"))).toBe(false);
  });
});

describe("SocketScanner", () => {
  it("finds the answering socket beneath a source, not the other one, and the socket given as a source itself", async () => {
    const scan = await new SocketScanner(true).scan([
      dir,
      path.join(dir, "a", "b", "api.sock"),
      "/nonexistent",
    ]);
    expect(scan?.found).toEqual([
      { source: dir, socket: path.join(dir, "a", "b", "api.sock") },
      { source: path.join(dir, "a", "b", "api.sock"), socket: path.join(dir, "a", "b", "api.sock") },
    ]);
  });

  it("scans nothing when not on the engine's host", async () => {
    expect(await new SocketScanner(false).scan([dir])).toBeNull();
  });

  it("stops at its depth bound and says so", async () => {
    mkdirSync(path.join(dir, "d1", "d2", "d3", "d4"), { recursive: true });
    const scan = await new SocketScanner(true).scan([path.join(dir, "d1")]);
    expect(scan?.partial).toEqual([path.join(dir, "d1")]);
  });
});

describe("onEngineHost", () => {
  const id = "a".repeat(64);
  it("is true only when the engine's folder for this very container is here", () => {
    mkdirSync(path.join(dir, "root", "containers", id), { recursive: true });
    expect(onEngineHost(path.join(dir, "root"), id)).toBe(true);
    expect(onEngineHost(path.join(dir, "root"), "b".repeat(64))).toBe(false);
    expect(onEngineHost(null, id)).toBe(false);
    expect(onEngineHost(path.join(dir, "root"), "../../etc")).toBe(false);
  });
});

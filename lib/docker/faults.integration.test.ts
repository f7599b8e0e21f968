/**
 * Fault injection: what the engine-facing functions do when the engine misbehaves. Two kinds of engine:
 *
 * - a tiny fake engine on a private unix socket (the one place a fake engine is allowed), which hangs,
 *   answers malformed or non-Engine-API JSON, closes the connection, stalls or closes in the middle of an
 *   answer, or does not speak HTTP at all;
 * - the real engine seen through the shared relay (e2e/support/relay.ts), with a rule that cuts every
 *   connection at a chosen request or in the middle of an answer, with a labelled fleet (`it-faults`).
 *
 * Whatever happens, `readFleet`, `resolveContainerId` and `verifyContainer` must settle in bounded time
 * with `EngineUnavailableError` (→ 503 `docker_unavailable`) or `EngineResponseError` (→ 502
 * `engine_error`), never hang, never throw anything untyped (→ 500); `engineHealth` must say `degraded`
 * unless `GET /version` itself was a proper answer. A closed connection or an answer that is not HTTP must
 * be reported at once, not after a timeout. The slow cases wait for the client's real timeouts
 * (lib/docker/client.ts), which nothing lets a test lower: the file takes a minute or two.
 * The client is created once per process from `DOCKER_HOST`, so each case points `DOCKER_HOST` at its
 * engine and drops the process singletons that hold the client or engine state.
 *
 *   npx vitest run --project integration lib/docker/faults.integration.test.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, type ExpectStatic, it } from "vitest";
import { createFleet, docker as dockerCli, engineSocketPath, removeFleet } from "@/e2e/support/fleet";
import { startRelay } from "@/e2e/support/relay";
import { errorResponse } from "@/lib/api/respond";
import type { HealthResponse, Verification } from "@/lib/api-types";
import { CALL_DEADLINE_MS, CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from "./client";
import { engineHealth } from "./engine-info";
import { EngineResponseError, EngineUnavailableError } from "./errors";
import { readFleet } from "./fleet";
import { resolveContainerId } from "./resolve";
import { verifyContainer } from "./verify";

/** The real engine, read before any case points DOCKER_HOST elsewhere. */
const REAL_DOCKER_HOST = process.env.DOCKER_HOST;
const REAL_SOCKET = engineSocketPath();

/**
 * Longest any call may take before it counts as hung: the longer of the client's own timeouts (connect,
 * then idle) and the per-call deadline, plus a margin. A call still pending then fails its test, which is
 * what "never hang" means.
 */
const SETTLE_LIMIT_MS = Math.max(CONNECT_TIMEOUT_MS + REQUEST_TIMEOUT_MS, CALL_DEADLINE_MS) + 3_000;
/** A closed connection or a non-HTTP answer is known at once: no reason to wait for a timeout. */
const PROMPT_MS = 3_000;
const CASE_TIMEOUT_MS = SETTLE_LIMIT_MS + 10_000;

const FAKE_ID = "0123456789abcdef".repeat(4);
const FAKE_EXEC_ID = "fedcba9876543210".repeat(4);
const VALID_LIST = JSON.stringify([{ Id: FAKE_ID, Names: ["/fake"], State: "running" }]);
const VALID_INSPECT = JSON.stringify({
  Id: FAKE_ID,
  Name: "/fake",
  State: { Status: "running" },
  Config: {},
  HostConfig: {},
  Mounts: [],
});

const workDir = mkdtempSync(path.join(tmpdir(), "roaudit-faults-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// -------------------------------------------------------------------------------------------------------
// Pointing the code at an engine

function dropClientState(): void {
  const registry = (globalThis as { __roaudit?: Map<string, unknown> }).__roaudit;
  if (!registry) return;
  // The client, and everything that joins or caches engine answers across calls.
  for (const key of ["docker", "fleet-inflight", "verify-inflight", "verify-limit", "passwd"]) {
    registry.delete(key);
  }
  // engine-info.ts holds this object from its first import: empty it rather than drop it.
  const facts = registry.get("engine-facts") as { entry?: unknown; pending?: unknown } | undefined;
  if (facts) {
    delete facts.entry;
    delete facts.pending;
  }
}

function useEngine(socketPath: string): void {
  process.env.DOCKER_HOST = `unix://${socketPath}`;
  dropClientState();
}

function useRealEngine(): void {
  if (REAL_DOCKER_HOST === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = REAL_DOCKER_HOST;
  dropClientState();
}

// -------------------------------------------------------------------------------------------------------
// The fake engine

/** What the fake engine does with one request. */
type Reply =
  /** Read the request, never answer. */
  | { kind: "hang" }
  /** Close the connection as soon as the request has arrived. */
  | { kind: "close" }
  /** Write these bytes (not HTTP) and close. */
  | { kind: "raw"; data: string }
  /** A complete HTTP answer with this body. */
  | { kind: "answer"; status?: number; body: string }
  /** The headers and the first half of the body, then nothing more (`stall`) or a closed connection. */
  | { kind: "partial"; body: string; after: "stall" | "close" };

interface FakeEngine {
  socketPath: string;
  /** `METHOD /path` of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

function httpAnswer(status: number, body: string): string {
  const reason = http.STATUS_CODES[status] ?? "Status";
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** A fake engine on a fresh unix socket; `route` decides the reply to each request (one per connection). */
async function startFakeEngine(name: string, route: (method: string, pathname: string) => Reply) {
  const socketPath = path.join(workDir, `${name}.sock`);
  const requests: string[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      socket.resume(); // a request body, if any, is read and ignored
      const [method = "", target = "/"] = (head.split("\r\n")[0] ?? "").split(" ");
      const pathname = new URL(target, "http://engine").pathname.replace(/^\/v\d+\.\d+(?=\/)/, "");
      requests.push(`${method} ${pathname}`);
      const reply = route(method, pathname);
      switch (reply.kind) {
        case "hang":
          return;
        case "close":
          socket.destroy();
          return;
        case "raw":
          socket.end(reply.data);
          return;
        case "answer":
          socket.end(httpAnswer(reply.status ?? 200, reply.body));
          return;
        case "partial": {
          const full = httpAnswer(200, reply.body);
          const cut = full.length - Math.ceil(Buffer.byteLength(reply.body) / 2);
          socket.write(full.slice(0, cut));
          if (reply.after === "close") setTimeout(() => socket.destroy(), 20);
          return;
        }
      }
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  } satisfies FakeEngine;
}

/** Answers of an engine that understands the Engine API paths roaudit uses. */
function engineRoutes(answers: {
  list: Reply;
  inspect: Reply;
  info?: Reply;
  version?: Reply;
  archive?: Reply;
  execCreate?: Reply;
  execStart?: Reply;
  execInspect?: Reply;
}) {
  return (method: string, pathname: string): Reply => {
    if (pathname === "/containers/json") return answers.list;
    if (/^\/containers\/[^/]+\/json$/.test(pathname)) return answers.inspect;
    if (pathname === "/info") return answers.info ?? { kind: "answer", body: "{}" };
    if (pathname === "/version") return answers.version ?? { kind: "answer", body: '{"Version":"fake"}' };
    if (/^\/containers\/[^/]+\/archive$/.test(pathname))
      return answers.archive ?? { kind: "answer", status: 404, body: '{"message":"no such file"}' };
    if (method === "POST" && /^\/containers\/[^/]+\/exec$/.test(pathname))
      return (
        answers.execCreate ?? { kind: "answer", status: 201, body: JSON.stringify({ Id: FAKE_EXEC_ID }) }
      );
    if (/^\/exec\/[^/]+\/start$/.test(pathname)) return answers.execStart ?? { kind: "close" };
    if (/^\/exec\/[^/]+\/json$/.test(pathname))
      return answers.execInspect ?? { kind: "answer", body: '{"Running":false,"ExitCode":0}' };
    return { kind: "answer", status: 404, body: '{"message":"page not found"}' };
  };
}

/** The same reply to every request. */
const always = (reply: Reply) => () => reply;

// -------------------------------------------------------------------------------------------------------
// Outcomes

type Outcome =
  | { settled: "resolved"; value: unknown; ms: number }
  | { settled: "rejected"; error: unknown; ms: number }
  | { settled: "hung"; ms: number };

/** How `promise` settles within {@link SETTLE_LIMIT_MS} (a promise still pending then is `hung`). */
async function outcome(promise: Promise<unknown>, limitMs = SETTLE_LIMIT_MS): Promise<Outcome> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ settled: "hung", ms: Date.now() - started }), limitMs);
  });
  const settled = promise.then(
    (value): Outcome => ({ settled: "resolved", value, ms: Date.now() - started }),
    (error: unknown): Outcome => ({ settled: "rejected", error, ms: Date.now() - started }),
  );
  try {
    return await Promise.race([settled, hung]);
  } finally {
    clearTimeout(timer);
  }
}

function describeOutcome(o: Outcome): string {
  if (o.settled === "hung") return `still pending after ${o.ms} ms`;
  if (o.settled === "resolved")
    return `resolved after ${o.ms} ms with ${JSON.stringify(o.value)?.slice(0, 300)}`;
  const e = o.error;
  const what = e instanceof Error ? `${e.constructor.name} ${JSON.stringify(e.message)}` : JSON.stringify(e);
  return `rejected after ${o.ms} ms with ${what}`;
}

type Expected = "unavailable" | "response" | "either";

/**
 * The call rejected with the expected typed engine error, and `errorResponse()` turns it into the 503
 * `docker_unavailable` or 502 `engine_error` envelope, with nothing internal in it.
 */
async function expectEngineError(
  expectLocal: ExpectStatic,
  o: Outcome,
  expected: Expected,
  withinMs = SETTLE_LIMIT_MS,
) {
  const seen = describeOutcome(o);
  expectLocal(o.settled, seen).toBe("rejected");
  expectLocal(o.ms, `${seen}: expected within ${withinMs} ms`).toBeLessThanOrEqual(withinMs);
  if (o.settled !== "rejected") return;
  const error = o.error;
  const isUnavailable = error instanceof EngineUnavailableError;
  const isResponse = error instanceof EngineResponseError;
  if (expected === "unavailable") expectLocal(isUnavailable, seen).toBe(true);
  else if (expected === "response") expectLocal(isResponse, seen).toBe(true);
  else expectLocal(isUnavailable || isResponse, seen).toBe(true);

  const response = errorResponse(error);
  const body = (await response.json()) as { error: { code: string; message: string } };
  const text = JSON.stringify(body);
  expectLocal(response.status, `${seen} → ${text}`).not.toBe(500);
  if (isUnavailable) expectLocal([response.status, body.error.code]).toEqual([503, "docker_unavailable"]);
  if (isResponse) expectLocal([response.status, body.error.code]).toEqual([502, "engine_error"]);
  expectLocal(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|docker-modem|TypeError|SyntaxError/);
}

function expectDegraded(expectLocal: ExpectStatic, o: Outcome) {
  const seen = describeOutcome(o);
  expectLocal(o.settled, seen).toBe("resolved");
  if (o.settled !== "resolved") return;
  const health = o.value as HealthResponse;
  expectLocal(health.status, seen).toBe("degraded");
  expectLocal(health.engine.reachable, seen).toBe(false);
  expectLocal(health.engine.error?.code, seen).toMatch(/^[A-Z_0-9]+$/);
}

// -------------------------------------------------------------------------------------------------------
// The fake-engine cases

/** One fault, and what each function must do against it. */
interface FaultCase {
  name: string;
  route: (method: string, pathname: string) => Reply;
  readFleet: Expected;
  resolve: Expected | { resolvesTo: string };
  verify: Expected;
  /** `ok` only where the fake's `GET /version` is a proper answer. */
  health: "degraded" | "ok";
  /** Settles within {@link PROMPT_MS}, not a timeout (the engine closed the connection or spoke no HTTP). */
  prompt?: boolean;
}

const fakeCases: FaultCase[] = [
  {
    name: "(a) accepts the connection and never answers",
    route: always({ kind: "hang" }),
    readFleet: "unavailable",
    resolve: "unavailable",
    verify: "unavailable",
    health: "degraded",
  },
  {
    name: "(a') sends the headers and half the body, then nothing more",
    route: engineRoutes({
      list: { kind: "partial", body: VALID_LIST, after: "stall" },
      inspect: { kind: "partial", body: VALID_INSPECT, after: "stall" },
      version: { kind: "partial", body: '{"Version":"20.10.24"}', after: "stall" },
    }),
    readFleet: "unavailable",
    resolve: "unavailable",
    verify: "unavailable",
    health: "degraded",
  },
  {
    name: "(b) answers 200 with malformed JSON",
    route: (method) => ({ kind: "answer", status: method === "POST" ? 201 : 200, body: '{"Id": "0123' }),
    readFleet: "response",
    resolve: "response",
    verify: "response",
    health: "degraded",
  },
  {
    name: '(c) answers JSON that is not the Engine API\'s ({"hello":1} everywhere)',
    route: (method) => ({ kind: "answer", status: method === "POST" ? 201 : 200, body: '{"hello":1}' }),
    readFleet: "response",
    resolve: "response",
    verify: "response",
    health: "degraded",
  },
  {
    name: "(c') lists a container whose inspect answer has no Id",
    route: engineRoutes({
      list: { kind: "answer", body: VALID_LIST },
      inspect: { kind: "answer", body: JSON.stringify({ ...JSON.parse(VALID_INSPECT), Id: undefined }) },
    }),
    readFleet: "response",
    resolve: { resolvesTo: FAKE_ID },
    verify: "response",
    health: "ok",
  },
  {
    name: "(c'') lists entries that are not containers ([null, {\"hello\":1}])",
    route: engineRoutes({
      list: { kind: "answer", body: '[null,{"hello":1}]' },
      inspect: { kind: "answer", body: VALID_INSPECT },
      version: { kind: "answer", body: "[]" },
    }),
    readFleet: "response",
    resolve: "response",
    verify: "unavailable", // the inspect is fine, so it execs, and the fake closes the exec start
    health: "degraded",
  },
  {
    name: "(d) closes the connection at once",
    route: always({ kind: "close" }),
    readFleet: "unavailable",
    resolve: "unavailable",
    verify: "unavailable",
    health: "degraded",
    prompt: true,
  },
  {
    name: "(d') closes the connection in the middle of the body",
    route: engineRoutes({
      list: { kind: "partial", body: VALID_LIST, after: "close" },
      inspect: { kind: "partial", body: VALID_INSPECT, after: "close" },
      version: { kind: "partial", body: '{"Version":"20.10.24"}', after: "close" },
    }),
    readFleet: "unavailable",
    resolve: "unavailable",
    verify: "unavailable",
    health: "degraded",
    // docker-modem drops a response cut mid-body without calling back, so the call's deadline settles it:
    // bounded and typed, but not at once.
    prompt: false,
  },
  {
    name: "(e) does not speak HTTP (an SSH banner)",
    route: always({ kind: "raw", data: "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n" }),
    readFleet: "either",
    resolve: "either",
    verify: "either",
    health: "degraded",
    prompt: true,
  },
];

for (const fault of fakeCases) {
  describe(`fake engine: ${fault.name}`, () => {
    const within = fault.prompt ? PROMPT_MS : SETTLE_LIMIT_MS;
    let engine: FakeEngine;
    beforeAll(async () => {
      engine = await startFakeEngine(`fake-${fakeCases.indexOf(fault)}`, fault.route);
      useEngine(engine.socketPath);
    });
    afterAll(async () => {
      await engine.close();
      useRealEngine();
    });

    it.concurrent(
      `readFleet → ${fault.readFleet}`,
      async ({ expect }) => {
        await expectEngineError(expect, await outcome(readFleet({ all: false })), fault.readFleet, within);
      },
      CASE_TIMEOUT_MS,
    );

    it.concurrent(
      `resolveContainerId → ${typeof fault.resolve === "string" ? fault.resolve : "the listed id"}`,
      async ({ expect }) => {
        const o = await outcome(resolveContainerId("fake"));
        if (typeof fault.resolve === "string") await expectEngineError(expect, o, fault.resolve, within);
        else expect(o).toMatchObject({ settled: "resolved", value: fault.resolve.resolvesTo });
      },
      CASE_TIMEOUT_MS,
    );

    it.concurrent(
      `verifyContainer → ${fault.verify}${fault.verify === "response" ? ", with no exec" : ""}`,
      async ({ expect }) => {
        await expectEngineError(expect, await outcome(verifyContainer(FAKE_ID)), fault.verify, within);
        // An inspect answer that is not understood must not lead to an exec.
        if (fault.verify === "response")
          expect(engine.requests.filter((r) => r.includes("/exec"))).toEqual([]);
      },
      CASE_TIMEOUT_MS,
    );

    it.concurrent(
      `engineHealth → ${fault.health}`,
      async ({ expect }) => {
        const o = await outcome(engineHealth());
        if (fault.health === "ok") {
          expect(o).toMatchObject({
            settled: "resolved",
            value: { status: "ok", engine: { reachable: true } },
          });
        } else {
          expectDegraded(expect, o);
          expect(o.ms).toBeLessThanOrEqual(within);
        }
      },
      CASE_TIMEOUT_MS,
    );
  });
}

describe("fake engine: Verify's exec misbehaves (the inspect is fine and says running)", () => {
  // "silent-container": the engine answers everything but this container's exec, as it does while a freeze
  // of that container is under way (issue 8, item 4): a verdict that says so, in bounded time, not a 503.
  const cases: {
    name: string;
    answers: Partial<Parameters<typeof engineRoutes>[0]>;
    expected: Expected | "silent-container";
  }[] = [
    {
      name: "exec create answers malformed JSON",
      answers: { execCreate: { kind: "answer", status: 201, body: '{"Id": "fed' } },
      expected: "response",
    },
    {
      name: "exec create answers without an Id",
      answers: { execCreate: { kind: "answer", status: 201, body: '{"hello":1}' } },
      expected: "response",
    },
    {
      name: "exec start closes the connection at once",
      answers: { execStart: { kind: "close" } },
      expected: "unavailable",
    },
    {
      name: "exec start never answers",
      answers: { execStart: { kind: "hang" } },
      expected: "silent-container",
    },
    {
      name: "the exec's stream ends, then exec inspect never answers",
      answers: {
        execStart: {
          kind: "raw",
          data: "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n",
        },
        execInspect: { kind: "hang" },
      },
      expected: "silent-container",
    },
  ];

  for (const [index, c] of cases.entries()) {
    it(
      `${c.name} → ${c.expected}, and never an exec id the engine did not give`,
      async ({ expect }) => {
        const engine = await startFakeEngine(
          `exec-${index}`,
          engineRoutes({
            list: { kind: "answer", body: VALID_LIST },
            inspect: { kind: "answer", body: VALID_INSPECT },
            ...c.answers,
          }),
        );
        useEngine(engine.socketPath);
        try {
          const o = await outcome(verifyContainer(FAKE_ID));
          const execRequests = engine.requests.filter((r) => r.includes("/exec/"));
          expect(execRequests.filter((r) => !r.includes(`/exec/${FAKE_EXEC_ID}/`))).toEqual([]);
          if (c.expected === "silent-container") {
            const seen = describeOutcome(o);
            expect(o.settled, seen).toBe("resolved");
            expect(o.ms, seen).toBeLessThanOrEqual(SETTLE_LIMIT_MS);
            const v = (o as { value: Verification }).value;
            expect(v.verdict).toBe("inconclusive");
            expect(v.detail).toMatch(
              /did not answer within 5 s for this container, though it answers otherwise/,
            );
          } else await expectEngineError(expect, o, c.expected);
        } finally {
          await engine.close();
          useRealEngine();
        }
      },
      CASE_TIMEOUT_MS,
    );
  }
});

// -------------------------------------------------------------------------------------------------------
// The real engine through a relay that can cut it off

interface CuttingRelay {
  /** `METHOD /path` of every request relayed (or cut), in order. */
  requests: string[];
  /** Whether the relay has been cut. */
  readonly isCut: boolean;
  /** Cut, then a moment for the client to see its pooled connections close. */
  stop(): Promise<void>;
}

/**
 * The shared relay (e2e/support/relay.ts) to the real engine at `socketPath`. `onRequest` sees each request
 * line before it is forwarded and says what to do: `forward`, `cut` (cut everything before forwarding it),
 * `forward-then-cut`, or `cut-mid-answer` (forward, then pass on only the first bytes of its answer and cut).
 */
async function startCuttingRelay(
  socketPath: string,
  onRequest: (line: string, index: number) => "forward" | "cut" | "forward-then-cut" | "cut-mid-answer",
): Promise<CuttingRelay> {
  const relay = await startRelay(socketPath, onRequest, REAL_SOCKET);
  return {
    requests: relay.requests,
    get isCut() {
      return relay.isCut;
    },
    stop: async () => {
      relay.cut();
      await new Promise((r) => setTimeout(r, 200));
    },
  };
}

/** GET on the real engine's socket, bypassing everything under test. */
function realEngineGet(pathname: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: REAL_SOCKET, path: pathname, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${pathname}: no answer`)));
    req.on("error", reject);
  });
}

const INSPECT = /^GET \/containers\/[0-9a-f]{64}\/json$/;

describe("real engine through a relay that is cut mid-request", () => {
  const SUITE = "it-faults";
  // One socket path per scenario, so no connection pooled for an earlier relay is ever reused; a test that
  // checks recovery uses its scenario's path again, with the same client.
  const relaySocket = (scenario: string) => path.join(workDir, `relay-${scenario}.sock`);
  let names: string[] = [];
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    useRealEngine();
    await removeFleet(SUITE);
    const specs = Array.from({ length: 12 }, (_, i) => ({
      name: `itfault-${String(i).padStart(2, "0")}`,
      args: i % 3 === 0 ? ["--read-only"] : i % 3 === 1 ? ["--user", "app"] : [],
    }));
    ids = await createFleet(SUITE, specs);
    names = specs.map((s) => s.name);
  });

  afterAll(async () => {
    useRealEngine();
    await removeFleet(SUITE);
  });

  /** A complete fleet answer: every container of the suite is in it. */
  const expectCompleteOrUnavailable = async (expectLocal: ExpectStatic, o: Outcome) => {
    if (o.settled === "resolved") {
      const listed = (o.value as { containers: { name: string }[] }).containers.map((c) => c.name);
      for (const name of names)
        expectLocal(listed, "a fleet answer after a cut must be complete").toContain(name);
      return;
    }
    await expectEngineError(expectLocal, o, "unavailable");
  };

  it(
    "readFleet, engine gone once the list is answered and inspects are under way → EngineUnavailableError (or a complete fleet)",
    async ({ expect }) => {
      let inspects = 0;
      const relay = await startCuttingRelay(relaySocket("a"), (line) =>
        INSPECT.test(line) && ++inspects === 3 ? "cut" : "forward",
      );
      useEngine(relaySocket("a"));
      const o = await outcome(readFleet({ all: false }));
      await relay.stop();
      expect(relay.requests.filter((r) => INSPECT.test(r)).length).toBeGreaterThanOrEqual(3);
      await expectCompleteOrUnavailable(expect, o);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "readFleet recovers by itself once the engine is back (same client, nothing reset)",
    async ({ expect }) => {
      const relay = await startCuttingRelay(relaySocket("a"), () => "forward");
      try {
        const o = await outcome(readFleet({ all: false }));
        expect(o.settled, describeOutcome(o)).toBe("resolved");
        await expectCompleteOrUnavailable(expect, o);
      } finally {
        await relay.stop();
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "readFleet, engine gone in the middle of the list answer → EngineUnavailableError in bounded time",
    async ({ expect }) => {
      const relay = await startCuttingRelay(relaySocket("b"), (line) =>
        line === "GET /containers/json" ? "cut-mid-answer" : "forward",
      );
      useEngine(relaySocket("b"));
      const o = await outcome(readFleet({ all: false }));
      const cutBefore = relay.isCut;
      await relay.stop();
      expect(cutBefore, `the relay saw ${relay.requests.join(", ")}`).toBe(true);
      await expectEngineError(expect, o, "unavailable");
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "readFleet recovers after a cut in the middle of the list answer (same client, nothing reset)",
    async ({ expect }) => {
      const relay = await startCuttingRelay(relaySocket("b"), () => "forward");
      try {
        const o = await outcome(readFleet({ all: false }));
        expect(o.settled, describeOutcome(o)).toBe("resolved");
      } finally {
        await relay.stop();
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "readFleet, engine gone in the middle of an inspect answer (others in flight) → EngineUnavailableError in bounded time",
    async ({ expect }) => {
      let inspects = 0;
      const relay = await startCuttingRelay(relaySocket("c"), (line) =>
        INSPECT.test(line) && ++inspects === 2 ? "cut-mid-answer" : "forward",
      );
      useEngine(relaySocket("c"));
      const o = await outcome(readFleet({ all: false }));
      const cutBefore = relay.isCut;
      await relay.stop();
      expect(cutBefore, `the relay saw ${relay.requests.join(", ")}`).toBe(true);
      await expectEngineError(expect, o, "unavailable");
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "readFleet recovers after a cut in the middle of an inspect answer (same client, nothing reset)",
    async ({ expect }) => {
      const relay = await startCuttingRelay(relaySocket("c"), () => "forward");
      try {
        const o = await outcome(readFleet({ all: false }));
        expect(o.settled, describeOutcome(o)).toBe("resolved");
      } finally {
        await relay.stop();
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "verifyContainer, engine gone in the middle of the inspect answer → EngineUnavailableError in bounded time",
    async ({ expect }) => {
      const id = ids["itfault-02"] ?? "";
      const relay = await startCuttingRelay(relaySocket("d"), (line) =>
        INSPECT.test(line) ? "cut-mid-answer" : "forward",
      );
      useEngine(relaySocket("d"));
      const o = await outcome(verifyContainer(id));
      const cutBefore = relay.isCut;
      await relay.stop();
      expect(cutBefore, `the relay saw ${relay.requests.join(", ")}`).toBe(true);
      await expectEngineError(expect, o, "unavailable");
    },
    CASE_TIMEOUT_MS,
  );

  it(
    "verifyContainer, engine gone right after the exec started → EngineUnavailableError or a verdict; nothing left in the container",
    async ({ expect }) => {
      const name = "itfault-02"; // writable root: a probe file would stay if the probe were half done
      const id = ids[name] ?? "";
      const relay = await startCuttingRelay(relaySocket("e"), (line) =>
        /^POST \/exec\/[0-9a-f]{64}\/start$/.test(line) ? "forward-then-cut" : "forward",
      );
      useEngine(relaySocket("e"));
      const o = await outcome(verifyContainer(id));
      const cutBefore = relay.isCut;
      await relay.stop();
      expect(cutBefore, `${describeOutcome(o)}; the relay saw ${relay.requests.join(", ")}`).toBe(true);
      if (o.settled === "resolved") {
        expect(["enforced", "not-enforced", "inconclusive"]).toContain((o.value as Verification).verdict);
      } else {
        await expectEngineError(expect, o, "unavailable");
      }
      // The exec goes on in the engine without its client; it must end and clean up after itself.
      await new Promise((r) => setTimeout(r, 3000));
      expect(await dockerCli(["-H", `unix://${REAL_SOCKET}`, "diff", id])).not.toMatch(/\.roaudit-/);
      const inspect = (await realEngineGet(`/containers/${id}/json`)) as { ExecIDs?: string[] | null };
      for (const execId of inspect.ExecIDs ?? []) {
        expect(((await realEngineGet(`/exec/${execId}/json`)) as { Running?: boolean }).Running).toBe(false);
      }
    },
    CASE_TIMEOUT_MS,
  );
});

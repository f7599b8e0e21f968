/**
 * Odd requests, sent as raw bytes to a real production server of this file's own (token set): each gets an
 * answer in the error envelope with the security headers, nothing reaches a route it should not, memory
 * stays bounded, and the log stays quiet.
 */
import { expect, test } from "@playwright/test";
import { type OwnServer, startOwnServer } from "./support/own-server";
import { type RawAnswer, rawRequest } from "./support/raw-http";
import { E2E_TOKEN, ODD_REQUESTS_PORT } from "./support/servers";

const AUTH = `Authorization: Bearer ${E2E_TOKEN}`;
let server: OwnServer;

test.beforeAll(async () => {
  server = await startOwnServer(ODD_REQUESTS_PORT, { ROAUDIT_TOKEN: E2E_TOKEN });
});

test.afterAll(async () => {
  await server?.stop();
});

const send = (head: string, body?: string | { chunked: number }, timeoutMs?: number) =>
  rawRequest(ODD_REQUESTS_PORT, `${head}\r\nHost: 127.0.0.1:${ODD_REQUESTS_PORT}`, body, timeoutMs);

/** The answer is the envelope with `code`, with the headers every response carries. */
function expectRefusal(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  expect(JSON.parse(answer.body)).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(answer.headers["x-frame-options"]).toBe("DENY");
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.body).not.toMatch(/\bat \S+:\d+:\d+|node_modules|\/work\//);
}

test("bad percent-encoding in a container id is 400 invalid_id", async () => {
  for (const id of ["%ff", "a%", "%E0%A4%A"]) {
    for (const target of [`/api/containers/${id}`, `/api/containers/${id}/remediation`]) {
      expectRefusal(await send(`GET ${target} HTTP/1.1\r\n${AUTH}`), 400, "invalid_id");
    }
    expectRefusal(await send(`POST /api/containers/${id}/verify HTTP/1.1\r\n${AUTH}`), 400, "invalid_id");
    expectRefusal(await send(`GET /api/containers/${id} HTTP/1.1`), 400, "invalid_id");
  }
});

test("TRACE and unknown methods are 405 on any path, with or without a token, and leave no stack in the log", async () => {
  const before = server.log().length;
  for (const method of ["TRACE", "PROPFIND", "OPTIONS", "PUT", "DELETE", "FOO", "CONNECT"]) {
    for (const path of ["/", "/login", "/api/containers", "/api/login", "/api/health"]) {
      for (const auth of ["", `\r\n${AUTH}`]) {
        const target = method === "CONNECT" ? `127.0.0.1:${ODD_REQUESTS_PORT}` : path;
        const answer = await send(`${method} ${target} HTTP/1.1${auth}`);
        expectRefusal(answer, 405, "method_not_allowed");
        expect(answer.headers.allow).toBe("GET, HEAD, POST");
      }
    }
  }
  const logged = server.log().slice(before);
  expect(logged).not.toMatch(/\n\s+at /);
  expect(logged.split("\n").filter(Boolean).length).toBeLessThanOrEqual(1);
});

test("a route that takes no body answers any body with 413, chunked or not, and closes the connection", async () => {
  const verify = "POST /api/containers/e2e-hardened/verify HTTP/1.1";
  expectRefusal(await send(`${verify}\r\n${AUTH}\r\nContent-Length: 5`, "hello"), 413, "payload_too_large");
  expectRefusal(await send(`${verify}\r\n${AUTH}`, { chunked: 1 }), 413, "payload_too_large");
  expectRefusal(
    await send(`GET /api/containers HTTP/1.1\r\n${AUTH}`, { chunked: 1 }),
    413,
    "payload_too_large",
  );
  expectRefusal(await send(`POST /api/logout HTTP/1.1\r\n${AUTH}`, { chunked: 1 }), 413, "payload_too_large");

  // 200 MB, chunked: the answer comes at once and the connection ends long before the body is all sent.
  const big = await send(`${verify}\r\n${AUTH}`, { chunked: 200_000_000 }, 30_000);
  expectRefusal(big, 413, "payload_too_large");
  expect(big.bodyBytesSent).toBeLessThan(200_000_000);
  expect(big.ms).toBeLessThan(10_000);
});

test("20 concurrent 12 MB chunked uploads are all refused and the server's memory stays bounded", async () => {
  const before = server.rss();
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      send(
        i % 2 ? `POST /api/containers/e2e-hardened/verify HTTP/1.1\r\n${AUTH}` : "POST /api/login HTTP/1.1",
        { chunked: 12_000_000 },
        30_000,
      ),
    ),
  );
  for (const answer of answers) expectRefusal(answer, 413, "payload_too_large");
  // Next.js buffers up to 10 MB of each body it is handed (about 200 MB here); refused bodies are read and
  // dropped, so what grows is the heap's own churn, not the uploads.
  expect(server.rss() - before).toBeLessThan(64 * 1024 * 1024);
});

test("login reads 4 KiB at most: larger or chunked bodies are refused, a declared length is all that is read", async () => {
  const login = "POST /api/login HTTP/1.1\r\nContent-Type: application/json";
  expectRefusal(
    await send(`${login}\r\nContent-Length: 60000000`, "x".repeat(100_000)),
    413,
    "payload_too_large",
  );
  expectRefusal(await send(login, { chunked: 60_000_000 }, 30_000), 413, "payload_too_large");
  const wrong = await send(`${login}\r\nContent-Length: 30`, `{"token":"wrong-token-000000"}`);
  expectRefusal(wrong, 401, "unauthorized");
});

test("a POST with no body still reaches the route", async () => {
  const answer = await send(
    `POST /api/containers/${"0".repeat(64)}/verify HTTP/1.1\r\n${AUTH}\r\nContent-Length: 0`,
  );
  expectRefusal(answer, 404, "not_found");
});

test("unknown query keys are refused, whatever their name", async () => {
  for (const target of [
    "/api/containers?__proto__=1",
    "/api/health?__proto__=1",
    "/api/report.csv?constructor=1",
  ]) {
    expectRefusal(await send(`GET ${target} HTTP/1.1\r\n${AUTH}`), 400, "invalid_query");
  }
});

test("the Host header is one host and one optional numeric port", async () => {
  for (const host of [
    `localhost:${ODD_REQUESTS_PORT}@evil.example`,
    `127.0.0.1:${ODD_REQUESTS_PORT}, evil.example`,
    "[::1]evil.example",
    "localhost:abc",
  ]) {
    const answer = await rawRequest(ODD_REQUESTS_PORT, `GET /api/health HTTP/1.1\r\nHost: ${host}`);
    expectRefusal(answer, 403, "host_not_allowed");
  }
  const fine = await rawRequest(
    ODD_REQUESTS_PORT,
    `GET /api/health HTTP/1.1\r\nHost: localhost:${ODD_REQUESTS_PORT}`,
  );
  expect(fine.status).toBe(200);
});

test("Origin is compared by scheme, host and port", async () => {
  for (const origin of [
    `https://127.0.0.1:${ODD_REQUESTS_PORT}`,
    `http://127.0.0.1:${ODD_REQUESTS_PORT + 1}`,
    "http://127.0.0.1",
  ]) {
    const answer = await send(
      `POST /api/containers/e2e-hardened/verify HTTP/1.1\r\n${AUTH}\r\nOrigin: ${origin}\r\nContent-Length: 0`,
    );
    expectRefusal(answer, 403, "cross_site");
  }
});

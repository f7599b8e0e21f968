import { describe, expect, it } from "vitest";
import { type GuardRequest, guard } from "./guard";
import { FailureLimiter } from "./rate-limit";
import { issueSession, SessionRevocations } from "./session";
import { parseHostHeader, readSettings } from "./settings";

const TOKEN = "0123456789abcdef-secret";
const open = readSettings({});
const locked = readSettings({ ROAUDIT_TOKEN: TOKEN });

function req(
  method: string,
  pathname: string,
  headers: Record<string, string> = {},
  sessionCookie: string | null = null,
): GuardRequest {
  const all: Record<string, string> = { host: "127.0.0.1:3000", ...headers };
  return {
    method,
    protocol: "http:",
    pathname,
    header: (n) => all[n] ?? null,
    sessionCookie,
    client: "127.0.0.1",
  };
}

const decide = (r: GuardRequest, s = open, limiter = new FailureLimiter()) => {
  const d = guard(r, s, limiter);
  return d.kind === "deny"
    ? `${d.status} ${d.code}`
    : d.kind === "redirect"
      ? `redirect ${d.location}`
      : `allow ${d.identity}`;
};

describe("guard", () => {
  it.each([
    // [method, path, headers, expected]
    ["GET", "/api/containers", {}, "allow null"],
    ["GET", "/api/containers", { host: "localhost:3000" }, "allow null"],
    ["GET", "/api/containers", { host: "[::1]:3000" }, "allow null"],
    ["GET", "/api/containers", { host: "attacker.example:3000" }, "403 host_not_allowed"],
    ["GET", "/api/containers", { host: "127.0.0.1.attacker.example" }, "403 host_not_allowed"],
    ["GET", "/", { host: "rebind.attacker.example" }, "403 host_not_allowed"],
    ["GET", "/api/nope", {}, "404 not_found"],
    ["GET", "/api/containers/x/y/z", {}, "404 not_found"],
    ["DELETE", "/api/containers", {}, "405 method_not_allowed"],
    ["GET", "/api/containers/abc/verify", {}, "405 method_not_allowed"],
    ["PUT", "/api/containers/abc/verify", {}, "405 method_not_allowed"],
    ["GET", "/api/containers/abc/remediation", {}, "allow null"],
    ["POST", "/api/containers/abc/remediation", {}, "405 method_not_allowed"],
    ["POST", "/api/containers", {}, "405 method_not_allowed"],
    ["POST", "/api/containers/abc/verify", { "content-length": "16385" }, "413 payload_too_large"],
    ["POST", "/api/containers/abc/verify", { "content-length": "nonsense" }, "413 payload_too_large"],
    ["POST", "/api/containers/abc/verify", { origin: "http://evil.example" }, "403 cross_site"],
    ["POST", "/api/containers/abc/verify", { origin: "null" }, "403 cross_site"],
    ["POST", "/api/containers/abc/verify", { origin: "http://127.0.0.1:3001" }, "403 cross_site"],
    ["POST", "/api/containers/abc/verify", { "sec-fetch-site": "cross-site" }, "403 cross_site"],
    [
      "POST",
      "/api/containers/abc/verify",
      { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" },
      "allow null",
    ],
    ["POST", "/api/containers/abc/verify", {}, "allow null"],
    ["POST", "/api/login", { origin: "http://evil.example" }, "403 cross_site"],
    // Origin is scheme, host and port: an https page is another site than this http server.
    ["POST", "/api/containers/abc/verify", { origin: "https://127.0.0.1:3000" }, "403 cross_site"],
    ["POST", "/api/containers/abc/verify", { origin: "http://127.0.0.1:3000/" }, "allow null"],
    ["POST", "/api/login", { origin: "https://127.0.0.1:3000" }, "403 cross_site"],
    // Only GET, HEAD and POST, anywhere.
    ["TRACE", "/", {}, "405 method_not_allowed"],
    ["TRACE", "/api/containers", {}, "405 method_not_allowed"],
    ["PROPFIND", "/login", {}, "405 method_not_allowed"],
    ["OPTIONS", "/", {}, "405 method_not_allowed"],
    // A body only where one is read (login); chunked or not.
    ["POST", "/api/containers/abc/verify", { "content-length": "1" }, "413 payload_too_large"],
    ["POST", "/api/containers/abc/verify", { "transfer-encoding": "chunked" }, "413 payload_too_large"],
    ["GET", "/api/containers", { "transfer-encoding": "chunked" }, "413 payload_too_large"],
    ["POST", "/api/logout", { "content-length": "5" }, "413 payload_too_large"],
    ["POST", "/api/containers/abc/verify", { "content-length": "0" }, "allow null"],
    ["POST", "/api/login", { "content-length": "30" }, "allow null"],
    ["POST", "/api/login", { "transfer-encoding": "chunked" }, "allow null"],
    ["POST", "/api/login", { "content-length": "16385" }, "413 payload_too_large"],
  ])("%s %s %j → %s", (method, path, headers, expected) => {
    expect(decide(req(method, path, headers))).toBe(expected);
  });

  it.each([
    "localhost:3000@evil.example",
    "127.0.0.1:3000, evil.example",
    "127.0.0.1:3000,127.0.0.1:3000",
    "[::1]evil.example",
    "localhost:abc",
    "localhost:",
    "localhost:99999",
    "localhost:3000:3000",
    "local host",
    "",
  ])("refuses the Host %j (one host, one optional numeric port)", (host) => {
    expect(decide(req("GET", "/api/health", { host }))).toBe("403 host_not_allowed");
  });

  it("applies the API's rules to the event stream (GET /api/events)", () => {
    expect(decide(req("GET", "/api/events"))).toBe("allow null");
    expect(decide(req("GET", "/api/events", { host: "rebind.attacker.example" }))).toBe(
      "403 host_not_allowed",
    );
    expect(decide(req("POST", "/api/events"))).toBe("405 method_not_allowed");
    expect(decide(req("GET", "/api/events"), locked)).toBe("401 unauthorized");
    expect(decide(req("GET", "/api/events", { authorization: `Bearer ${TOKEN}` }), locked)).toBe(
      "allow token",
    );
  });

  it("accepts hosts from ROAUDIT_ALLOWED_HOSTS", () => {
    const s = readSettings({ ROAUDIT_ALLOWED_HOSTS: "roaudit.internal, ops.example:8443" });
    expect(decide(req("GET", "/", { host: "roaudit.internal:3000" }), s)).toBe("allow null");
    expect(decide(req("GET", "/", { host: "ops.example" }), s)).toBe("allow null");
    expect(decide(req("GET", "/", { host: "other.example" }), s)).toBe("403 host_not_allowed");
  });

  describe("with an access token", () => {
    it.each([
      ["GET", "/api/health", {}, "allow null"],
      ["GET", "/login", {}, "allow null"],
      ["POST", "/api/login", {}, "allow null"],
      ["GET", "/_next/static/chunks/app.js", {}, "allow null"],
      ["GET", "/api/containers", {}, "401 unauthorized"],
      ["GET", "/api/report.csv", {}, "401 unauthorized"],
      ["POST", "/api/containers/abc/verify", {}, "401 unauthorized"],
      ["GET", "/", {}, "redirect /login?next=%2F"],
      ["GET", "/api/containers", { authorization: `Bearer ${TOKEN}` }, "allow token"],
      ["GET", "/api/containers", { authorization: `bearer ${TOKEN}` }, "allow token"],
      ["GET", "/api/containers", { authorization: "Bearer wrong" }, "401 unauthorized"],
      ["GET", "/api/containers", { authorization: `Basic ${TOKEN}` }, "401 unauthorized"],
      ["GET", "/api/containers", { authorization: `Bearer ${TOKEN}x` }, "401 unauthorized"],
    ])("%s %s %j → %s", (method, path, headers, expected) => {
      expect(decide(req(method, path, headers), locked)).toBe(expected);
    });

    it("accepts a valid session cookie and names the session", () => {
      expect(decide(req("GET", "/api/containers", {}, issueSession(TOKEN)), locked)).toMatch(
        /^allow session:[A-Za-z0-9_-]{8}$/,
      );
    });

    it("rejects a forged or expired session cookie", () => {
      expect(decide(req("GET", "/api/containers", {}, issueSession("another-token-entirely")), locked)).toBe(
        "401 unauthorized",
      );
      expect(
        decide(req("GET", "/api/containers", {}, issueSession(TOKEN, Date.now() - 13 * 3600_000)), locked),
      ).toBe("401 unauthorized");
    });

    it("refuses a signed-out session cookie, and only that one", () => {
      const revoked = new SessionRevocations();
      const [mine, theirs] = [issueSession(TOKEN), issueSession(TOKEN, Date.now() - 60_000)];
      revoked.revoke(mine);
      const limiter = new FailureLimiter();
      expect(
        guard(req("GET", "/api/containers", {}, mine), locked, limiter, Date.now(), revoked),
      ).toMatchObject({
        status: 401,
      });
      expect(
        guard(req("GET", "/api/containers", {}, theirs), locked, limiter, Date.now(), revoked),
      ).toMatchObject({
        kind: "allow",
      });
    });

    it("rate-limits a client after 10 failures, even with the right token, and tells when to retry", () => {
      const limiter = new FailureLimiter();
      for (let i = 0; i < 10; i += 1) {
        expect(
          decide(req("GET", "/api/containers", { authorization: `Bearer wrong${i}` }), locked, limiter),
        ).toBe("401 unauthorized");
      }
      const d = guard(req("GET", "/api/containers", { authorization: `Bearer ${TOKEN}` }), locked, limiter);
      expect(d).toMatchObject({ kind: "deny", status: 429, code: "rate_limited" });
      expect(Number(d.kind === "deny" ? d.headers?.["Retry-After"] : 0)).toBeGreaterThan(0);
      expect(decide(req("GET", "/api/health"), locked, limiter)).toBe("allow null");
    });
  });
});

describe("parseHostHeader", () => {
  it.each([
    ["127.0.0.1:3000", { hostname: "127.0.0.1", port: 3000 }],
    ["LocalHost", { hostname: "localhost", port: null }],
    ["[::1]:3000", { hostname: "::1", port: 3000 }],
    [" roaudit.internal ", { hostname: "roaudit.internal", port: null }],
  ])("%j → %j", (value, expected) => {
    expect(parseHostHeader(value)).toEqual(expected);
  });
});

describe("the sign-in redirect", () => {
  it("keeps the page's query in next, so a shared link opens the same view after signing in", () => {
    const r = { ...req("GET", "/"), search: "?grade=F&sort=name" };
    expect(decide(r, locked)).toBe(`redirect /login?next=${encodeURIComponent("/?grade=F&sort=name")}`);
    const detail = { ...req("GET", "/containers/web-1"), search: "?tab=remediation" };
    expect(decide(detail, locked)).toBe(
      `redirect /login?next=${encodeURIComponent("/containers/web-1?tab=remediation")}`,
    );
  });

  it("refuses bearer guesses from every address once all clients together failed 100 times", () => {
    const limiter = new FailureLimiter(10, 300_000, 50_000, 100);
    for (let i = 0; i < 100; i++) limiter.fail(`127.0.2.${i}`, Date.now());
    const fresh = {
      ...req("GET", "/api/containers", { authorization: `Bearer ${TOKEN}` }),
      client: "127.0.9.9",
    };
    expect(decide(fresh, locked, limiter)).toBe("429 rate_limited");
  });
});

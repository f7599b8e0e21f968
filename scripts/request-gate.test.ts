import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "@/lib/api/errors";
import type { ApiErrorCode } from "@/lib/api-types";
import { STATIC_SECURITY_HEADERS } from "@/lib/security/headers";
import { gateRequest, rawResponse, SECURITY_HEADERS } from "./request-gate.mjs";

const decide = (method: string, url: string, headers: Record<string, string> = {}) => {
  const r = gateRequest({ method, url, headers });
  return r ? `${r.status} ${r.code}` : "next";
};

describe("gateRequest", () => {
  it.each([
    ["GET", "/api/containers/%ff", {}, "400 invalid_id"],
    ["GET", "/api/containers/a%", {}, "400 invalid_id"],
    ["GET", "/api/containers/%E0%A4%A", {}, "400 invalid_id"],
    ["POST", "/api/containers/%ff/verify", {}, "400 invalid_id"],
    ["GET", "/containers/%ff", {}, "400 invalid_id"],
    ["GET", "/%ff", {}, "404 not_found"],
    ["GET", "/api/containers/caf%C3%A9", {}, "next"],
    ["GET", "/api/containers?all=%ff", {}, "next"],
    ["GET", "/api/containers?__proto__=1", {}, "400 invalid_query"],
    ["GET", "/api/health?all=true&%5F%5Fproto%5F%5F", {}, "400 invalid_query"],
    ["GET", "/api/health?constructor=1", {}, "next"],
    ["TRACE", "/", {}, "405 method_not_allowed"],
    ["TRACE", "/api/containers", { authorization: "Bearer x" }, "405 method_not_allowed"],
    ["PROPFIND", "/login", {}, "405 method_not_allowed"],
    ["OPTIONS", "/api/login", {}, "405 method_not_allowed"],
    ["PUT", "/api/containers/x/verify", {}, "405 method_not_allowed"],
    ["POST", "/api/containers/x/verify", { "transfer-encoding": "chunked" }, "413 payload_too_large"],
    ["POST", "/api/containers/x/verify", { "content-length": "1" }, "413 payload_too_large"],
    ["POST", "/api/containers/x/verify", { "content-length": "0" }, "next"],
    ["POST", "/api/containers/x/verify", {}, "next"],
    ["GET", "/", { "content-length": "5" }, "413 payload_too_large"],
    ["POST", "/api/logout", { "transfer-encoding": "chunked" }, "413 payload_too_large"],
    ["POST", "/api/login", { "content-length": "40" }, "next"],
    ["POST", "/api/./login", { "content-length": "40" }, "next"],
    ["POST", "/api/login", { "content-length": "4097" }, "413 payload_too_large"],
    ["POST", "/api/login", { "transfer-encoding": "chunked" }, "413 payload_too_large"],
    ["GET", "/api/login", { "content-length": "40" }, "413 payload_too_large"],
  ])("%s %s %j → %s", (method, url, headers, expected) => {
    expect(decide(method, url, headers)).toBe(expected);
  });

  it("answers with the codes and statuses of the API's envelope", () => {
    for (const [method, url, headers] of [
      ["TRACE", "/", {}],
      ["GET", "/api/containers/%ff", {}],
      ["GET", "/%ff", {}],
      ["POST", "/api/containers/x/verify", { "content-length": "3" }],
    ] as const) {
      const r = gateRequest({ method, url, headers });
      expect(r && ERROR_STATUS[r.code as ApiErrorCode]).toBe(r?.status);
    }
  });
});

describe("SECURITY_HEADERS", () => {
  it("holds every header of lib/security/headers.ts, with a CSP that forbids framing", () => {
    expect(SECURITY_HEADERS).toMatchObject(STATIC_SECURITY_HEADERS);
    expect(SECURITY_HEADERS["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
  });
});

describe("rawResponse", () => {
  it("is one whole HTTP/1.1 answer with the envelope", () => {
    const text = rawResponse(
      { status: 405, code: "method_not_allowed", message: "Use GET." },
      "Method Not Allowed",
    );
    const [head, body] = text.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(head).toMatch(/\r\nX-Frame-Options: DENY/);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body ?? "")}`);
    expect(JSON.parse(body ?? "")).toEqual({ error: { code: "method_not_allowed", message: "Use GET." } });
  });
});

import { describe, expect, it } from "vitest";
import { issueSession, SESSION_TTL_MS, tokenMatches, verifySession } from "./session";

const TOKEN = "0123456789abcdef-secret";

describe("tokenMatches", () => {
  it("compares exactly, whatever the lengths", () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN} `, TOKEN)).toBe(false);
    expect(tokenMatches("", TOKEN)).toBe(false);
    expect(tokenMatches("x".repeat(5000), TOKEN)).toBe(false);
  });
});

describe("issueSession / verifySession", () => {
  const now = 1_800_000_000_000;
  it("round-trips within the lifetime", () => {
    expect(verifySession(issueSession(TOKEN, now), TOKEN, now + SESSION_TTL_MS - 1)).toMatch(/^session:/);
  });

  it.each([
    ["expired", issueSession(TOKEN, now), now + SESSION_TTL_MS + 1],
    ["from the future", issueSession(TOKEN, now + 3_600_000), now],
    ["signed with another token", issueSession("some-other-token-value", now), now],
    ["tampered time", issueSession(TOKEN, now).replace(`v1.${now}`, `v1.${now + 1}`), now],
    ["garbage", "v1.abc.def", now],
    ["empty", "", now],
  ])("rejects a cookie that is %s", (_why, value, at) => {
    expect(verifySession(value, TOKEN, at)).toBeNull();
  });
});

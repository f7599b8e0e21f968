import { describe, expect, it } from "vitest";
import { issueSession, SESSION_TTL_MS, SessionRevocations, tokenMatches, verifySession } from "./session";

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

describe("SessionRevocations", () => {
  it("a signed-out cookie no longer verifies; other sessions still do", () => {
    const revoked = new SessionRevocations();
    const now = Date.now();
    const mine = issueSession(TOKEN, now);
    const theirs = issueSession(TOKEN, now + 1);
    revoked.revoke(mine, now);
    expect(verifySession(mine, TOKEN, now, revoked)).toBeNull();
    expect(verifySession(theirs, TOKEN, now, revoked)).toMatch(/^session:/);
  });

  it("stays bounded: expired revocations are dropped, and past the cap the oldest", () => {
    const revoked = new SessionRevocations(2);
    const [a, b, c] = [1, 2, 3].map((i) => issueSession(TOKEN, 1_000 * i)) as [string, string, string];
    revoked.revoke(a, 1_000);
    revoked.revoke(b, 2_000);
    revoked.revoke(c, 3_000);
    expect([revoked.has(a), revoked.has(b), revoked.has(c)]).toEqual([false, true, true]);
    revoked.revoke(issueSession(TOKEN, SESSION_TTL_MS * 3), SESSION_TTL_MS * 3);
    expect([revoked.has(b), revoked.has(c)]).toEqual([false, false]);
  });
});

import { describe, expect, it } from "vitest";
import { decideLogin } from "./login";
import { FailureLimiter, loginWindowMs } from "./rate-limit";

const TOKEN = "0123456789abcdef-secret";

describe("decideLogin", () => {
  it("signs in with the right token and counts wrong ones", () => {
    const limiter = new FailureLimiter();
    expect(decideLogin(TOKEN, TOKEN, "a", limiter, 0)).toEqual({ kind: "signed-in" });
    expect(decideLogin("wrong", TOKEN, "a", limiter, 0)).toEqual({ kind: "wrong-token" });
  });

  it("locks a client out after 10 failures in the window, even with the right token, until it ends", () => {
    const limiter = new FailureLimiter(10, 300_000);
    const kinds = Array.from(
      { length: 40 },
      (_, i) => decideLogin(`wrong-${i}`, TOKEN, "a", limiter, 1000).kind,
    );
    expect(kinds.filter((k) => k === "wrong-token")).toHaveLength(10);
    expect(kinds.slice(10).every((k) => k === "locked-out")).toBe(true);
    expect(decideLogin(TOKEN, TOKEN, "a", limiter, 2000)).toEqual({ kind: "locked-out", retryAfter: 299 });
    expect(decideLogin(TOKEN, TOKEN, "b", limiter, 2000)).toEqual({ kind: "signed-in" });
    expect(decideLogin(TOKEN, TOKEN, "a", limiter, 301_000)).toEqual({ kind: "signed-in" });
  });
});

describe("loginWindowMs", () => {
  it("is 5 minutes unless the test-only variable holds a sane value", () => {
    expect(loginWindowMs({})).toBe(300_000);
    expect(loginWindowMs({ ROAUDIT_LOGIN_WINDOW_MS: "5000" })).toBe(5000);
    expect(loginWindowMs({ ROAUDIT_LOGIN_WINDOW_MS: "0" })).toBe(300_000);
    expect(loginWindowMs({ ROAUDIT_LOGIN_WINDOW_MS: "soon" })).toBe(300_000);
  });
});

describe("FailureLimiter under a flood of client addresses", () => {
  it("keeps a lockout when many other clients fail, and its memory stays bounded", () => {
    const limiter = new FailureLimiter(10, 300_000, 1000);
    for (let i = 0; i < 10; i++) decideLogin("wrong", TOKEN, "attacker", limiter, 1000);
    for (let i = 0; i < 5000; i++)
      decideLogin("wrong", TOKEN, `10.0.${i >> 8}.${i & 255}`, limiter, 2000 + i);
    expect(limiter.size).toBeLessThanOrEqual(1000);
    expect(decideLogin(TOKEN, TOKEN, "attacker", limiter, 10_000).kind).toBe("locked-out");
  });

  it("forgets expired windows before anything else", () => {
    const limiter = new FailureLimiter(10, 1000, 2);
    for (let i = 0; i < 10; i++) limiter.fail("old-lockout", 0);
    limiter.fail("recent", 1500);
    limiter.fail("new", 1600);
    expect(limiter.retryAfter("old-lockout", 1600)).toBe(0);
    expect(limiter.size).toBe(2);
    expect(limiter.retryAfter("recent", 1600)).toBe(0);
  });

  it("drops the oldest lockout only when every remembered client is locked out", () => {
    const limiter = new FailureLimiter(2, 300_000, 2);
    for (const c of ["a", "b"]) for (let i = 0; i < 2; i++) limiter.fail(c, 10);
    limiter.fail("c", 20);
    expect(limiter.retryAfter("a", 30)).toBe(0);
    expect(limiter.retryAfter("b", 30)).toBeGreaterThan(0);
  });
});

describe("the limit across all clients", () => {
  it("refuses every token guess once 100 failures from rotating addresses fall in one window", () => {
    const limiter = new FailureLimiter(10, 300_000, 50_000, 100);
    const kinds = Array.from(
      { length: 30 * 10 },
      (_, i) => decideLogin("wrong", TOKEN, `127.0.1.${i % 30}`, limiter, 1000 + i).kind,
    );
    expect(kinds.filter((k) => k === "wrong-token")).toHaveLength(100);
    expect(decideLogin(TOKEN, TOKEN, "127.0.0.99", limiter, 5000).kind).toBe("locked-out");
    expect(decideLogin(TOKEN, TOKEN, "127.0.0.99", limiter, 301_001).kind).toBe("signed-in");
  });
});

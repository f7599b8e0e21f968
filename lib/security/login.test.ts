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

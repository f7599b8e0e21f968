/**
 * Signing in and out against real production servers: the lockout on POST /api/login itself, under
 * concurrency; logout ending the session on the server; `next` never leaving the dashboard's origin.
 */
import { expect, test } from "@playwright/test";
import { type OwnServer, startOwnServer } from "./support/own-server";
import { E2E_TOKEN, SIGN_IN_PORT, TOKEN_BASE_URL } from "./support/servers";

/** The lockout window of this file's own server (ROAUDIT_LOGIN_WINDOW_MS, a test-only setting). */
const WINDOW_MS = 15_000;

const login = (baseUrl: string, token: string) =>
  fetch(`${baseUrl}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });

test.describe("the sign-in lockout", () => {
  let server: OwnServer;
  test.beforeAll(async () => {
    server = await startOwnServer(SIGN_IN_PORT, {
      ROAUDIT_TOKEN: E2E_TOKEN,
      ROAUDIT_LOGIN_WINDOW_MS: String(WINDOW_MS),
    });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("40 wrong tokens at concurrency 8: 10 are 401, then 429 with Retry-After, even for the right token, until the window ends", async () => {
    const statuses: number[] = [];
    const retryAfter: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 40) {
          const i = next++;
          const r = await login(server.baseUrl, `wrong-token-${String(i).padStart(4, "0")}`);
          statuses.push(r.status);
          if (r.status === 429) {
            retryAfter.push(Number(r.headers.get("retry-after")));
            expect(((await r.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
          } else await r.body?.cancel();
        }
      }),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    for (const seconds of retryAfter) expect(seconds).toBeGreaterThan(0);
    for (const seconds of retryAfter) expect(seconds).toBeLessThanOrEqual(WINDOW_MS / 1000);

    const right = await login(server.baseUrl, E2E_TOKEN);
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
    const wait = Number(right.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, wait * 1000 + 500));
    const after = await login(server.baseUrl, E2E_TOKEN);
    expect(after.status).toBe(204);
    expect(after.headers.get("set-cookie")).toMatch(/^roaudit_session=/);
  });
});

test("logout ends the session on the server: the old cookie no longer works", async () => {
  const signedIn = await login(TOKEN_BASE_URL, E2E_TOKEN);
  expect(signedIn.status).toBe(204);
  const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  expect(cookie).toMatch(/^roaudit_session=v1\./);
  const health = (c: string) =>
    fetch(`${TOKEN_BASE_URL}/api/containers?all=false`, { headers: { cookie: c } });
  expect((await health(cookie)).status).toBe(200);

  const out = await fetch(`${TOKEN_BASE_URL}/api/logout`, { method: "POST", headers: { cookie } });
  expect(out.status).toBe(204);
  expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);

  const replayed = await health(cookie);
  expect(replayed.status).toBe(401);
  expect(((await replayed.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
});

test.describe("after signing in, the page stays on the dashboard's origin", () => {
  // `next` as it appears in the address bar; browsers strip tab, CR and LF and read `\` as `/`.
  const hostile = [
    "//evil.invalid/",
    "/%5Cevil.invalid/",
    "/\\evil.invalid/",
    "%5C%5Cevil.invalid/",
    "/%09/evil.invalid/p",
    "/%0a/evil.invalid/p",
    "/%0d/evil.invalid/p",
    "%09//evil.invalid/p",
    "/%5C%09%5Cevil.invalid/p",
    "/.//evil.invalid/p",
    "/./%5Cevil.invalid/p",
    "javascript:alert(document.domain)",
    "java%09script:alert(1)",
    "https://evil.invalid/",
    "http:evil.invalid",
  ];
  for (const next of hostile) {
    test(`next=${next}`, async ({ page }) => {
      await page.goto(`${TOKEN_BASE_URL}/login?next=${next}`);
      await page.getByLabel("Access token").fill(E2E_TOKEN);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(`${TOKEN_BASE_URL}/`);
      expect(new URL(page.url()).origin).toBe(TOKEN_BASE_URL);
    });
  }

  test("a path on this site is followed", async ({ page }) => {
    await page.goto(`${TOKEN_BASE_URL}/login?next=${encodeURIComponent("/containers/e2e-hardened")}`);
    await page.getByLabel("Access token").fill(E2E_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${TOKEN_BASE_URL}/containers/e2e-hardened`);
  });
});

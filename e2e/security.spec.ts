/**
 * Who may do what, and what never leaves the server: the access token, Host allow-list, cross-site refusal,
 * read-only mode, security headers and hostile input, against real servers on the real engine.
 */
import { expect, test } from "@playwright/test";
import type { ApiErrorBody, FleetContainer } from "@/lib/api-types";
import { docker } from "./support/fleet";
import { BASE_URL, E2E_TOKEN, READ_ONLY_BASE_URL, TOKEN_BASE_URL } from "./support/servers";

const errorOf = async (r: import("@playwright/test").APIResponse) => ((await r.json()) as ApiErrorBody).error;

test.describe("security headers", () => {
  for (const path of ["/", "/api/health", "/api/containers", "/api/nope"]) {
    test(`on ${path}`, async ({ request }) => {
      const headers = (await request.get(path)).headers();
      const csp = headers["content-security-policy"] ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).not.toContain("unsafe-eval");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("no-referrer");
    });
  }

  test("the page runs under its CSP without violations", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/");
    await expect(page.locator('[data-testid="fleet-row"]').first()).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test.describe("hostile input gets a clear answer in the error envelope", () => {
  const cases: [string, string, Record<string, string>, string | undefined, number, string][] = [
    ["GET", `/api/containers/${"a".repeat(129)}`, {}, undefined, 400, "invalid_id"],
    ["GET", "/api/containers/..%2F..%2Fetc%2Fpasswd", {}, undefined, 400, "invalid_id"],
    // Dot segments are resolved before routing: this is POST /api/verify, which does not exist.
    ["POST", "/api/containers/%2e%2e/verify", {}, undefined, 404, "not_found"],
    ["GET", "/api/containers/caf%C3%A9", {}, undefined, 400, "invalid_id"],
    ["GET", `/api/containers/${"0".repeat(64)}`, {}, undefined, 404, "not_found"],
    ["GET", "/api/containers?all=1", {}, undefined, 400, "invalid_query"],
    ["GET", "/api/report.csv?format=xlsx", {}, undefined, 400, "invalid_query"],
    ["DELETE", "/api/containers/e2e-hardened", {}, undefined, 405, "method_not_allowed"],
    ["PUT", "/api/containers/e2e-hardened/verify", {}, undefined, 405, "method_not_allowed"],
    ["GET", "/api/containers/e2e-hardened/verify", {}, undefined, 405, "method_not_allowed"],
    ["GET", "/api/exec", {}, undefined, 404, "not_found"],
    [
      "POST",
      "/api/containers/e2e-hardened/verify",
      { origin: "http://attacker.example" },
      undefined,
      403,
      "cross_site",
    ],
    [
      "POST",
      "/api/containers/e2e-hardened/verify",
      { "sec-fetch-site": "cross-site" },
      undefined,
      403,
      "cross_site",
    ],
    ["POST", "/api/containers/e2e-hardened/verify", {}, "x".repeat(20_000), 413, "payload_too_large"],
    ["GET", "/api/containers", { host: "rebind.attacker.example" }, undefined, 403, "host_not_allowed"],
  ];
  for (const [method, path, headers, body, status, code] of cases) {
    test(`${method} ${path.slice(0, 60)} ${JSON.stringify(headers)} → ${status} ${code}`, async ({
      request,
    }) => {
      const response = await request.fetch(path, { method, headers, ...(body ? { data: body } : {}) });
      expect(response.status()).toBe(status);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(0);
      expect(await response.text()).not.toMatch(/\bat \S+:\d+:\d+|node_modules|\/work\//);
    });
  }

  test("a refused cross-site verify runs no exec", async ({ request }) => {
    const before = await docker(["inspect", "--format", "{{len .ExecIDs}}", "e2e-user-0"]);
    const r = await request.post("/api/containers/e2e-user-0/verify", {
      headers: { origin: "http://attacker.example" },
    });
    expect(r.status()).toBe(403);
    expect(await docker(["inspect", "--format", "{{len .ExecIDs}}", "e2e-user-0"])).toBe(before);
  });
});

test.describe("with an access token", () => {
  test("APIs need it, health does not, and wrong tokens are refused", async ({ request }) => {
    expect((await request.get(`${TOKEN_BASE_URL}/api/health`)).status()).toBe(200);
    const anonymous = await request.get(`${TOKEN_BASE_URL}/api/containers`);
    expect(anonymous.status()).toBe(401);
    expect((await errorOf(anonymous)).code).toBe("unauthorized");
    const wrong = await request.get(`${TOKEN_BASE_URL}/api/report.csv`, {
      headers: { authorization: "Bearer not-the-token" },
    });
    expect(wrong.status()).toBe(401);
    const right = await request.get(`${TOKEN_BASE_URL}/api/containers`, {
      headers: { authorization: `Bearer ${E2E_TOKEN}` },
    });
    expect(right.status()).toBe(200);
    expect(
      ((await right.json()) as { containers: FleetContainer[] }).containers.some(
        (c) => c.name === "e2e-hardened",
      ),
    ).toBe(true);
  });

  test("a person signs in on the login page and lands on the table", async ({ page }) => {
    await page.goto(`${TOKEN_BASE_URL}/`);
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
    await page.getByLabel("Access token").fill("wrong-token-wrong-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "access token" })).toHaveText(
      "The access token is wrong.",
    );
    await page.getByLabel("Access token").fill(E2E_TOKEN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${TOKEN_BASE_URL}/`);
    const row = page.locator('[data-testid="fleet-row"][data-container-name="e2e-readonly"]');
    await expect(row).toBeVisible();
    const cookies = await page.context().cookies(TOKEN_BASE_URL);
    expect(cookies.find((c) => c.name === "roaudit_session")).toMatchObject({
      httpOnly: true,
      sameSite: "Strict",
    });
    await row.getByRole("button", { name: "Verify" }).click();
    await expect(row.getByTestId("verify-verdict")).toHaveAttribute("data-verdict", "enforced");
  });
  // Where the page goes after signing in: e2e/sign-in.spec.ts.
});

test.describe("read-only mode", () => {
  test("Verify is refused with 403 read_only_mode and no exec runs", async ({ request }) => {
    const before = await docker(["inspect", "--format", "{{len .ExecIDs}}", "e2e-tmpfs-exec"]);
    const response = await request.post(`${READ_ONLY_BASE_URL}/api/containers/e2e-tmpfs-exec/verify`);
    expect(response.status()).toBe(403);
    expect((await errorOf(response)).code).toBe("read_only_mode");
    expect(await docker(["inspect", "--format", "{{len .ExecIDs}}", "e2e-tmpfs-exec"])).toBe(before);
    expect((await request.get(`${READ_ONLY_BASE_URL}/api/containers`)).status()).toBe(200);
  });

  test("the UI shows Verify as unavailable, with why", async ({ page }) => {
    await page.goto(READ_ONLY_BASE_URL);
    const button = page
      .locator('[data-testid="fleet-row"][data-container-name="e2e-hardened"]')
      .getByRole("button", { name: "Verify" });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute("title", /read-only mode/);
  });
});

test("the default instance answers on its loopback names only", async ({ request }) => {
  expect((await request.get(`${BASE_URL}/api/health`, { headers: { host: "localhost" } })).status()).toBe(
    200,
  );
  expect(
    (await request.get(`${BASE_URL}/api/health`, { headers: { host: "127.0.0.1.nip.example" } })).status(),
  ).toBe(403);
});

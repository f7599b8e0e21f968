/**
 * The static files in public/: the icon, and a robots.txt that keeps crawlers off an admin tool. Both are
 * served without a token, since a crawler or a browser's icon request has none.
 */
import { expect, test } from "@playwright/test";
import { BASE_URL, TOKEN_BASE_URL } from "./support/servers";

test("GET /robots.txt disallows everything, with or without an access token", async ({ request }) => {
  for (const base of [BASE_URL, TOKEN_BASE_URL]) {
    const response = await request.get(`${base}/robots.txt`);
    expect(response.status(), base).toBe(200);
    expect(response.headers()["content-type"], base).toMatch(/^text\/plain\b/);
    const rules = (await response.text())
      .split("\n")
      .map((line) => line.replace(/#.*/, "").trim())
      .filter(Boolean);
    expect(rules, base).toEqual(["User-agent: *", "Disallow: /"]);
  }
});

test("the page names its icon, served from public/, and asks not to be indexed", async ({
  page,
  request,
}) => {
  await page.goto("/");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", "/icon.svg");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
  for (const base of [BASE_URL, TOKEN_BASE_URL]) {
    const icon = await request.get(`${base}/icon.svg`);
    expect(icon.status(), base).toBe(200);
    expect(icon.headers()["content-type"], base).toMatch(/^image\/svg\+xml\b/);
  }
});

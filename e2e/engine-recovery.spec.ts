/**
 * The engine going away and coming back is survived without a restart: the page says so, keeps retrying,
 * and shows the fleet again by itself.
 */
import { expect, test } from "@playwright/test";
import { startEngineRelay } from "./support/engine-relay";
import { FLAKY_BASE_URL, FLAKY_SOCKET } from "./support/servers";

test("the dashboard recovers by itself when the engine comes back, and says so when it goes", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto(FLAKY_BASE_URL);
  const alert = page.getByTestId("engine-unavailable");
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(`unix://${FLAKY_SOCKET}`);
  await expect(page.getByTestId("engine-error-code")).toContainText("ENOENT");
  // Nothing to download while the engine is away.
  await expect(page.getByText("Download CSV")).toHaveAttribute("aria-disabled", "true");

  const relay = await startEngineRelay(FLAKY_SOCKET);
  try {
    const row = page.locator('[data-testid="fleet-row"][data-container-name="e2e-hardened"]');
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(alert).toBeHidden();
    await expect(row.getByTestId("grade")).toHaveText("A");
    await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", "/api/report.csv");
  } finally {
    await relay.close();
  }

  await expect(alert).toBeVisible({ timeout: 30_000 });
  const health = await page.request.get(`${FLAKY_BASE_URL}/api/health`);
  expect((await health.json()).engine.reachable).toBe(false);
});

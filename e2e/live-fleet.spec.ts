/**
 * The live fleet (issue 12): a container started on the engine appears in the open page without a reload,
 * pushed over `GET /api/events`, and leaves it when removed; the page says it is live.
 */
import { expect, test } from "@playwright/test";
import { docker } from "./support/fleet";
import { FleetPage } from "./support/fleet-page";

const SUITE = "e2e-live";
const NAME = "e2e-live-arrival";

test.beforeEach(async () => {
  await docker(["rm", "-f", NAME]).catch(() => undefined);
});
test.afterEach(async () => {
  const ids = await docker(["ps", "-aq", "--filter", `label=roaudit.test=${SUITE}`]);
  if (ids) await docker(["rm", "-f", ...ids.split("\n")]);
});

test("a container started on the engine appears in the open page within seconds, without reload", async ({
  page,
}) => {
  const fleet = new FleetPage(page);
  await fleet.goto({ query: NAME });
  await expect(page.getByTestId("live-indicator")).toHaveText("live", { timeout: 15_000 });
  let reloads = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) reloads += 1;
  });
  const row = page.locator(`[data-testid="fleet-row"][data-container-name="${NAME}"]`);
  await expect(row).toHaveCount(0);

  await docker([
    "run",
    "-d",
    "--name",
    NAME,
    "--network",
    "none",
    "--label",
    `roaudit.test=${SUITE}`,
    "--read-only",
    "roaudit-fixture:busybox",
  ]);
  // Polling (the fallback) would take up to 5 s; the stream brings it well within that.
  await expect(row).toBeVisible({ timeout: 4_000 });
  await expect(row.getByTestId("grade")).not.toHaveText("");

  await docker(["rm", "-f", NAME]);
  await expect(row).toHaveCount(0, { timeout: 4_000 });
  expect(reloads).toBe(0);
});

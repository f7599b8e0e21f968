/**
 * A thousand containers (issue 12, item 4): the table body is virtualised, yet every drawn row is still a
 * `<tr>` of the table's `<tbody>`, and the text filter (a search box) finds a container far down the list.
 * The containers are created, never started (cheap: no process), labelled as this suite's, `--network none`.
 */

import { expect, test } from "@playwright/test";
import Docker from "dockerode";
import { CANARY_VALUE, DEFAULT_IMAGE, engineSocketPath, removeFleet, SUITE_LABEL } from "./support/fleet";
import { FleetPage } from "./support/fleet-page";

const SUITE = "e2e-many";
const COUNT = 1000;
const name = (i: number) => `e2e-many-${String(i).padStart(4, "0")}`;

test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await removeFleet(SUITE);
  const engine = new Docker({ socketPath: engineSocketPath() });
  // Eight at a time: the engine creates a container in tens of ms, and a small machine is shared.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < COUNT; i = next++) {
      await engine.createContainer({
        name: name(i),
        Image: DEFAULT_IMAGE,
        Labels: { [SUITE_LABEL]: SUITE },
        Env: [`ROAUDIT_CANARY=${CANARY_VALUE}`],
        HostConfig: { NetworkMode: "none", ReadonlyRootfs: i % 2 === 0 },
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
});

test.afterAll(async () => {
  test.setTimeout(300_000);
  await removeFleet(SUITE);
});

test("1000 created containers: a virtualised body of <tr>s in <tbody>, and the filter finds one far down", async ({
  page,
}) => {
  const fleet = new FleetPage(page);
  await fleet.goto({ all: true });
  await expect(fleet.table).toHaveAttribute("data-virtual", "true");

  // Only the rows near the viewport are drawn; each is a <tr> directly in the table's <tbody>.
  const drawn = await fleet.rows.count();
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(COUNT / 2);
  await expect(
    page.locator('table[data-testid="fleet-table"] > tbody > tr[data-testid="fleet-row"]'),
  ).toHaveCount(drawn);

  // Far down the list (by name, and the fleet holds other containers too), found by typing its name.
  const far = name(COUNT - 3);
  await expect(fleet.row(far)).toHaveCount(0);
  await expect(fleet.search).toHaveAttribute("type", "search");
  await fleet.search.fill(far);
  await expect(fleet.row(far)).toBeVisible();
  await expect(fleet.rows).toHaveCount(1);
  await expect(
    page.locator(`table[data-testid="fleet-table"] > tbody > tr[data-container-name="${far}"]`),
  ).toHaveCount(1);
  await expect(fleet.count).toHaveText(/^Showing 1 of \d+$/);

  // Cleared, the list is long again, and scrolling to the end draws its last rows.
  await fleet.search.fill("");
  await expect(fleet.table).toHaveAttribute("data-virtual", "true");
  await fleet.search.fill("e2e-many-");
  await page.getByRole("button", { name: "Name", exact: true }).click();
  await expect(page.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(fleet.row(name(COUNT - 1))).toBeVisible();
  await expect(fleet.row(name(0))).toHaveCount(0);
});

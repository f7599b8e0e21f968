/**
 * Verdicts are pushed to every open page (issue 12): a Verify, or Verify all, run in one tab shows in a second
 * tab within 1 s, over `GET /api/events`; after `docker restart` that verdict is shown as the previous run's.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";
import { createFleet, docker, removeFleet } from "./support/fleet";
import { FleetPage } from "./support/fleet-page";
import { VerifyAllPanel } from "./support/verify-all-panel";

const SUITE = "e2e-verdict-tabs";
// Only this run's containers match the filter, so Verify all never execs in anyone else's.
const PREFIX = `pw-vt-${randomBytes(4).toString("hex")}-`;
const ONE = `${PREFIX}one`;
const ALL = [`${PREFIX}all-ro`, `${PREFIX}all-rw`];
const FINAL = /^(enforced|not-enforced|inconclusive)$/;

test.beforeAll(async () => {
  await removeFleet(SUITE);
  await createFleet(SUITE, [
    { name: ONE, args: ["--read-only"] },
    { name: ALL[0] as string, args: ["--read-only"] },
    { name: ALL[1] as string, args: [] },
  ]);
});

test.afterAll(async () => {
  await removeFleet(SUITE);
});

test.describe.configure({ mode: "serial" });

/** A second tab of the same browser (same session), on the dashboard filtered to `query`, live. */
async function secondTab(first: FleetPage, query: string): Promise<FleetPage> {
  const other = new FleetPage(await first.page.context().newPage());
  await other.goto({ query });
  await expect(other.page.getByTestId("live-indicator")).toHaveText("live", { timeout: 15_000 });
  return other;
}

test("a Verify in one tab shows in another within 1 s, and as the previous run's after a restart", async ({
  fleetPage,
}) => {
  await fleetPage.goto({ query: ONE });
  const other = await secondTab(fleetPage, ONE);
  await expect(other.verdict(ONE)).toHaveAttribute("data-verdict", "none");

  const verdict = await fleetPage.verify(ONE);
  // The first tab has shown its answer; the push to the other tab was sent before that answer.
  await expect(other.verdict(ONE)).toHaveAttribute("data-verdict", verdict, { timeout: 1_000 });
  expect(await other.verifiedAt(ONE)).toBe(await fleetPage.verifiedAt(ONE));
  await expect(other.verdict(ONE).getByTestId("verdict-previous-run")).toHaveCount(0);

  await docker(["restart", "--time", "1", ONE]);
  await expect(other.verdict(ONE).getByTestId("verdict-previous-run")).toBeVisible({ timeout: 5_000 });
  await expect(fleetPage.verdict(ONE).getByTestId("verdict-previous-run")).toBeVisible({ timeout: 5_000 });
  await other.page.close();
});

test("Verify all in one tab: each verdict reaches the other tab within 1 s of the first", async ({
  fleetPage,
}) => {
  await fleetPage.goto({ query: `${PREFIX}all-` });
  await expect(fleetPage.rows).toHaveCount(ALL.length);
  const other = await secondTab(fleetPage, `${PREFIX}all-`);
  const panel = new VerifyAllPanel(fleetPage.page);
  await panel.start.click();
  await expect(panel.panel).toHaveAttribute("data-phase", "finished", { timeout: 45_000 });
  await expect(panel.progress).toHaveAttribute("aria-valuenow", String(ALL.length));
  for (const name of ALL) {
    await expect(fleetPage.verdict(name)).toHaveAttribute("data-verdict", FINAL);
    const shown = await fleetPage.verdict(name).getAttribute("data-verdict");
    await expect(other.verdict(name)).toHaveAttribute("data-verdict", shown ?? "", { timeout: 1_000 });
    expect(await other.verifiedAt(name)).toBe(await fleetPage.verifiedAt(name));
  }
  await other.page.close();
});

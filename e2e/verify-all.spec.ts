import { randomBytes } from "node:crypto";
import type { Route } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createFleet, docker, removeFleet } from "./support/fleet";
import { READ_ONLY_BASE_URL } from "./support/servers";
import { VerifyAllPanel } from "./support/verify-all-panel";

/**
 * This spec's own containers (suite `e2e-verify-all`). Verify all acts on the rows the table lists, so every
 * test filters the table to this run's prefix first: `pw-va-<random>-`, which no container but ours can
 * match, so Verify all never execs in anyone else's containers (the engine may hold other `pw-va-…` ones).
 */
const SUITE = "e2e-verify-all";
const PREFIX = `pw-va-${randomBytes(4).toString("hex")}-`;
const RUNNING = [
  { name: `${PREFIX}ro`, args: ["--read-only"], verdict: "enforced" },
  { name: `${PREFIX}rw`, args: [], verdict: "not-enforced" },
  {
    name: `${PREFIX}noshell`,
    image: "roaudit-fixture:noshell",
    args: ["--read-only"],
    verdict: "inconclusive",
  },
  { name: `${PREFIX}ro-2`, args: ["--read-only", "--tmpfs", "/tmp"], verdict: "enforced" },
  { name: `${PREFIX}rw-2`, args: ["--user", "1000"], verdict: "not-enforced" },
] as const;
const STOPPED = `${PREFIX}stopped`;
const FAILURES = RUNNING.filter((c) => c.verdict !== "enforced").length;

test.beforeAll(async () => {
  await removeFleet(SUITE);
  await createFleet(SUITE, [
    ...RUNNING.map((c) => ({ name: c.name, args: [...c.args], ...("image" in c ? { image: c.image } : {}) })),
    { name: STOPPED, args: [], start: false },
  ]);
});

test.afterAll(async () => {
  await removeFleet(SUITE);
});

const VERIFY_PATH = /^\/api\/containers\/[0-9a-f]{64}\/verify$/;

// In file order: the cancel test must find the containers never verified.
test.describe.configure({ mode: "serial" });

test("cancel: nothing more starts, at most 3 ran at once, and the rest stay unverified", async ({
  fleetPage,
  page,
}) => {
  const held: Route[] = [];
  await page.route(
    (url) => VERIFY_PATH.test(url.pathname),
    (route) => {
      held.push(route);
    },
  );
  await fleetPage.goto();
  await fleetPage.filter(PREFIX);
  await expect(fleetPage.rows).toHaveCount(RUNNING.length);
  const verifyAll = new VerifyAllPanel(page);
  await verifyAll.start.click();
  await expect(verifyAll.panel).toHaveAttribute("data-phase", "running");
  await expect.poll(() => held.length).toBe(3);
  // Bounded: while the first three are held, no fourth starts.
  await page.waitForTimeout(1000);
  expect(held.length).toBe(3);
  await expect(verifyAll.done).toHaveText(`0 / ${RUNNING.length}`);
  await expect(page.locator('[data-testid="verify-verdict"][data-verdict="running"]')).toHaveCount(3);

  await verifyAll.cancel.click();
  await expect(verifyAll.panel).toHaveAttribute("data-phase", "cancelled");
  await expect(verifyAll.cancelled).toContainText(`${RUNNING.length} not verified`);
  expect(held.length).toBe(3);
  for (const c of RUNNING)
    await expect(fleetPage.verdict(c.name), c.name).toHaveAttribute("data-verdict", "none");
  await expect(verifyAll.start).toBeEnabled();
  await page.unrouteAll({ behavior: "ignoreErrors" });
});

test("progress to done / total, failures counted, results stream into the rows", async ({
  fleetPage,
  page,
}) => {
  let inFlight = 0;
  let maxInFlight = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && VERIFY_PATH.test(new URL(request.url()).pathname)) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
    }
  });
  const settled = (request: { method(): string; url(): string }) => {
    if (request.method() === "POST" && VERIFY_PATH.test(new URL(request.url()).pathname)) inFlight -= 1;
  };
  page.on("requestfinished", settled);
  page.on("requestfailed", settled);

  await fleetPage.goto();
  await fleetPage.filter(PREFIX);
  await expect(fleetPage.rows).toHaveCount(RUNNING.length);
  const verifyAll = new VerifyAllPanel(page);
  await expect(verifyAll.panel).toHaveAttribute("data-phase", "idle");
  await verifyAll.start.click();
  await expect(verifyAll.progress).toHaveAttribute("aria-valuemax", String(RUNNING.length));
  // A row's verdict shows as soon as it arrives, before the run ends.
  await expect(
    page
      .locator(
        '[data-testid="verify-verdict"]:is([data-verdict="enforced"],[data-verdict="not-enforced"],[data-verdict="inconclusive"])',
      )
      .first(),
  ).toBeVisible();

  await expect(verifyAll.panel).toHaveAttribute("data-phase", "finished", { timeout: 45_000 });
  await expect(verifyAll.progress).toHaveAttribute("aria-valuenow", String(RUNNING.length));
  await expect(verifyAll.progress).toHaveAttribute(
    "aria-valuetext",
    `${RUNNING.length} / ${RUNNING.length} verified, ${FAILURES} not enforced or inconclusive`,
  );
  await expect(verifyAll.done).toHaveText(`${RUNNING.length} / ${RUNNING.length}`);
  // Verdicts, not tool errors: none of these runs failed as a tool.
  await expect(verifyAll.failures).toHaveText(`${FAILURES} not enforced or inconclusive`);
  for (const c of RUNNING)
    await expect(fleetPage.verdict(c.name), c.name).toHaveAttribute("data-verdict", c.verdict);
  expect(maxInFlight).toBeGreaterThan(0);
  expect(maxInFlight).toBeLessThanOrEqual(3);
  await expect(verifyAll.panel.getByTestId("verify-all-failed")).toContainText(`${PREFIX}rw`);
  expect(await docker(["diff", `${PREFIX}rw`])).toBe("");

  // The server kept them: a reload shows the same verdicts.
  await page.reload();
  await fleetPage.waitForFleet();
  await fleetPage.filter(PREFIX);
  for (const c of RUNNING)
    await expect(fleetPage.verdict(c.name), c.name).toHaveAttribute("data-verdict", c.verdict);
});

test("the probe details show in the expanded row", async ({ fleetPage }) => {
  await fleetPage.goto();
  await fleetPage.filter(PREFIX);
  const detail = await fleetPage.expand(`${PREFIX}ro`);
  const probe = detail.locator('[data-testid="probe"][data-probe-id="root-write"]');
  await expect(probe).toHaveAttribute("data-status", "pass");
  await expect(probe.getByTestId("probe-evidence")).toContainText("Read-only file system");
  const rw = await fleetPage.expand(`${PREFIX}rw`);
  await expect(rw.locator('[data-testid="probe"][data-probe-id="root-write"]')).toHaveAttribute(
    "data-status",
    "fail",
  );
});

test("containers that are not running are skipped, saying why", async ({ fleetPage, page }) => {
  await fleetPage.goto({ all: true, query: PREFIX });
  await expect(fleetPage.rows).toHaveCount(RUNNING.length + 1);
  const verifyAll = new VerifyAllPanel(page);
  await verifyAll.start.click();
  await expect(verifyAll.panel).toHaveAttribute("data-phase", "finished", { timeout: 45_000 });
  await expect(verifyAll.done).toHaveText(`${RUNNING.length} / ${RUNNING.length}`);
  await expect(verifyAll.skipped).toHaveText("1 skipped (not running)");
  await expect(verifyAll.skipped).toHaveAttribute("title", `${STOPPED}: not running (created)`);
  await expect(fleetPage.verdict(STOPPED)).toHaveAttribute("data-verdict", "none");
});

test("read-only mode: Verify all is unavailable, with why", async ({ page }) => {
  await page.goto(READ_ONLY_BASE_URL);
  const verifyAll = new VerifyAllPanel(page);
  await expect(verifyAll.start).toBeDisabled();
  await expect(verifyAll.start).toHaveAttribute("title", /read-only mode/);
  await expect(verifyAll.reason).toContainText("ROAUDIT_READ_ONLY=true");
});

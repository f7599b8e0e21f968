/**
 * Every width and every input (issue 13, section 4): no sideways page scroll from a phone to a desktop, focus
 * kept through Verify and Verify all, one named announcement per result, reasons reachable without a mouse,
 * no serious or critical axe-core violation in light or dark, sign-out, and a 404 for an unknown container.
 */
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seriousViolations } from "./support/axe";
import { createFleet, removeFleet } from "./support/fleet";
import { E2E_TOKEN, TOKEN_BASE_URL } from "./support/servers";
import { VerifyAllPanel } from "./support/verify-all-panel";

/** This spec's own containers (suite `e2e-a11y`): Verify all only ever runs on them (the table is filtered). */
const SUITE = "e2e-a11y";
const PREFIX = `pw-a11y-${randomBytes(4).toString("hex")}-`;
const READ_ONLY = `${PREFIX}read-only-with-a-rather-long-name`;
const WRITABLE = `${PREFIX}writable`;

test.beforeAll(async () => {
  await removeFleet(SUITE);
  await createFleet(SUITE, [
    { name: READ_ONLY, args: ["--read-only"] },
    { name: WRITABLE, args: [] },
  ]);
});

test.afterAll(async () => {
  await removeFleet(SUITE);
});

/** Whether the page scrolls sideways: the document is wider than the window. */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    innerWidth: window.innerWidth,
  }));
}

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 800, height: 900 },
  { width: 1024, height: 768 },
  { width: 1400, height: 900 },
];

test.describe("no horizontal page scroll", () => {
  for (const viewport of VIEWPORTS) {
    test(`${viewport.width}×${viewport.height}: fleet (a row expanded, a check filter chosen) and detail page`, async ({
      page,
      fleetPage,
      detailPage,
    }) => {
      await page.setViewportSize(viewport);
      await fleetPage.goto();
      await expect
        .poll(() => horizontalOverflow(page).then((o) => o.scrollWidth - o.innerWidth))
        .toBeLessThanOrEqual(0);

      // The longest option of the failing-check menu must not widen the page either.
      const select = page.getByTestId("filter-failing");
      const longest = await select
        .locator("option")
        .evaluateAll((options) =>
          options
            .reduce((a, o) => ((o.textContent ?? "").length > (a.textContent ?? "").length ? o : a))
            .getAttribute("value"),
        );
      await select.selectOption(longest ?? "");
      await select.selectOption("");

      // The heading, the "Last updated · Engine" line and the controls do not overlap.
      const boxes = await Promise.all(
        [
          page.getByRole("heading", { name: "Containers", exact: true }),
          fleetPage.lastUpdated,
          fleetPage.includeStopped,
        ].map((l) => l.boundingBox()),
      );
      for (let i = 0; i < boxes.length; i += 1)
        for (let j = i + 1; j < boxes.length; j += 1) {
          const [a, b] = [boxes[i], boxes[j]];
          if (!a || !b) throw new Error("a header element is not shown");
          const apart =
            a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `header boxes ${i} and ${j} overlap`).toBe(true);
        }

      await fleetPage.search.fill(PREFIX);
      await expect(fleetPage.rows).toHaveCount(2);
      await fleetPage.expand(READ_ONLY);
      // Every row's Live check is whole, inside the window.
      for (const name of [READ_ONLY, WRITABLE]) {
        const box = await fleetPage.verdict(name).boundingBox();
        expect(box).not.toBeNull();
        if (box) expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);

      await detailPage.goto(WRITABLE);
      await expect(detailPage.remediation).toHaveAttribute("data-state", "ready");
      const overflow = await horizontalOverflow(page);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
    });
  }
});

test.describe("focus and announcements", () => {
  test("Verify keeps focus on its button and announces the verdict by name", async ({ page, fleetPage }) => {
    await fleetPage.goto({ query: PREFIX });
    const button = fleetPage.verifyButton(WRITABLE);
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(fleetPage.verdict(WRITABLE)).toHaveAttribute("data-verdict", "not-enforced", {
      timeout: 20_000,
    });
    await expect(button).toBeFocused();
    await expect(page.getByTestId("announcer")).toHaveText(`${WRITABLE}: Not enforced`);
  });

  test("Verify all keeps focus on its button through the run and announces each container, then the end once", async ({
    page,
    fleetPage,
  }) => {
    const verifyAll = new VerifyAllPanel(page);
    await fleetPage.goto({ query: PREFIX });
    await expect(fleetPage.rows).toHaveCount(2);
    const said: string[] = [];
    await page.exposeFunction("pwHeard", (text: string) => said.push(text));
    await page.evaluate(() => {
      const region = document.querySelector('[data-testid="announcer"]');
      if (!region) throw new Error("no live region");
      new MutationObserver(() =>
        (window as unknown as { pwHeard: (t: string) => void }).pwHeard(region.textContent ?? ""),
      ).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await verifyAll.start.focus();
    await page.keyboard.press("Enter");
    await expect(verifyAll.panel).toHaveAttribute("data-phase", "finished", { timeout: 30_000 });
    await expect(verifyAll.start).toBeFocused();
    await expect(page.getByTestId("announcer")).toHaveText(
      "Verify all finished: 2 verified: 1 not enforced, 1 enforced.",
    );
    // One announcement per container, each naming it, and one for the end: no unnamed cell updates.
    await expect.poll(() => said.length).toBe(3);
    expect(said.filter((s) => s.startsWith(`${READ_ONLY}: Read-only enforced`))).toHaveLength(1);
    expect(said.filter((s) => s.startsWith(`${WRITABLE}: Not enforced`))).toHaveLength(1);
    await expect(page.locator('[data-testid="fleet-table"] [aria-live]')).toHaveCount(0);
  });

  test("Cancel keeps focus on the button, which is Verify all again", async ({ page, fleetPage }) => {
    const verifyAll = new VerifyAllPanel(page);
    // Held answers keep the run going until Cancel is pressed.
    await page.route("**/api/containers/*/verify", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await route.continue().catch(() => undefined);
    });
    await fleetPage.goto({ query: PREFIX });
    await verifyAll.start.focus();
    await page.keyboard.press("Enter");
    await expect(verifyAll.cancel).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(verifyAll.panel).toHaveAttribute("data-phase", "cancelled");
    await expect(verifyAll.start).toBeFocused();
    await expect(page.getByTestId("announcer")).toContainText("Verify all cancelled");
  });

  test("badges, the grade and the column hints give their reasons to the keyboard; expand buttons name their container", async ({
    page,
    fleetPage,
  }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await fleetPage.goto({ query: PREFIX });
    const expand = fleetPage.row(WRITABLE).getByRole("button", { name: `All checks of ${WRITABLE}` });
    await expect(expand).toBeVisible();

    const root = fleetPage.row(WRITABLE).getByRole("button", { name: /Fail/ }).first();
    await root.focus();
    await expect(root).toHaveAccessibleDescription(/.+/);
    const tip = page.getByRole("tooltip").filter({ visible: true });
    await expect(tip).toHaveCount(1);

    const grade = fleetPage.row(WRITABLE).getByRole("button", { name: /^Grade [A-F]$/ });
    await grade.focus();
    await expect(grade).toHaveAccessibleDescription(/^Grade [A-F], score \d+ of 100$/);

    const hint = page.getByRole("columnheader", { name: "Read-only root" }).getByRole("button");
    await hint.focus();
    await expect(hint).toHaveAccessibleDescription(/--read-only/);
  });
});

test.describe("filter history", () => {
  test("typing a filter makes one history entry, not one per keystroke", async ({ page, fleetPage }) => {
    await fleetPage.goto();
    const entries = () => page.evaluate(() => window.history.length);
    const query = () => new URL(page.url()).searchParams.get("q");
    const before = await entries();
    await fleetPage.search.pressSequentially(PREFIX, { delay: 30 });
    await expect.poll(query).toBe(PREFIX);
    expect(await entries()).toBe(before + 1);
    // Confirmed with Enter, the next keystrokes make the next entry.
    await page.keyboard.press("Enter");
    await page.keyboard.type("wr", { delay: 30 });
    await expect.poll(query).toBe(`${PREFIX}wr`);
    expect(await entries()).toBe(before + 2);
    await page.goBack();
    await expect.poll(query).toBe(PREFIX);
    await page.goBack();
    await expect.poll(query).toBeNull();
  });
});

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`axe-core, ${colorScheme}`, () => {
    test.use({ colorScheme });

    test("the fleet page, a row expanded", async ({ page, fleetPage }) => {
      await fleetPage.goto();
      await fleetPage.search.fill(PREFIX);
      await expect(fleetPage.rows).toHaveCount(2);
      await fleetPage.expand(WRITABLE);
      await fleetPage.search.fill("");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the fleet page on a phone", async ({ page, fleetPage }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await fleetPage.goto({ query: PREFIX });
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("a container's page", async ({ page, detailPage }) => {
      await detailPage.goto(WRITABLE);
      await expect(detailPage.remediation).toHaveAttribute("data-state", "ready");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("a container's page on a phone", async ({ page, detailPage }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await detailPage.goto(WRITABLE);
      await expect(detailPage.remediation).toHaveAttribute("data-state", "ready");
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("an unknown container's page", async ({ page }) => {
      await page.goto(`/containers/${PREFIX}no-such-container`);
      await expect(page.getByRole("heading", { name: "No such container" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the sign-in page", async ({ page }) => {
      await page.goto(`${TOKEN_BASE_URL}/login`);
      await expect(page.getByRole("heading", { name: "Sign in to roaudit" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test("sign out: a button in the page ends the session and lands on the sign-in page", async ({ page }) => {
  await page.goto(`${TOKEN_BASE_URL}/`);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await page.getByLabel("Access token").fill(E2E_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Containers", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${TOKEN_BASE_URL}/login`);
  await expect(page.getByRole("heading", { name: "Sign in to roaudit" })).toBeVisible();
  // The session is over: the dashboard asks for the token again.
  await page.goto(`${TOKEN_BASE_URL}/`);
  await expect(page).toHaveURL(/\/login/);
});

test("an unknown container answers 404 with a page that says what was asked and where to go", async ({
  page,
  request,
}) => {
  const reference = `${PREFIX}no-such-container`;
  expect((await request.get(`/containers/${reference}`)).status()).toBe(404);
  const response = await page.goto(`/containers/${reference}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such container" })).toBeVisible();
  await expect(page.getByTestId("detail-error-reference")).toHaveText(reference);
  await page.getByRole("link", { name: "← All containers" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test.describe("screenshot", () => {
  // Written under test-results/ (the work tree stays as it is); `npm run docs:screenshots` sets
  // ROAUDIT_SCREENSHOT_DIR=docs to refresh the README's pictures of each width on purpose.
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1024, height: 768 },
    { width: 1400, height: 900 },
  ]) {
    test(`of the fleet page at ${viewport.width} px for the README`, async ({
      page,
      fleetPage,
    }, testInfo) => {
      await page.setViewportSize(viewport);
      await fleetPage.goto({ query: "e2e-" });
      const dir = process.env.ROAUDIT_SCREENSHOT_DIR;
      const name = `fleet-${viewport.width}.png`;
      const file = dir ? path.resolve(dir, name) : testInfo.outputPath(name);
      await mkdir(path.dirname(file), { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: file, animations: "disabled" });
      await testInfo.attach(name, { path: file, contentType: "image/png" });
    });
  }
});

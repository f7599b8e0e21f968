/**
 * Waivers (labels and the policy file) in the table, the API and the CSV; the grade and failing-check filters
 * kept in the address; Compose grouping; the summary chart's numbers.
 */
import type { APIRequestContext, Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import type { FleetContainer, FleetResponse, Grade, HealthResponse } from "@/lib/api-types";
import { expect, test } from "./fixtures";
import { e2eFleet, FORMULA_REASON, HOSTILE_REASON } from "./support/e2e-fleet";
import type { FleetPage } from "./support/fleet-page";
import { POLICY_BASE_URL, POLICY_FILE } from "./support/servers";

test.describe.configure({ mode: "parallel" });

const fleet = e2eFleet();
const GRADES: Grade[] = ["A", "B", "C", "D", "F"];

async function getFleet(request: APIRequestContext, base = ""): Promise<FleetResponse> {
  const response = await request.get(`${base}/api/containers`);
  expect(response.status()).toBe(200);
  return (await response.json()) as FleetResponse;
}

function byName(containers: readonly FleetContainer[], name: string): FleetContainer {
  const found = containers.find((c) => c.name === name);
  if (!found) throw new Error(`${name} is not listed`);
  return found;
}

/** Fails the test if the page ever opens a dialog (an `alert(1)` from a reason that became markup). */
function forbidDialogs(page: Page): void {
  page.on("dialog", (dialog) => {
    void dialog.dismiss();
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
}

/** The URL's query as an object, for comparisons. */
function query(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/** Names of the visible rows that belong to the e2e fleet. */
async function e2eNames(fleetPage: FleetPage): Promise<string[]> {
  const names = new Set(fleet.map((c) => c.name));
  return (await fleetPage.names()).filter((n) => names.has(n)).sort();
}

test.describe("waivers", () => {
  test("a waived check shows as waived with its reason, which stays text", async ({ fleetPage, page }) => {
    forbidDialogs(page);
    await fleetPage.goto();
    await expect(fleetPage.grade("e2e-waived-root")).toHaveText("A");
    await expect(fleetPage.score("e2e-waived-root")).toHaveText("100");
    await expect(fleetPage.row("e2e-waived-root").getByTestId("waived-mark")).toBeVisible();

    const user = fleetPage.measure("e2e-waived-root", "user");
    await expect(user).toHaveAttribute("data-status", "waived");
    await expect(user).toHaveText(/Waived/);
    // The reason is the badge's description (its tooltip), for the keyboard and touch as for the mouse.
    await expect(user.locator("xpath=ancestor::button[1]")).toHaveAccessibleDescription(
      new RegExp(`waived by label: ${literal(HOSTILE_REASON)}`),
    );
    await expect(fleetPage.measure("e2e-waived-root", "read-only-root")).toHaveAttribute(
      "data-status",
      "waived",
    );

    const detail = await fleetPage.expand("e2e-waived-root");
    const check = fleetPage.checkRow(detail, "non-root-user");
    await expect(check).toHaveAttribute("data-status", "waived");
    await expect(check.getByTestId("waiver")).toHaveAttribute("data-source", "label");
    await expect(check.getByTestId("waiver-reason")).toHaveText(HOSTILE_REASON);
    await expect(fleetPage.checkRow(detail, "read-only-rootfs").getByTestId("waiver-reason")).toHaveText(
      FORMULA_REASON,
    );
    // The markup is text: no element was made from it.
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });

  test("a waiver label without a reason, or for an unknown check, is ignored and flagged", async ({
    fleetPage,
  }) => {
    await fleetPage.goto();
    await expect(fleetPage.grade("e2e-waived-empty")).toHaveText("B");
    await expect(fleetPage.measure("e2e-waived-empty", "user")).toHaveAttribute("data-status", "fail");
    await expect(fleetPage.row("e2e-waived-empty").getByTestId("waiver-problem-mark")).toBeVisible();
    const detail = await fleetPage.expand("e2e-waived-empty");
    await expect(fleetPage.checkRow(detail, "non-root-user")).toHaveAttribute("data-status", "fail");
    const problems = detail.getByTestId("waiver-problems");
    await expect(problems.getByRole("listitem")).toHaveText([
      'label "roaudit.waive.no-such-check" ignored: "no-such-check" is not a check id',
      'label "roaudit.waive.non-root-user" ignored: a waiver needs a reason',
    ]);

    // The container's own page says the same.
    await fleetPage.page.goto("/containers/e2e-waived-empty");
    await expect(fleetPage.page.getByTestId("waiver-problems").getByRole("listitem")).toHaveText([
      'label "roaudit.waive.no-such-check" ignored: "no-such-check" is not a check id',
      'label "roaudit.waive.non-root-user" ignored: a waiver needs a reason',
    ]);
  });

  test("the API gives the waiver, its source, the ignored labels and the Compose labels", async ({
    request,
  }) => {
    const body = await getFleet(request);
    expect(body.policy).toEqual({ file: null, error: null, waived: "ignore", labels: true, waivers: 0 });
    const root = byName(body.containers, "e2e-waived-root");
    expect(root).toMatchObject({ grade: "A", score: 100, waiverProblems: [] });
    expect(root.compose).toEqual({ project: "e2e-shop", service: "web" });
    const checks = Object.fromEntries(root.checks.map((c) => [c.id, c]));
    expect(checks["non-root-user"]).toMatchObject({
      status: "waived",
      severity: "high",
      waiver: { reason: HOSTILE_REASON, source: "label" },
    });
    expect(checks["read-only-rootfs"]?.waiver).toEqual({ reason: FORMULA_REASON, source: "label" });
    expect(checks["cap-drop-all"]?.waiver).toBeUndefined();

    const one = await request.get("/api/containers/e2e-waived-empty");
    expect(one.status()).toBe(200);
    const empty = (await one.json()) as FleetContainer;
    expect(empty.waiverProblems).toHaveLength(2);
    expect(empty.checks.find((c) => c.id === "non-root-user")).toMatchObject({ status: "fail" });
    expect(byName(body.containers, "e2e-readonly").compose).toEqual({ project: "e2e-blog", service: null });
    expect(byName(body.containers, "e2e-writable").compose).toBeNull();

    const health = (await (await request.get("/api/health")).json()) as HealthResponse;
    expect(health).toMatchObject({ status: "ok", policy: "none" });
  });

  test("the CSV says waived in the check's column, and the formula reason never reaches it", async ({
    request,
  }) => {
    const response = await request.get("/api/report.csv");
    expect(response.status()).toBe(200);
    const text = await response.text();
    const [header = [], ...rows] = parse(text) as string[][];
    const records = rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
    expect(records.find((r) => r.name === "e2e-waived-root")).toMatchObject({
      grade: "A",
      score: "100",
      "non-root-user": "waived",
      "read-only-rootfs": "waived",
      "cap-drop-all": "pass",
    });
    expect(records.find((r) => r.name === "e2e-waived-empty")).toMatchObject({ "non-root-user": "fail" });
    expect(text).not.toContain("HYPERLINK");
  });
});

test.describe("policy file", () => {
  test("waives by name and label, wins over a label, and shows its source", async ({ request, page }) => {
    const health = (await (await request.get(`${POLICY_BASE_URL}/api/health`)).json()) as HealthResponse;
    expect(health).toMatchObject({ status: "ok", policy: "loaded" });

    const body = await getFleet(request, POLICY_BASE_URL);
    expect(body.policy).toMatchObject({ error: null, waived: "ignore", labels: true, waivers: 2 });
    expect(body.policy.file?.endsWith(POLICY_FILE)).toBe(true);

    // A waived critical finding does not cap the grade: 100 − 15 − 15 − 8 − 8 − 3.
    const socket = byName(body.containers, "e2e-socket-ro");
    expect(socket).toMatchObject({ score: 51, grade: "F" });
    expect(socket.checks.find((c) => c.id === "docker-socket-mount")).toMatchObject({
      status: "waived",
      severity: "critical",
      waiver: { reason: "Reads engine events only; reviewed by ops", source: "policy" },
    });

    const root = byName(body.containers, "e2e-waived-root");
    expect(root.checks.find((c) => c.id === "non-root-user")?.waiver).toEqual({
      reason: "Policy reason wins over the label",
      source: "policy",
    });
    expect(root.checks.find((c) => c.id === "read-only-rootfs")?.waiver?.source).toBe("label");

    // The policy waives what the reason-less label could not; the label is still reported as ignored.
    const empty = byName(body.containers, "e2e-waived-empty");
    expect(empty).toMatchObject({ score: 100, grade: "A" });
    expect(empty.waiverProblems).toHaveLength(2);
    // Not matched: another project's container keeps its failure.
    expect(
      byName(body.containers, "e2e-hardened-root").checks.find((c) => c.id === "non-root-user")?.status,
    ).toBe("fail");

    await page.goto(POLICY_BASE_URL);
    const row = page.locator('tr[data-testid="fleet-row"][data-container-name="e2e-socket-ro"]');
    await expect(row.getByTestId("score")).toHaveText("51");
    await row.getByRole("button", { name: "All checks" }).click();
    const waiver = page.locator(
      '[data-testid="check-row"][data-check-id="docker-socket-mount"] [data-testid="waiver"]',
    );
    await expect(waiver).toHaveAttribute("data-source", "policy");
    await expect(waiver).toContainText("Waived by policy file: Reads engine events only; reviewed by ops");
    await expect(page.getByTestId("policy-error")).toHaveCount(0);
  });
});

test.describe("filters in the address", () => {
  test("by failing check and grade, kept over a reload, with back and forward", async ({
    fleetPage,
    page,
    request,
  }) => {
    const e2e = new Set(fleet.map((c) => c.name));
    const root = (await getFleet(request)).containers
      .filter((c) => e2e.has(c.name) && c.checks.find((x) => x.id === "non-root-user")?.status === "fail")
      .map((c) => c.name)
      .sort();
    await fleetPage.goto();
    await fleetPage.filter("e2e-");
    const failing = page.getByTestId("filter-failing");
    const gradeB = page.getByTestId("filter-grade-B");

    // Everything that runs as root; a waived finding is accepted, so e2e-waived-root is not in it.
    await failing.selectOption("non-root-user");
    await expect.poll(() => query(page)).toEqual({ q: "e2e-", failing: "non-root-user" });
    await expect.poll(() => e2eNames(fleetPage)).toEqual(root);
    expect(root).toEqual(expect.arrayContaining(["e2e-waived-empty", "e2e-writable", "e2e-user-0"]));
    await expect(fleetPage.row("e2e-waived-root")).toHaveCount(0);
    await expect(fleetPage.row("e2e-hardened")).toHaveCount(0);

    await gradeB.click();
    await expect(gradeB).toHaveAttribute("aria-pressed", "true");
    await expect.poll(() => query(page)).toEqual({ q: "e2e-", grade: "B", failing: "non-root-user" });
    await expect.poll(() => e2eNames(fleetPage)).toEqual(["e2e-hardened-root", "e2e-waived-empty"]);
    // The count is that of the rows shown (other containers on the engine may match the filters too).
    await expect(fleetPage.count).toHaveText(new RegExp(`^Showing ${await fleetPage.rows.count()} of \\d+$`));

    await page.reload();
    await fleetPage.waitForFleet();
    await expect(fleetPage.search).toHaveValue("e2e-");
    await expect(failing).toHaveValue("non-root-user");
    await expect(gradeB).toHaveAttribute("aria-pressed", "true");
    await expect.poll(() => e2eNames(fleetPage)).toEqual(["e2e-hardened-root", "e2e-waived-empty"]);

    await page.goBack();
    await expect.poll(() => query(page)).toEqual({ q: "e2e-", failing: "non-root-user" });
    await expect(gradeB).toHaveAttribute("aria-pressed", "false");
    await expect.poll(() => e2eNames(fleetPage)).toEqual(root);
    await page.goForward();
    await expect(gradeB).toHaveAttribute("aria-pressed", "true");
    await expect.poll(() => e2eNames(fleetPage)).toEqual(["e2e-hardened-root", "e2e-waived-empty"]);

    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => query(page)).toEqual({});
    await expect(fleetPage.row("e2e-hardened")).toHaveCount(1);
  });

  test("a shared link opens the same view; values it does not know are ignored", async ({
    fleetPage,
    page,
  }) => {
    await page.goto("/?q=e2e-&grade=F,Z,%3Cb%3E&failing=no-such-check&sort=evil&dir=up&group=nope&x=1");
    await fleetPage.waitForFleet();
    await expect(page.getByTestId("filter-grade-F")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("filter-failing")).toHaveValue("");
    const f = fleet.filter((c) => c.start !== false && c.grade === "F").map((c) => c.name);
    await expect.poll(() => e2eNames(fleetPage)).toEqual(f.sort());
    for (const grade of await fleetPage.rows.getByTestId("grade").allTextContents()) expect(grade).toBe("F");
    await expect(page.getByRole("columnheader", { name: "Score" })).toHaveAttribute("aria-sort", "ascending");
    await expect(page.getByTestId("fleet-group")).toHaveCount(0);
  });
});

test.describe("Compose grouping", () => {
  test("groups by project and service, folds and unfolds, and is kept in the address", async ({
    fleetPage,
    page,
  }) => {
    await fleetPage.goto();
    await fleetPage.filter("e2e-");
    await page.getByRole("checkbox", { name: "Group by Compose project" }).check();
    await expect.poll(() => query(page)).toEqual({ q: "e2e-", group: "compose" });

    const shop = page.locator('[data-testid="fleet-group"][data-group="compose:e2e-shop"]');
    await expect(shop.getByTestId("group-name")).toHaveText("e2e-shop");
    // Our three, under their two services; other containers of a project named e2e-shop may join them.
    for (const name of ["e2e-hardened", "e2e-waived-root", "e2e-waived-empty"])
      await expect(shop.locator(`[data-container-name="${name}"]`), name).toHaveCount(1);
    const members = await shop.getByTestId("fleet-row").count();
    await expect(shop.getByTestId("group-count")).toHaveText(
      new RegExp(`^${members} containers · \\d+ services$`),
    );
    expect(await shop.getByTestId("fleet-service").allTextContents()).toEqual(
      expect.arrayContaining(["Service web", "Service worker"]),
    );
    const blog = page.locator('[data-testid="fleet-group"][data-group="compose:e2e-blog"]');
    await expect(blog.getByTestId("fleet-row")).toHaveAttribute("data-container-name", "e2e-readonly");
    const loose = page.locator('[data-testid="fleet-group"][data-group="no-compose"]');
    await expect(loose.getByRole("button", { name: "Not in a Compose project" })).toBeVisible();
    await expect(loose.locator('[data-container-name="e2e-writable"]')).toHaveCount(1);
    // Projects by name, containers without Compose labels last.
    const keys = await page
      .getByTestId("fleet-group")
      .evaluateAll((g) => g.map((e) => e.getAttribute("data-group")));
    expect(keys.indexOf("compose:e2e-blog")).toBeLessThan(keys.indexOf("compose:e2e-shop"));
    expect(keys.at(-1)).toBe("no-compose");

    const toggle = shop.getByTestId("group-toggle");
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(shop.getByTestId("fleet-row")).toHaveCount(0);
    await expect(fleetPage.row("e2e-hardened")).toHaveCount(0);
    await expect(fleetPage.row("e2e-readonly")).toHaveCount(1);
    await toggle.click();
    await expect(fleetPage.row("e2e-hardened")).toHaveCount(1);

    await page.reload();
    await fleetPage.waitForFleet();
    await expect(page.getByRole("checkbox", { name: "Group by Compose project" })).toBeChecked();
    await expect(shop.getByTestId("fleet-row")).toHaveCount(members);
  });
});

test.describe("summary chart", () => {
  test("shows the grade counts and each measure's share of the containers it applies to", async ({
    fleetPage,
    request,
  }) => {
    await fleetPage.goto();
    const page = fleetPage.page;
    // Other suites may add containers meanwhile: compare a fleet read and the page taken together.
    await expect(async () => {
      const { containers } = await getFleet(request);
      const status = (id: string, s: string) =>
        containers.filter((c) => c.checks.find((x) => x.id === id)?.status === s).length;
      for (const grade of GRADES) {
        await expect(page.getByTestId(`grade-bar-${grade}`).getByTestId("grade-count"), grade).toHaveText(
          String(containers.filter((c) => c.grade === grade).length),
          { timeout: 1000 },
        );
      }
      const measures = [
        ["summary-read-only", "read-only-rootfs"],
        ["summary-non-root", "non-root-user"],
        ["summary-cap-drop-all", "cap-drop-all"],
        ["summary-noexec-tmpfs", "tmpfs-noexec"],
      ] as const;
      for (const [testId, check] of measures) {
        const item = page.getByTestId(testId);
        await expect(item.getByTestId("summary-value"), check).toHaveText(String(status(check, "pass")), {
          timeout: 1000,
        });
        const applies =
          containers.length - status(check, "na") - containers.filter((c) => c.checks.length === 0).length;
        await expect(item.getByTestId("summary-applies"), check).toHaveText(String(applies), {
          timeout: 1000,
        });
        if (status(check, "na") > 0)
          await expect(item.getByTestId("summary-na"), check).toContainText(
            `${status(check, "na")} not applicable`,
            {
              timeout: 1000,
            },
          );
      }
      await expect(page.getByTestId("summary-non-root").getByTestId("summary-measure-waived")).toHaveText(
        `· ${status("non-root-user", "waived")} waived`,
        { timeout: 1000 },
      );
      await expect(page.getByTestId("summary-running"), "running").toHaveText(
        String(containers.filter((c) => c.state === "running").length),
        { timeout: 1000 },
      );
      const waived = containers.flatMap((c) => c.checks).filter((c) => c.status === "waived").length;
      await expect(page.getByTestId("summary-waived-checks")).toHaveText(String(waived), { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    // The e2e fleet alone gives at least these.
    expect(fleet.filter((c) => c.statuses["non-root-user"] === "waived")).toHaveLength(1);
  });
});

/** `text` as a literal in a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

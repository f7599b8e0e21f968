import { readFile } from "node:fs/promises";
import type { Download } from "@playwright/test";
import { parse } from "csv-parse/sync";
import type { ContainerResponse, FleetResponse, RemediationResponse } from "@/lib/api-types";
import { CRITICAL_SCORE_CAP, GRADE_FLOORS } from "@/lib/audit/score";
import { SEVERITY_PENALTY } from "@/lib/audit/severity";
import { expect, test } from "./fixtures";

// Every test opens its own page and only reads the shared e2e fleet: they may run side by side.
test.describe.configure({ mode: "parallel" });

const records = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

async function downloaded(download: Download, file: string): Promise<string> {
  await download.saveAs(file);
  return readFile(file, "utf8");
}

test.describe("the report exports what the page shows", () => {
  test("both shapes hold the filtered view's rows in its order, and the file name says the filter", async ({
    fleetPage,
    request,
  }, testInfo) => {
    const page = fleetPage.page;
    await page.goto("/?q=e2e-&grade=F&sort=name&dir=desc");
    await fleetPage.waitForFleet();
    const summaryLink = page.getByTestId("download-summary");
    const findingsLink = page.getByTestId("download-findings");
    await expect(summaryLink).toHaveAttribute("href", "/api/report.csv?q=e2e-&sort=name&dir=desc&grade=F");
    await expect(findingsLink).toHaveAttribute(
      "href",
      "/api/report.csv?q=e2e-&sort=name&dir=desc&grade=F&shape=findings",
    );

    // Other suites may add or remove containers meanwhile: compare a table and downloads taken together.
    await expect(async () => {
      const shown = await fleetPage.names();
      expect(shown.length).toBeGreaterThan(1);
      await expect(page.getByTestId("report-scope")).toHaveText(
        `Exports ${shown.length} containers, filtered: “e2e-”, grade F`,
        { timeout: 1000 },
      );

      const [summary] = await Promise.all([page.waitForEvent("download"), summaryLink.click()]);
      expect(summary.suggestedFilename()).toMatch(
        /^roaudit-[A-Za-z0-9._-]+-\d{4}-\d\d-\d\d-q-e2e-grade-F\.csv$/,
      );
      const rows = records(await downloaded(summary, testInfo.outputPath("summary.csv")));
      expect(rows.map((r) => r.name)).toEqual(shown);
      expect(rows.every((r) => r.grade === "F" && r.state === "running")).toBe(true);

      const [findings] = await Promise.all([page.waitForEvent("download"), findingsLink.click()]);
      expect(findings.suggestedFilename()).toMatch(/-q-e2e-grade-F-findings\.csv$/);
      const found = records(await downloaded(findings, testInfo.outputPath("findings.csv")));
      // One row per failing or waived check of the shown containers, containers in the page's order.
      const fleet = (await (await request.get("/api/containers")).json()) as FleetResponse;
      const expected = shown.flatMap((name) =>
        (fleet.containers.find((c) => c.name === name)?.checks ?? [])
          .filter((c) => c.status === "fail" || c.status === "waived")
          .map((c) => `${name} ${c.id} ${c.status} ${c.severity}`),
      );
      expect(found.map((r) => `${r.container} ${r.check_id} ${r.status} ${r.severity}`)).toEqual(expected);
    }).toPass({ timeout: 60_000 });
  });

  test("the summary has state, Compose, engine and failing checks; findings have title, CIS, fix and waiver", async ({
    request,
  }) => {
    const summary = records(await (await request.get("/api/report.csv?q=e2e-readonly&sort=name")).text());
    expect(summary.find((r) => r.name === "e2e-readonly")).toMatchObject({
      state: "running",
      compose_project: "e2e-blog",
      compose_service: "",
      engine: "local",
      failing_checks: expect.stringContaining("non-root-user"),
    });
    const findings = records(
      await (await request.get("/api/report.csv?q=e2e-waived-root&shape=findings")).text(),
    );
    const waived = findings.find((r) => r.container === "e2e-waived-root" && r.check_id === "non-root-user");
    expect(waived).toMatchObject({
      check_title: "Runs as a non-root user",
      status: "waived",
      cis: "4.1",
      fix_flags: "'--user",
      compose_keys: "user",
      waiver_source: "label",
    });
    expect(waived?.waiver_reason).not.toBe("");
  });

  test("a bad parameter is a 400 saying which and why", async ({ request }) => {
    for (const [query, message] of [
      ["grade=E", /grade/],
      ["failing=no-such-check", /failing/],
      ["shape=xlsx", /shape/],
      ["sort=size", /sort/],
    ] as const) {
      const response = await request.get(`/api/report.csv?${query}`);
      expect(response.status(), query).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, query).toBe("invalid_query");
      expect(body.error.message, query).toMatch(message);
    }
  });
});

test.describe("grades a person understands", () => {
  test("the legend, reached from the grade column, says the scale, penalties and cap the score uses", async ({
    fleetPage,
  }) => {
    await fleetPage.goto({ query: "e2e-" });
    const page = fleetPage.page;
    const legend = page.getByTestId("grade-legend");
    await expect(legend).not.toHaveAttribute("open");
    await fleetPage.table.getByRole("link", { name: "What the grades mean" }).click();
    await expect(legend).toHaveAttribute("open");
    await expect(legend.locator("summary")).toBeFocused();
    for (const { grade, min } of GRADE_FLOORS)
      await expect(legend.locator(`[data-grade="${grade}"]`)).toContainText(`score ${min} or more`);
    for (const [severity, points] of Object.entries(SEVERITY_PENALTY))
      await expect(legend.locator(`[data-severity="${severity}"]`)).toHaveText(`${severity}: −${points}`);
    await expect(legend.getByTestId("legend-cap")).toContainText(`at ${CRITICAL_SCORE_CAP}`);
    // The summary links to it too.
    await expect(page.getByTestId("grade-chart").getByTestId("grade-legend-link")).toHaveAttribute(
      "href",
      "#grade-legend",
    );
  });

  test("the expanded row and the detail page break the score down as the server computed it", async ({
    fleetPage,
    detailPage,
    request,
  }) => {
    const name = "e2e-readonly";
    const api = (await (await request.get(`/api/containers/${name}`)).json()) as ContainerResponse;
    const penalties = api.breakdown.penalties.map((p) => `${p.id} ${p.points}`);
    expect(api.breakdown.score).toBe(api.score);
    expect(100 - api.breakdown.totalPenalty).toBe(api.score);

    await fleetPage.goto({ query: name });
    const detail = await fleetPage.expand(name);
    const rowBreakdown = detail.getByTestId("score-breakdown");
    await expect(rowBreakdown).toHaveAttribute("data-score", String(api.score));
    const listed = async (scope: typeof rowBreakdown) =>
      scope
        .getByTestId("score-penalty")
        .evaluateAll((items) =>
          items.map((i) => `${i.getAttribute("data-check-id")} ${i.getAttribute("data-points")}`),
        );
    expect(await listed(rowBreakdown)).toEqual(penalties);
    // Failures first in the expanded row, as on the detail page.
    await expect(detail.getByTestId("check-row").first()).toHaveAttribute("data-status", "fail");

    await detailPage.goto(name);
    const pageBreakdown = detailPage.detail.getByTestId("score-breakdown");
    await expect(pageBreakdown).toHaveAttribute("data-score", String(api.score));
    expect(await listed(pageBreakdown)).toEqual(penalties);
    // "Read-only: pass" and "grade F" read together.
    await expect(
      detailPage.detail.locator('[data-testid="measure-verdict"][data-measure="read-only-root"]'),
    ).toHaveAttribute("data-status", "pass");
    await expect(detailPage.detail.getByTestId("grade")).toHaveText("F");
  });
});

test.describe("one fix, not two", () => {
  test("each check's fix is the remediation's own text; root gets no --user in either", async ({
    detailPage,
    request,
  }) => {
    const name = "e2e-writable";
    const remediation = (await (
      await request.get(`/api/containers/${name}/remediation`)
    ).json()) as RemediationResponse;
    await detailPage.goto(name);
    await expect(detailPage.remediation).toHaveAttribute("data-state", "ready", { timeout: 30_000 });
    const full = (await detailPage.page.getByTestId("remediation-docker-run").textContent()) ?? "";
    const compose = (await detailPage.page.getByTestId("remediation-compose").textContent()) ?? "";

    for (const id of ["pids-limit", "memory-limit", "read-only-rootfs", "cap-drop-all"] as const) {
      const card = detailPage.check(id);
      await expect(card.getByTestId("check-fix"), id).toHaveAttribute("data-source", "plan");
      const dockerRun = (await card.getByTestId("fix-docker-run").textContent()) ?? "";
      expect(dockerRun, id).toBe(remediation.checkFixes[id].dockerRun);
      for (const line of dockerRun.split(" \\\n")) expect(full, `${id}: ${line}`).toContain(line);
      for (const line of ((await card.getByTestId("fix-compose").textContent()) ?? "").split("\n"))
        expect(compose, `${id}: ${line}`).toContain(line);
    }
    const pids = /--pids-limit (\d+)/.exec(full)?.[1];
    await expect(detailPage.check("pids-limit").getByTestId("fix-docker-run")).toHaveText(
      `--pids-limit ${pids}`,
    );

    // Runs as root: the plan writes no --user and asks for a decision; so does the check.
    expect(full).not.toMatch(/^ {2}--user /m);
    const user = detailPage.check("non-root-user");
    await expect(user.getByTestId("fix-docker-run")).toHaveCount(0);
    await expect(user.getByTestId("fix-none")).toBeVisible();
    await expect(user.getByTestId("fix-notes")).toContainText("runs as root today");
  });

  test("the Remediation is one jump from the top of the page", async ({ detailPage }) => {
    await detailPage.goto("e2e-writable");
    const nav = detailPage.page.getByRole("navigation", { name: "On this page" });
    for (const label of ["Checks", "Remediation", "Configuration", "History"])
      await expect(nav.getByRole("link", { name: label })).toBeVisible();
    // The links follow the page: each one's target lies below the previous link's target.
    const hrefs = await nav
      .getByRole("link")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.length).toBeGreaterThan(1);
    const tops: number[] = [];
    for (const href of hrefs) {
      const box = await detailPage.page.locator(href).boundingBox();
      expect(box, `target of ${href}`).not.toBeNull();
      tops.push(box?.y ?? 0);
    }
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    await nav.getByRole("link", { name: "Remediation" }).click();
    await expect(detailPage.page).toHaveURL(/#remediation-heading$/);
    await expect(detailPage.page.getByRole("heading", { name: "Remediation", level: 2 })).toBeInViewport();
  });
});

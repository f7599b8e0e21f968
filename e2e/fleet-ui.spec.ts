import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Response } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { expect, test } from "./fixtures";
import { e2eFleet } from "./support/e2e-fleet";
import { CANARY_VALUE, docker } from "./support/fleet";
import { DEAD_BASE_URL, DEAD_SOCKET } from "./support/servers";

// Every test opens its own page and only reads or verifies the shared e2e fleet: they may run side by side.
test.describe.configure({ mode: "parallel" });

const fleet = e2eFleet();
const running = fleet.filter((c) => c.start !== false);
const MEASURE_KEYS = ["read-only-root", "tmpfs", "volumes", "user", "capabilities"] as const;
const CSV_FIRST = [
  "container_id",
  "name",
  "image",
  "score",
  "grade",
  "state",
  "compose_project",
  "compose_service",
  "engine",
  "failing_checks",
];
const CSV_LAST = [
  "verify_verdict",
  "verify_checked_at",
  "probe_root-write",
  "probe_mount-table",
  "probe_process-identity",
  "probe_tmpfs-exec",
  "probe_ro-mount-write",
  "engine_read",
  "engine_unanswered_since",
  "audit_read_at",
];

function spec(name: string) {
  const found = fleet.find((c) => c.name === name);
  if (!found) throw new Error(`${name} is not in the e2e fleet`);
  return found;
}

/** CSV text → records keyed by header; checks the header is the same for every row. */
function parseCsv(text: string): { header: string[]; records: Record<string, string>[] } {
  const rows = parse(text) as string[][];
  const [header = [], ...body] = rows;
  return { header, records: body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""]))) };
}

test.describe("fleet table", () => {
  test("lists every running e2e container with its grade and score", async ({ fleetPage }) => {
    await fleetPage.goto();
    for (const container of running) {
      await test.step(container.name, async () => {
        await expect(fleetPage.row(container.name)).toHaveCount(1);
        await expect(fleetPage.grade(container.name)).toHaveText(container.grade);
        await expect(fleetPage.score(container.name)).toHaveText(String(container.score));
        await expect(fleetPage.verifyButton(container.name)).toBeEnabled();
      });
    }
    await expect(fleetPage.includeStopped).not.toBeChecked();
    await expect(fleetPage.row("e2e-privileged")).toHaveCount(0);
  });

  test("shows created containers only with 'Include stopped and created containers'", async ({
    fleetPage,
    page,
  }) => {
    const privileged = spec("e2e-privileged");
    // Narrowed to the e2e fleet: the engine may hold hundreds of created containers of anyone's.
    await fleetPage.goto({ query: "e2e-" });
    await expect(fleetPage.row(privileged.name)).toHaveCount(0);

    await fleetPage.toggleAll();
    await expect(fleetPage.includeStopped).toBeChecked();
    await expect(fleetPage.row(privileged.name)).toHaveCount(1);
    await expect(fleetPage.row(privileged.name).getByTestId("state")).toHaveText("created");
    await expect(fleetPage.grade(privileged.name)).toHaveText("F");
    await expect(fleetPage.score(privileged.name)).toHaveText(String(privileged.score));
    await expect(fleetPage.verifyButton(privileged.name)).toBeDisabled();
    await expect(fleetPage.verdict(privileged.name)).toHaveText("Not running");
    for (const container of running) await expect(fleetPage.row(container.name)).toHaveCount(1);

    // The choice survives a reload (it is kept in the address bar) and can be undone.
    await page.reload();
    await fleetPage.waitForFleet();
    await expect(fleetPage.includeStopped).toBeChecked();
    await expect(fleetPage.row(privileged.name)).toHaveCount(1);
    await fleetPage.toggleAll();
    await expect(fleetPage.row(privileged.name)).toHaveCount(0);
  });

  test("measure badges and the expanded checks", async ({ fleetPage }) => {
    await fleetPage.goto();
    for (const key of MEASURE_KEYS) {
      await expect(fleetPage.measure("e2e-hardened", key), key).toHaveAttribute("data-status", "pass");
    }
    await expect(fleetPage.measure("e2e-writable", "read-only-root")).toHaveAttribute("data-status", "fail");
    await expect(fleetPage.measure("e2e-writable", "user")).toHaveAttribute("data-status", "fail");

    const tmpfsExec = spec("e2e-tmpfs-exec");
    await expect(fleetPage.row(tmpfsExec.name).getByTestId("fleet-row-detail")).toHaveCount(0);
    const detail = await fleetPage.expand(tmpfsExec.name);
    await expect(fleetPage.checkRow(detail, "tmpfs-noexec")).toHaveAttribute("data-status", "fail");
    for (const [checkId, status] of Object.entries(tmpfsExec.statuses)) {
      await expect(fleetPage.checkRow(detail, checkId), checkId).toHaveAttribute("data-status", status);
    }
    await expect(fleetPage.measure(tmpfsExec.name, "tmpfs")).toHaveAttribute("data-status", "fail");
  });

  test("the filter narrows the table", async ({ fleetPage }) => {
    await fleetPage.goto();
    await fleetPage.filter("e2e-tmpfs");
    // Ours are listed, and every row listed matches (other containers on the engine may match too).
    const ours = ["e2e-tmpfs-default", "e2e-tmpfs-exec", "e2e-tmpfs-mount"];
    await expect
      .poll(async () => (await fleetPage.names()).filter((n) => ours.includes(n)).sort())
      .toEqual(ours);
    const unmatched = async () =>
      (
        await fleetPage.rows.evaluateAll((all) =>
          all.map((row) => `${row.getAttribute("data-container-name")} ${row.textContent}`),
        )
      ).filter((row) => !row.toLowerCase().includes("e2e-tmpfs"));
    await expect.poll(unmatched).toEqual([]);
    const shown = await fleetPage.rows.count();
    await expect(fleetPage.count).toContainText(new RegExp(`^Showing ${shown} of \\d+$`));

    await fleetPage.filter("no-such-container-anywhere");
    await expect(fleetPage.rows).toHaveCount(0);
    await expect(fleetPage.table.getByTestId("fleet-empty")).toContainText("No containers match");

    await fleetPage.filter("");
    await expect(fleetPage.row("e2e-hardened")).toHaveCount(1);
  });

  test("sorts by score, worst first, and descending on a click", async ({ fleetPage, page }) => {
    await fleetPage.goto();
    await fleetPage.filter("e2e-hardened");
    const scoreHeader = page.getByRole("columnheader", { name: "Score" });
    const byScore = ["e2e-hardened-root-writable", "e2e-hardened-root", "e2e-hardened"];
    expect(byScore.map((name) => spec(name).score)).toEqual([70, 85, 100]);

    // Ours in the order listed (other containers on the engine may match the filter too).
    const ours = async () => (await fleetPage.names()).filter((name) => byScore.includes(name));

    // Default: score ascending, so what needs fixing comes first.
    await expect(scoreHeader).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(ours).toEqual(byScore);

    await scoreHeader.getByRole("button", { name: "Score" }).click();
    await expect(scoreHeader).toHaveAttribute("aria-sort", "descending");
    await expect.poll(ours).toEqual([...byScore].reverse());
    await expect(fleetPage.score("e2e-hardened")).toHaveText("100");
    await expect(fleetPage.score("e2e-hardened-root")).toHaveText("85");
  });
});

test.describe("Verify", () => {
  test("a read-only root is enforced", async ({ fleetPage }) => {
    await fleetPage.goto();
    expect(await fleetPage.verify("e2e-readonly")).toBe("enforced");
    await expect(fleetPage.verdict("e2e-readonly")).toContainText("Read-only enforced");
    await expect(fleetPage.verdict("e2e-readonly")).toContainText("Read-only file system");
  });

  test("a writable root is not enforced, and the probe leaves no trace", async ({ fleetPage }) => {
    await fleetPage.goto();
    expect(await fleetPage.verify("e2e-writable")).toBe("not-enforced");
    await expect(fleetPage.verdict("e2e-writable")).toContainText("Not enforced");
    expect(await docker(["diff", "e2e-writable"])).toBe("");
  });

  test("an image without a shell is inconclusive", async ({ fleetPage }) => {
    await fleetPage.goto();
    expect(await fleetPage.verify("e2e-noshell")).toBe("inconclusive");
    await expect(fleetPage.verdict("e2e-noshell")).toContainText("Inconclusive");
    await expect(fleetPage.verdict("e2e-noshell")).toContainText("no shell in the image");
  });
});

test.describe("CSV report", () => {
  test("downloads through the button with every listed container", async ({ fleetPage }, testInfo) => {
    const verified = "e2e-hardened-root";
    await fleetPage.goto();
    expect(await fleetPage.verify(verified)).toBe(spec(verified).verdict);
    const checkedAt = await fleetPage.verifiedAt(verified);
    expect(checkedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    // Other suites may add or remove containers meanwhile: compare a table and a download taken together.
    let records: Record<string, string>[] = [];
    await expect(async () => {
      const listed = await fleetPage.names();
      const download = await fleetPage.downloadCsv();
      expect(download.suggestedFilename()).toMatch(/^roaudit-[A-Za-z0-9._-]+-\d{4}-\d\d-\d\d\.csv$/);
      const file = testInfo.outputPath("report.csv");
      await download.saveAs(file);
      const parsed = parseCsv(await readFile(file, "utf8"));
      expect(parsed.header.slice(0, CSV_FIRST.length)).toEqual(CSV_FIRST);
      expect(parsed.header.slice(-CSV_LAST.length)).toEqual(CSV_LAST);
      records = parsed.records;
      expect(records.map((r) => r.name).sort()).toEqual([...listed].sort());
    }).toPass({ timeout: 30_000 });

    for (const container of running) {
      const rows = records.filter((r) => r.name === container.name);
      expect(rows, container.name).toHaveLength(1);
      expect(rows[0], container.name).toMatchObject({
        container_id: await fleetPage.containerId(container.name),
        grade: container.grade,
        score: String(container.score),
        engine_read: "current",
      });
    }
    expect(records.find((r) => r.name === "e2e-privileged")).toBeUndefined();
    expect(records.find((r) => r.name === verified)).toMatchObject({
      verify_verdict: spec(verified).verdict,
      // UTC, as spreadsheets read it: the page's ISO time without T, fraction and Z.
      verify_checked_at: (checkedAt ?? "").slice(0, 19).replace("T", " "),
    });
  });

  test("GET /api/report.csv is an RFC 4180 attachment", async ({ request }) => {
    for (const url of ["/api/report.csv", "/api/report.csv?all=true"]) {
      await test.step(url, async () => {
        const response = await request.get(url);
        expect(response.status()).toBe(200);
        expect(response.headers()["content-type"]).toMatch(/^text\/csv\b/);
        expect(response.headers()["content-disposition"]).toMatch(/^attachment\b/);
        const body = await response.body();
        expect([...body.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
        const text = body.toString("utf8");
        expect(text.endsWith("\r\n")).toBe(true);
        expect(text).not.toMatch(/(?<!\r)\n/);
        const { header, records } = parseCsv(text);
        expect(header.slice(0, CSV_FIRST.length)).toEqual(CSV_FIRST);
        expect(header.slice(-CSV_LAST.length)).toEqual(CSV_LAST);
        const expected = url.endsWith("all=true") ? fleet : running;
        for (const container of expected) {
          expect(
            records.find((r) => r.name === container.name),
            container.name,
          ).toMatchObject({
            grade: container.grade,
            score: String(container.score),
          });
        }
        if (!url.endsWith("all=true"))
          expect(records.find((r) => r.name === "e2e-privileged")).toBeUndefined();
      });
    }
  });
});

test("engine down: the alert names the endpoint, the error and a hint, and keeps retrying", async ({
  page,
  request,
}) => {
  const endpoint = `unix://${DEAD_SOCKET}`;

  const api = await request.get(`${DEAD_BASE_URL}/api/containers`);
  expect(api.status()).toBe(503);
  expect((await api.json()).error).toMatchObject({
    code: "docker_unavailable",
    engine: { endpoint, error: { code: "ENOENT" } },
  });

  await page.goto(DEAD_BASE_URL);
  const alert = page.getByRole("alert").filter({ has: page.getByTestId("engine-error-code") });
  await expect(alert).toHaveAttribute("data-testid", "engine-unavailable");
  await expect(page.getByTestId("engine-endpoint")).toContainText(endpoint);
  await expect(alert.getByRole("heading")).toHaveText(`Cannot reach the Docker engine at ${endpoint}`);
  await expect(alert.getByTestId("engine-error-code")).toHaveText("ENOENT");
  await expect(alert.getByTestId("engine-error-message")).toContainText(DEAD_SOCKET);
  await expect(alert.getByTestId("engine-error-hint")).toContainText(`No socket at ${DEAD_SOCKET}`);
  await expect(alert).toContainText(/Retrying every 5 s/);
  await expect(page.getByTestId("fleet-table")).toHaveCount(0);
  await expect(page.getByTestId("last-updated")).toContainText("Waiting for the Docker engine");
});

test("the canary environment value never reaches the browser", async ({ fleetPage, page, request }) => {
  const responses: Response[] = [];
  page.on("response", (response) => responses.push(response));

  await fleetPage.goto({ query: "e2e-" });
  await fleetPage.toggleAll();
  await fleetPage.expand("e2e-hardened");
  await fleetPage.expand("e2e-writable");
  expect(await page.content()).not.toContain(CANARY_VALUE);

  const fetched = responses.filter((r) => r.url().startsWith(new URL(page.url()).origin));
  expect(fetched.map((r) => new URL(r.url()).pathname)).toEqual(
    expect.arrayContaining(["/", "/api/containers"]),
  );
  for (const response of fetched) {
    // The event stream (GET /api/events) never ends, so it has no body to wait for here; what it pushes is
    // proven free of the environment in lib/docker/watcher.integration.test.ts.
    if (response.headers()["content-type"]?.startsWith("text/event-stream")) continue;
    // Redirects and the like have no body to read.
    const body = await response.body().catch(() => null);
    if (body) expect(body.toString("utf8"), response.url()).not.toContain(CANARY_VALUE);
  }

  const id = await fleetPage.containerId("e2e-hardened");
  for (const url of ["/api/containers?all=true", `/api/containers/${id}`, "/api/report.csv?all=true"]) {
    const response = await request.get(url);
    expect(response.ok(), url).toBe(true);
    expect(await response.text(), url).not.toContain(CANARY_VALUE);
  }
});

test.describe("screenshot", () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  // Written under test-results/ (the work tree stays as it is); `npm run docs:screenshots` sets
  // ROAUDIT_SCREENSHOT_DIR=docs to refresh the README's picture on purpose.
  test("of the e2e fleet table for the README", async ({ fleetPage }, testInfo) => {
    await fleetPage.goto();
    // Every container another test verifies, so the picture shows the same verdicts whatever ran first.
    for (const name of ["e2e-hardened-root", "e2e-readonly", "e2e-writable", "e2e-noshell"]) {
      await fleetPage.verify(name);
    }
    await fleetPage.filter("e2e-");
    const names = new Set(running.map((c) => c.name));
    await expect
      .poll(async () => (await fleetPage.names()).filter((n) => names.has(n)).length)
      .toBe(names.size);
    const dir = process.env.ROAUDIT_SCREENSHOT_DIR;
    const file = dir ? path.resolve(dir, "fleet-table.png") : testInfo.outputPath("fleet-table.png");
    await mkdir(path.dirname(file), { recursive: true });
    // No row under the pointer, so none is drawn hovered.
    await fleetPage.page.mouse.move(0, 0);
    await fleetPage.table.screenshot({ path: file, animations: "disabled" });
    await testInfo.attach("fleet-table.png", { path: file, contentType: "image/png" });
  });
});

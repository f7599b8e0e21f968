import { type Download, expect, type Locator, type Page } from "@playwright/test";

/** Verdicts a finished Verify shows in `data-verdict` (besides `none`, `running` and `error`). */
export const FINAL_VERDICTS = ["enforced", "not-enforced", "inconclusive"] as const;
export type FinalVerdict = (typeof FINAL_VERDICTS)[number];

const FINAL_VERDICT = new RegExp(`^(${FINAL_VERDICTS.join("|")})$`);

/** Longest a Verify may take in the browser: the server's probe timeout (10 s) plus a margin. */
const VERIFY_TIMEOUT_MS = 20_000;

/** Longest the first answer of a list (or of a switch to another) may take to show: the server's fleet deadline (30 s) plus a margin. */
const FIRST_ANSWER_TIMEOUT_MS = 45_000;

/** The fleet dashboard at `/`, as a user sees it. */
export class FleetPage {
  /** The fleet table; it only exists once the first fleet answer has arrived. */
  readonly table: Locator;
  /** One per listed container (expanded detail rows excluded), in display order. */
  readonly rows: Locator;
  readonly search: Locator;
  readonly includeStopped: Locator;
  readonly downloadLink: Locator;
  readonly lastUpdated: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId("fleet-table");
    this.rows = this.table.getByTestId("fleet-row");
    this.search = page.getByRole("searchbox", { name: "Filter by name or image" });
    this.includeStopped = page.getByRole("checkbox", { name: "Include stopped and created containers" });
    this.downloadLink = page.getByRole("link", { name: "Download CSV" });
    this.lastUpdated = page.getByTestId("last-updated");
    this.count = page.getByTestId("fleet-count");
  }

  /**
   * Opens the dashboard (`?all=true` with `all`; `?q=` with `query`, the text filter, so that only the rows a
   * test is about are drawn, however many containers the engine holds) and waits until the fleet has loaded.
   */
  async goto(options: { all?: boolean; query?: string } = {}): Promise<void> {
    const params = new URLSearchParams();
    if (options.query) params.set("q", options.query);
    if (options.all) params.set("all", "true");
    await this.page.goto(params.size > 0 ? `/?${params}` : "/");
    await this.waitForFleet();
  }

  /**
   * Waits until the table shows a fleet answer, not a skeleton or a switch in progress. The first answer may
   * take long on a user's engine: hundreds of containers (with `all=true`), a loaded machine.
   */
  async waitForFleet(): Promise<void> {
    await expect(this.table).toBeVisible({ timeout: FIRST_ANSWER_TIMEOUT_MS });
    await expect(this.lastUpdated).toContainText("Last updated");
    await expect(this.page.locator('[aria-busy="true"]')).toHaveCount(0, {
      timeout: FIRST_ANSWER_TIMEOUT_MS,
    });
  }

  /** The table row of a container, by exact name. */
  row(name: string): Locator {
    return this.page.locator(`tr[data-testid="fleet-row"][data-container-name=${JSON.stringify(name)}]`);
  }

  grade(name: string): Locator {
    return this.row(name).getByTestId("grade");
  }

  score(name: string): Locator {
    return this.row(name).getByTestId("score");
  }

  /** A measure badge (`read-only-root`, `tmpfs`, `volumes`, `user`, `capabilities`) of a row. */
  measure(name: string, key: string): Locator {
    return this.row(name).getByTestId(`measure-${key}`);
  }

  verifyButton(name: string): Locator {
    return this.row(name).getByRole("button", { name: "Verify", exact: true });
  }

  /** The live-check cell of a row; its `data-verdict` is `none`, `running`, `error` or a final verdict. */
  verdict(name: string): Locator {
    return this.row(name).getByTestId("verify-verdict");
  }

  /** When the shown verdict was taken (ISO 8601, from the `<time dateTime>`), or `null` when none is shown. */
  async verifiedAt(name: string): Promise<string | null> {
    const time = this.verdict(name).locator("time");
    return (await time.count()) === 0 ? null : time.getAttribute("datetime");
  }

  /** The full 64-hex id of a listed container. */
  async containerId(name: string): Promise<string> {
    const id = await this.row(name).getAttribute("data-container-id");
    if (!id) throw new Error(`no container id on the row of ${name}`);
    return id;
  }

  /**
   * Clicks the row's Verify and waits for the probe's answer to be shown.
   * @returns the verdict now shown; fails when the cell ends in `error`.
   */
  async verify(name: string): Promise<FinalVerdict> {
    const id = await this.containerId(name);
    const answered = this.page.waitForResponse(
      (response) =>
        response.request().method() === "POST" &&
        new URL(response.url()).pathname === `/api/containers/${id}/verify`,
      { timeout: VERIFY_TIMEOUT_MS },
    );
    await this.verifyButton(name).click();
    const response = await answered;
    if (!response.ok()) {
      throw new Error(`Verify of ${name} answered HTTP ${response.status()}: ${await response.text()}`);
    }
    const cell = this.verdict(name);
    await expect(cell).toHaveAttribute("data-verdict", FINAL_VERDICT, { timeout: VERIFY_TIMEOUT_MS });
    await expect(this.verifyButton(name)).toBeEnabled();
    return (await cell.getAttribute("data-verdict")) as FinalVerdict;
  }

  /** Types into the filter box (replacing what was there). */
  async filter(text: string): Promise<void> {
    await this.search.fill(text);
  }

  /** Ticks or unticks "Include stopped and created containers" and waits for that list. */
  async toggleAll(): Promise<void> {
    const checked = await this.includeStopped.isChecked();
    await this.includeStopped.setChecked(!checked);
    // The dashboard keeps the choice in the address bar.
    await expect.poll(() => new URL(this.page.url()).searchParams.get("all")).toBe(checked ? null : "true");
    await this.waitForFleet();
  }

  /** Expands a row's "All checks" and returns its detail row. */
  async expand(name: string): Promise<Locator> {
    const button = this.row(name).getByRole("button", { name: "All checks" });
    if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    const detailId = await button.getAttribute("aria-controls");
    if (!detailId) throw new Error(`the "All checks" button of ${name} controls nothing`);
    const detail = this.page.locator(`[id=${JSON.stringify(detailId)}]`);
    await expect(detail).toHaveAttribute("data-testid", "fleet-row-detail");
    return detail;
  }

  /** One check's row in an expanded detail row. */
  checkRow(detail: Locator, checkId: string): Locator {
    return detail.locator(`[data-testid="check-row"][data-check-id=${JSON.stringify(checkId)}]`);
  }

  /** Names of the listed rows, in display order. */
  async names(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-container-name") ?? ""));
  }

  /** Clicks "Download CSV" and returns the download. */
  async downloadCsv(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.downloadLink.click()]);
    return download;
  }
}

import { expect, type Locator, type Page } from "@playwright/test";

/** Longest a Verify may take in the browser: the server's probe timeout (10 s) plus a margin. */
const VERIFY_TIMEOUT_MS = 20_000;

/** A container's page at `/containers/{ref}`, as a user sees it. */
export class DetailPage {
  /** The page's article; only there when the reference named one container. */
  readonly detail: Locator;
  /** The page shown instead when it did not (or the engine is down); `data-code` is the API's error code. */
  readonly error: Locator;
  readonly name: Locator;
  readonly checks: Locator;
  readonly verifyButton: Locator;
  readonly verdict: Locator;
  readonly history: Locator;
  readonly historyEntries: Locator;
  readonly probes: Locator;
  readonly effectiveCapabilities: Locator;
  readonly engineDefaultCapabilities: Locator;
  readonly mounts: Locator;
  readonly remediation: Locator;

  constructor(readonly page: Page) {
    this.detail = page.getByTestId("container-detail");
    this.error = page.getByTestId("detail-error");
    this.name = page.getByTestId("detail-name");
    this.checks = page.getByTestId("detail-check");
    this.verifyButton = this.detail.getByRole("button", { name: "Verify", exact: true });
    this.verdict = this.detail.getByTestId("verify-verdict");
    this.history = page.getByTestId("verify-history");
    this.historyEntries = page.getByTestId("history-entry");
    this.probes = this.detail.getByTestId("probe-list").getByTestId("probe");
    this.effectiveCapabilities = page.getByTestId("effective-capabilities");
    this.engineDefaultCapabilities = page.getByTestId("engine-default-capabilities");
    this.mounts = page.getByTestId("mount-row");
    this.remediation = page.getByTestId("remediation");
  }

  /** Opens `/containers/{ref}` (`ref` is percent-encoded here) and waits for the container or the error page. */
  async goto(ref: string, baseURL = ""): Promise<void> {
    await this.page.goto(`${baseURL}/containers/${encodeURIComponent(ref)}`);
    await expect(this.detail.or(this.error)).toBeVisible();
  }

  /** One check's card, by id. */
  check(id: string): Locator {
    return this.page.locator(`[data-testid="detail-check"][data-check-id=${JSON.stringify(id)}]`);
  }

  /** One mount's row, by destination. */
  mount(destination: string): Locator {
    return this.page.locator(`[data-testid="mount-row"][data-destination=${JSON.stringify(destination)}]`);
  }

  /** Names of the capabilities in a list (`data-capability` of its items), in order. */
  async capabilities(list: Locator): Promise<string[]> {
    return list
      .locator("[data-capability]")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-capability") ?? ""));
  }

  /** Clicks Verify, waits for the answer to be shown, and returns the verdict shown. */
  async verify(): Promise<string> {
    const id = await this.detail.getAttribute("data-container-id");
    const answered = this.page.waitForResponse(
      (response) =>
        response.request().method() === "POST" &&
        new URL(response.url()).pathname === `/api/containers/${id}/verify`,
      { timeout: VERIFY_TIMEOUT_MS },
    );
    await this.verifyButton.click();
    const response = await answered;
    if (!response.ok())
      throw new Error(`Verify answered HTTP ${response.status()}: ${await response.text()}`);
    await expect(this.verdict).toHaveAttribute("data-verdict", /^(enforced|not-enforced|inconclusive)$/, {
      timeout: VERIFY_TIMEOUT_MS,
    });
    await expect(this.verifyButton).toBeEnabled();
    return (await this.verdict.getAttribute("data-verdict")) ?? "";
  }
}

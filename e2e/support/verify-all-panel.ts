import type { Locator, Page } from "@playwright/test";

/** The "Verify all" panel of the fleet dashboard. */
export class VerifyAllPanel {
  /** The panel; `data-phase` is `idle`, `running`, `cancelling`, `cancelled` or `finished`. */
  readonly panel: Locator;
  readonly start: Locator;
  readonly cancel: Locator;
  readonly progress: Locator;
  /** "done / total". */
  readonly done: Locator;
  readonly failures: Locator;
  readonly skipped: Locator;
  readonly cancelled: Locator;
  readonly reason: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId("verify-all");
    this.start = this.panel.getByRole("button", { name: "Verify all" });
    this.cancel = this.panel.getByRole("button", { name: "Cancel" });
    this.progress = this.panel.getByRole("progressbar", { name: "Verify all progress" });
    this.done = this.panel.getByTestId("verify-all-done");
    this.failures = this.panel.getByTestId("verify-all-failures");
    this.skipped = this.panel.getByTestId("verify-all-skipped");
    this.cancelled = this.panel.getByTestId("verify-all-cancelled");
    this.reason = this.panel.getByTestId("verify-all-reason");
  }
}

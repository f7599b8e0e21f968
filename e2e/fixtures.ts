import { test as base, expect } from "@playwright/test";
import { FleetPage } from "./support/fleet-page";

export interface Fixtures {
  /** The dashboard's page object, on the test's own page (not yet navigated). */
  fleetPage: FleetPage;
}

export const test = base.extend<Fixtures>({
  fleetPage: async ({ page }, use) => {
    await use(new FleetPage(page));
  },
});

export { expect };

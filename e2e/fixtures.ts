import { test as base, expect } from "@playwright/test";
import { DetailPage } from "./support/detail-page";
import { FleetPage } from "./support/fleet-page";

export interface Fixtures {
  /** The dashboard's page object, on the test's own page (not yet navigated). */
  fleetPage: FleetPage;
  /** A container's page object (`/containers/{ref}`), on the test's own page. */
  detailPage: DetailPage;
}

export const test = base.extend<Fixtures>({
  fleetPage: async ({ page }, use) => {
    await use(new FleetPage(page));
  },
  detailPage: async ({ page }, use) => {
    await use(new DetailPage(page));
  },
});

export { expect };

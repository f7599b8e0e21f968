import { E2E_SUITE, e2eFleet } from "./support/e2e-fleet";
import { createFleet, removeFleet } from "./support/fleet";

/** Creates the labelled e2e fleet (removing what an earlier run left). */
export default async function globalSetup(): Promise<void> {
  await removeFleet(E2E_SUITE);
  await createFleet(E2E_SUITE, e2eFleet());
}

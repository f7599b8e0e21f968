import { E2E_SUITE } from "./support/e2e-fleet";
import { removeFleet } from "./support/fleet";

/** Removes the e2e fleet, and only it. */
export default async function globalTeardown(): Promise<void> {
  await removeFleet(E2E_SUITE);
}

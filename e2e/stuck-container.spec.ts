/**
 * One container the engine does not answer for is one row that says so, and the page shows everything else
 * (issue 8, item 4). The instance at STUCK_BASE_URL reads the engine through a relay that leaves one
 * container's inspect unanswered, as the engine does for a container whose `runc init` a pause froze.
 */
import { expect, test } from "@playwright/test";
import { createFleet, docker, removeFleet } from "./support/fleet";
import { FleetPage } from "./support/fleet-page";
import { STUCK_BASE_URL, STUCK_SOCKET } from "./support/servers";
import { inspectLine, type StuckRelay, type StuckRelayRule, startStuckRelay } from "./support/stuck-relay";

const SUITE = "e2e-stuck";
let ids: Record<string, string> = {};
let relay: StuckRelay | undefined;

test.beforeAll(async () => {
  await removeFleet(SUITE);
  ids = await createFleet(SUITE, [
    { name: "e2e-stuck-frozen", args: ["--read-only"] },
    { name: "e2e-stuck-fine", args: ["--read-only"] },
    { name: "e2e-stuck-later", args: ["--read-only"] },
  ]);
});

test.afterAll(async () => {
  await relay?.close();
  await removeFleet(SUITE);
});

test("a container the engine never answered for is an unreadable row with no grade; a known one turns stale with its last grade", async ({
  page,
}) => {
  const frozen = ids["e2e-stuck-frozen"] ?? "";
  const later = ids["e2e-stuck-later"] ?? "";
  relay = await startStuckRelay(STUCK_SOCKET, (line) => (line === inspectLine(frozen) ? "hang" : "forward"));
  const fleet = new FleetPage(page);
  await page.goto(`${STUCK_BASE_URL}/?q=e2e-stuck-`);
  await fleet.waitForFleet();
  await expect(fleet.rows).toHaveCount(3);

  // Never read: no grade, no measures, and the row says why.
  const stuckRow = fleet.row("e2e-stuck-frozen");
  await expect(stuckRow).toHaveAttribute("data-read", "unreadable");
  await expect(stuckRow.getByTestId("read-state")).toHaveText(/no answer/);
  await expect(stuckRow.getByTestId("read-state")).toHaveAttribute(
    "title",
    /The engine did not answer for this container since .+ its grade is unknown/,
  );
  await expect(fleet.grade("e2e-stuck-frozen")).toHaveText("?");
  await expect(fleet.measure("e2e-stuck-frozen", "read-only-root")).toHaveAttribute("data-status", "unknown");
  // A Verify would wait on the same engine lock: the button says so instead.
  await expect(fleet.verifyButton("e2e-stuck-frozen")).toBeDisabled();
  await expect(fleet.verifyButton("e2e-stuck-fine")).toBeEnabled();
  await stuckRow.getByRole("button", { name: "All checks" }).click();
  await expect(page.getByTestId("read-notice")).toContainText(
    "The engine did not answer for this container since",
  );
  await expect(page.getByTestId("summary-unreadable")).toHaveText("1");

  // Everyone else is served, current and graded.
  for (const name of ["e2e-stuck-fine", "e2e-stuck-later"]) {
    await expect(fleet.row(name)).toHaveAttribute("data-read", "current");
    await expect(fleet.grade(name)).toHaveText(/^[A-F]$/);
    await expect(fleet.row(name).getByTestId("read-state")).toHaveCount(0);
  }
  const grade = await fleet.grade("e2e-stuck-later").textContent();

  // A container read before that stops answering keeps its last grade, marked stale (the page follows by
  // itself). The server reads it again when the engine reports a change (here `docker update`, as a pause
  // would), and that read hangs.
  relay.setRule((line) => (line === inspectLine(frozen) || line === inspectLine(later) ? "hang" : "forward"));
  await docker(["update", "--cpu-shares", "512", later]);
  await expect(fleet.row("e2e-stuck-later")).toHaveAttribute("data-read", "stale", { timeout: 30_000 });
  await expect(fleet.grade("e2e-stuck-later")).toHaveText(grade ?? "");
  await expect(fleet.row("e2e-stuck-later").getByTestId("read-state")).toHaveText(/stale/);
  await expect(fleet.row("e2e-stuck-fine")).toHaveAttribute("data-read", "current");
});

test("the detail page and the remediation of a container the engine does not answer for say so (504 container_unanswered), never that the engine is down", async ({
  page,
  request,
}) => {
  const frozen = ids["e2e-stuck-frozen"] ?? "";
  const rule: StuckRelayRule = (line) => (line === inspectLine(frozen) ? "hang" : "forward");
  if (relay) relay.setRule(rule);
  else relay = await startStuckRelay(STUCK_SOCKET, rule);

  const remediation = await request.get(`${STUCK_BASE_URL}/api/containers/${frozen}/remediation`);
  expect(remediation.status()).toBe(504);
  expect(((await remediation.json()) as { error: { code: string } }).error.code).toBe("container_unanswered");

  await page.goto(`${STUCK_BASE_URL}/containers/${frozen}`);
  const error = page.getByTestId("detail-error");
  await expect(error).toHaveAttribute("data-code", "container_unanswered");
  await expect(page.getByTestId("detail-error-message")).toContainText("not about this container");

  // Another container on the same engine is shown as usual.
  const fine = await request.get(`${STUCK_BASE_URL}/api/containers/${ids["e2e-stuck-fine"] ?? ""}`);
  expect(fine.status()).toBe(200);
});

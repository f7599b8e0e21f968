import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { readOnlyRootfs } from "./read-only-rootfs";

describe("read-only-rootfs", () => {
  it.each([
    ["hardened", "pass", "root filesystem is read-only"],
    ["readonly-root-user", "pass", "root filesystem is read-only"],
    ["noshell-readonly", "pass", "root filesystem is read-only"],
    ["writable-default", "fail", "root filesystem is writable"],
    ["user-0-0", "fail", "root filesystem is writable"],
    ["privileged-readonly", "fail", "overridden by --privileged: the container can remount / read-write"],
  ])("%s → %s", (name, status, message) => {
    const outcome = readOnlyRootfs.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("reads HostConfig.ReadonlyRootfs, whatever the mounts say (case anonymous-volume-on-readonly-rootfs)", () => {
    const outcome = readOnlyRootfs.evaluate(
      caseSnapshot("anonymous-volume-on-readonly-rootfs", "case-anonvol"),
    );
    expect(outcome).toEqual({
      status: "pass",
      message: "root filesystem is read-only",
      evidence: { "HostConfig.ReadonlyRootfs": true, "HostConfig.Privileged": false },
    });
  });
});

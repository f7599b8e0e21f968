import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { writableVolume } from "./writable-volume";

describe("writable-volume", () => {
  it.each([
    ["named-volume-ro", "pass", "1 volume is read-only"],
    ["hardened", "pass", "no volumes"],
    ["volume-image", "fail", "writable volumes: /data (anonymous volume)"],
  ])("%s → %s", (name, status, message) => {
    const outcome = writableVolume.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("finds the anonymous volume that Binds and HostConfig.Mounts do not show (case anonymous-volume-on-readonly-rootfs)", () => {
    const outcome = writableVolume.evaluate(
      caseSnapshot("anonymous-volume-on-readonly-rootfs", "case-anonvol"),
    );
    expect(outcome).toEqual({
      status: "fail",
      message: "writable volumes: /data (anonymous volume)",
      evidence: { Mounts: { "/data": "anonymous volume (rw)" } },
    });
  });

  it('tells named read-only volumes (Mode "z") from writable ones (case bind-ro-syntax-forms)', () => {
    expect(writableVolume.evaluate(caseSnapshot("bind-ro-syntax-forms", "case-bind-forms")).message).toBe(
      "writable volumes: /anon-vol (anonymous volume), /named-vol (case-vol)",
    );
  });
});

import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import { seccompProfile } from "./seccomp-profile";

describe("seccomp-profile", () => {
  it.each([
    ["hardened", "pass", "engine's default seccomp profile"],
    ["seccomp-unconfined", "fail", "seccomp is disabled (seccomp=unconfined)"],
    ["privileged-readonly", "fail", "overridden by --privileged: seccomp is off"],
  ])("%s → %s", (name, status, message) => {
    const outcome = seccompProfile.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("fails when the engine has no seccomp support", () => {
    expect(seccompProfile.evaluate(fixtureSnapshot("hardened", { seccompSupported: false })).message).toBe(
      "the engine runs without seccomp support",
    );
  });

  it("passes a custom profile and keeps its JSON out of the evidence", () => {
    const profile = `seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[]}`;
    const outcome = seccompProfile.evaluate({ ...fixtureSnapshot("hardened"), securityOpt: [profile] });
    expect(outcome.message).toBe("custom seccomp profile");
    expect(outcome.evidence["HostConfig.SecurityOpt"]).toEqual([
      `seccomp=<custom profile, ${profile.length} bytes>`,
    ]);
  });

  it("reads the colon spelling seccomp:unconfined", () => {
    expect(
      seccompProfile.evaluate({ ...fixtureSnapshot("hardened"), securityOpt: ["seccomp:unconfined"] }).status,
    ).toBe("fail");
  });
});

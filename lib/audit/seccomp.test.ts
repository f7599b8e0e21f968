import { describe, expect, it } from "vitest";
import { apparmorProfile } from "./checks/apparmor-profile";
import { seccompProfile } from "./checks/seccomp-profile";
import { fixtureSnapshot } from "./fixtures/load";
import { generateRemediation } from "./remediation";
import { DEFAULT_BLOCKED_SYSCALLS, readSeccompProfile, seccompOptionNotWeaker } from "./seccomp";

const profile = (defaultAction: string, syscalls: { names: string[]; action: string }[] = []) =>
  JSON.stringify({ defaultAction, syscalls });

describe("readSeccompProfile", () => {
  it.each([
    [profile("SCMP_ACT_ALLOW"), "deny-list", DEFAULT_BLOCKED_SYSCALLS.length],
    [profile("SCMP_ACT_LOG"), "deny-list", DEFAULT_BLOCKED_SYSCALLS.length],
    [profile("SCMP_ACT_TRACE"), "deny-list", DEFAULT_BLOCKED_SYSCALLS.length],
    [profile("SCMP_ACT_NOTIFY"), "deny-list", DEFAULT_BLOCKED_SYSCALLS.length],
    // a deny-list that blocks mount still lets the rest through
    [
      profile("SCMP_ACT_ALLOW", [{ names: ["mount"], action: "SCMP_ACT_ERRNO" }]),
      "deny-list",
      DEFAULT_BLOCKED_SYSCALLS.length - 1,
    ],
    [profile("SCMP_ACT_ERRNO", [{ names: ["read", "write"], action: "SCMP_ACT_ALLOW" }]), "allow-list", 0],
    [
      profile("SCMP_ACT_KILL_PROCESS", [{ names: ["read", "mount"], action: "SCMP_ACT_ALLOW" }]),
      "allow-list",
      1,
    ],
    ["{not json", "unreadable", 0],
    ["[]", "unreadable", 0],
  ])("%s → %s letting %i default-blocked syscalls through", (json, kind, count) => {
    const reading = readSeccompProfile(json);
    expect(reading.kind).toBe(kind);
    expect(reading.kind === "unreadable" ? 0 : reading.allowed.length).toBe(count);
  });
});

describe("seccomp-profile on inline profiles", () => {
  const base = fixtureSnapshot("hardened");
  const judge = (opt: string) =>
    seccompProfile.evaluate({ ...base, securityOpt: ["no-new-privileges", opt] });

  it("fails a deny-list profile naming what the default would have blocked, without its JSON", () => {
    const opt = `seccomp=${profile("SCMP_ACT_LOG", [{ names: ["reboot"], action: "SCMP_ACT_ERRNO" }])}`;
    const outcome = judge(opt);
    expect(outcome).toMatchObject({ status: "fail" });
    expect(outcome.message).toContain("SCMP_ACT_LOG");
    expect(outcome.message).toContain("mount");
    expect(outcome.message).not.toContain("reboot,");
    expect(JSON.stringify(outcome.evidence)).not.toContain("syscalls");
  });

  it("fails medium an allow-list that allows what the default blocks; passes a strict one", () => {
    expect(
      judge(`seccomp=${profile("SCMP_ACT_ERRNO", [{ names: ["mount"], action: "SCMP_ACT_ALLOW" }])}`),
    ).toMatchObject({
      status: "fail",
      severity: "medium",
    });
    expect(
      judge(`seccomp:${profile("SCMP_ACT_ERRNO", [{ names: ["read"], action: "SCMP_ACT_ALLOW" }])}`).status,
    ).toBe("pass");
  });
});

describe("the remediation never writes an inline seccomp profile", () => {
  const base = fixtureSnapshot("hardened");
  const text = (opt: string) => generateRemediation({ ...base, securityOpt: [opt] }, null).dockerRun;

  it("drops a weaker profile with a note", () => {
    const out = text(`seccomp=${profile("SCMP_ACT_ALLOW")}`);
    expect(out).not.toContain('"defaultAction"');
    expect(out).not.toMatch(/--security-opt 'seccomp=/);
    expect(out).toMatch(/# check: --security-opt: the custom seccomp profile allows every syscall/);
  });

  it("points a strict profile at a file, with a note to save it there", () => {
    const out = text(`seccomp=${profile("SCMP_ACT_ERRNO", [{ names: ["read"], action: "SCMP_ACT_ALLOW" }])}`);
    expect(out).not.toContain('"defaultAction"');
    expect(out).toContain("--security-opt seccomp=./roaudit-capture-hardened-seccomp.json");
    expect(out).toMatch(/# check: --security-opt: .*save it as \.\/roaudit-capture-hardened-seccomp\.json/);
  });
});

describe("apparmor-profile", () => {
  const base = fixtureSnapshot("hardened");
  it.each([
    ["docker-default", [], "pass"],
    ["my-profile", ["apparmor=my-profile"], "pass"],
    ["unconfined", ["apparmor=unconfined"], "fail"],
    ["unconfined", [], "fail"],
    ["", ["apparmor:unconfined"], "fail"],
    ["", [], "na"],
  ])("AppArmorProfile %j with %j → %s", (appArmorProfile, securityOpt, status) => {
    expect(apparmorProfile.evaluate({ ...base, appArmorProfile, securityOpt }).status).toBe(status);
  });
  it("fails --privileged", () => {
    expect(
      apparmorProfile.evaluate({ ...base, privileged: true, appArmorProfile: "docker-default" }).status,
    ).toBe("fail");
  });
});

describe("seccompOptionNotWeaker", () => {
  it.each([
    [
      'seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}',
      true,
    ],
    ['seccomp:{"defaultAction":"SCMP_ACT_KILL"}', true],
    [
      'seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["bpf"],"action":"SCMP_ACT_ALLOW"}]}',
      false,
    ],
    ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}', false],
    ["seccomp={broken", false],
    ["seccomp=unconfined", false],
    ["seccomp=/etc/profile.json", false],
  ])("%s → %s", (option, expected) => {
    expect(seccompOptionNotWeaker(option)).toBe(expected);
  });
});

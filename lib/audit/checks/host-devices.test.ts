import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import type { HostDevice } from "../types";
import { hostDevices } from "./host-devices";

const base = fixtureSnapshot("hardened");
const dev = (pathOnHost: string, cgroupPermissions = "rwm", pathInContainer = pathOnHost): HostDevice => ({
  pathOnHost,
  pathInContainer,
  cgroupPermissions,
});

describe("host-devices", () => {
  it.each([
    // [Devices, DeviceCgroupRules, status, severity]
    [[], [], "pass", undefined],
    [[dev("/dev/sda")], [], "fail", "high"],
    [[dev("/dev/loop0", "rwm", "/dev/xvdb")], [], "fail", "high"],
    [[dev("/dev/ttyUSB0", "r")], [], "fail", "medium"],
    [[dev("/dev/null", "m")], [], "pass", undefined],
    [[], ["b 7:* rwm"], "fail", "high"],
    [[], ["c 1:3 rw"], "fail", "high"],
    [[], ["a *:* rwm"], "fail", "high"],
    [[], ["c 189:* r"], "fail", "medium"],
    [[], ["b *:* m"], "pass", undefined],
    [[], ["nonsense"], "fail", "high"],
  ] as const)("Devices %j rules %j → %s %s", (devices, rules, status, severity) => {
    const outcome = hostDevices.evaluate({ ...base, devices: [...devices], deviceCgroupRules: [...rules] });
    expect(outcome.status).toBe(status);
    expect(outcome.severity).toBe(severity);
  });

  it("names the device and what a rule reaches, and counts them", () => {
    const outcome = hostDevices.evaluate({
      ...base,
      devices: [dev("/dev/loop0", "rwm", "/dev/xvdb")],
      deviceCgroupRules: ["a *:* rwm"],
    });
    expect(outcome.message).toContain("/dev/loop0 as /dev/xvdb");
    expect(outcome.message).toContain("every device");
    expect(outcome.message).toMatch(/\b2 devices\b/);
  });

  it("says CAP_MKNOD makes a rule reachable only while the container holds it", () => {
    const withMknod = hostDevices.evaluate({ ...base, capDrop: [], deviceCgroupRules: ["b 8:* rw"] });
    expect(withMknod.message).toContain("CAP_MKNOD");
    const without = hostDevices.evaluate({
      ...base,
      capDrop: ["ALL"],
      capAdd: [],
      deviceCgroupRules: ["b 8:* rw"],
    });
    expect(without.message).not.toContain("CAP_MKNOD");
  });

  it("fails --privileged, which reaches every device", () => {
    expect(hostDevices.evaluate({ ...base, privileged: true }).status).toBe("fail");
  });
});

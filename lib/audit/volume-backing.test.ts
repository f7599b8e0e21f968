import { describe, expect, it } from "vitest";
import { describeBacking, volumeBacking } from "./volume-backing";

describe("volumeBacking", () => {
  it.each([
    ["local", {}, { kind: "storage" }],
    ["", {}, { kind: "storage" }],
    [
      "local",
      { type: "none", o: "bind", device: "/srv/data" },
      { kind: "bind", hostPath: "/srv/data", options: "bind" },
    ],
    [
      "local",
      { type: "none", o: "rbind,ro", device: "/etc" },
      { kind: "bind", hostPath: "/etc", options: "rbind,ro" },
    ],
    // o=bind decides, whatever type says: the driver mounts device as a bind
    ["local", { o: " bind ", device: "/var/run" }, { kind: "bind", hostPath: "/var/run", options: "bind" }],
    ["local", { type: "tmpfs", device: "tmpfs" }, { kind: "tmpfs", options: "" }],
    [
      "local",
      { type: "tmpfs", device: "tmpfs", o: "size=10m,uid=1000" },
      { kind: "tmpfs", options: "size=10m,uid=1000" },
    ],
    [
      "local",
      { type: "nfs", o: "addr=10.0.0.1,rw", device: ":/export" },
      { kind: "filesystem", fsType: "nfs", device: ":/export", options: "addr=10.0.0.1,rw" },
    ],
    [
      "local",
      { type: "cifs", o: "username=x", device: "//srv/share" },
      { kind: "filesystem", fsType: "cifs", device: "//srv/share", options: "username=x" },
    ],
    [
      "local",
      { type: "ext4", device: "/dev/loop0" },
      { kind: "filesystem", fsType: "ext4", device: "/dev/loop0", options: "" },
    ],
    ["rexray/ebs", { type: "none", o: "bind", device: "/" }, { kind: "plugin", driver: "rexray/ebs" }],
  ] as const)("driver %j options %j → %j", (driver, options, expected) => {
    expect(volumeBacking(driver, options)).toEqual(expected);
  });
});

describe("describeBacking", () => {
  it("names the host folder of a bind volume and the filesystem of a network one", () => {
    expect(describeBacking({ kind: "bind", hostPath: "/srv/x", options: "bind" })).toContain("/srv/x");
    expect(describeBacking({ kind: "filesystem", fsType: "nfs", device: ":/e", options: "" })).toContain(
      "nfs",
    );
  });
});

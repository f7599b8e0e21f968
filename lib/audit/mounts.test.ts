import { describe, expect, it } from "vitest";
import { dockerSocketMount } from "./checks/docker-socket-mount";
import { sensitiveHostMount } from "./checks/sensitive-host-mount";
import { tmpfsNoexec } from "./checks/tmpfs-noexec";
import { tmpfsNosuid } from "./checks/tmpfs-nosuid";
import { tmpfsSize } from "./checks/tmpfs-size";
import { writableBindMount } from "./checks/writable-bind-mount";
import { writableVolume } from "./checks/writable-volume";
import { fixtureSnapshot } from "./fixtures/load";
import { bindMounts, tmpfsMounts, volumeMounts } from "./mounts";
import type { ContainerSnapshot, VolumeBacking, VolumeMount } from "./types";

const volume = (backing: VolumeBacking, rw = true, destination = "/data"): VolumeMount => ({
  type: "volume",
  name: "vol",
  anonymous: false,
  destination,
  rw,
  backing,
});
const withMounts = (...mounts: VolumeMount[]): ContainerSnapshot => ({
  ...fixtureSnapshot("hardened"),
  mounts,
});

describe("effective mount kinds", () => {
  it("a bind volume is a bind, not a volume", () => {
    const s = withMounts(volume({ kind: "bind", hostPath: "/srv/x", options: "bind" }));
    expect(bindMounts(s)).toEqual([
      { type: "bind", source: "/srv/x", destination: "/data", rw: true, volume: "vol" },
    ]);
    expect(volumeMounts(s)).toEqual([]);
    expect(writableBindMount.evaluate(s).status).toBe("fail");
    expect(writableVolume.evaluate(s).status).toBe("pass");
  });

  it.each([
    ["/", "sensitive-host-mount"],
    ["/var/lib/docker", "sensitive-host-mount"],
    ["/home", "sensitive-host-mount"],
    ["/run", "docker-socket-mount"],
    ["/var/run/docker.sock", "docker-socket-mount"],
  ])("a bind volume of %s fails %s, even read-only", (hostPath, id) => {
    const s = withMounts(volume({ kind: "bind", hostPath, options: "bind" }, false));
    const check = id === "sensitive-host-mount" ? sensitiveHostMount : dockerSocketMount;
    expect(check.evaluate(s).status).toBe("fail");
    expect(writableBindMount.evaluate(s).status).toBe("pass");
  });

  it.each([
    ["", { noexec: false, nosuid: false, nodev: false, size: null }],
    ["size=10m", { noexec: false, nosuid: false, nodev: false, size: 10 * 1024 ** 2 }],
    ["noexec,nosuid,nodev,size=1m", { noexec: true, nosuid: true, nodev: true, size: 1024 ** 2 }],
    ["nosuid", { noexec: false, nosuid: true, nodev: false, size: null }],
  ])("a tmpfs volume with o=%j gets only those flags, none of the engine's defaults", (o, flags) => {
    const s = withMounts(volume({ kind: "tmpfs", options: o }));
    expect(tmpfsMounts(s)).toMatchObject([
      { type: "tmpfs", origin: "volume", destination: "/data", ...flags },
    ]);
    expect(tmpfsNoexec.evaluate(s).status).toBe(flags.noexec ? "pass" : "fail");
    expect(tmpfsNosuid.evaluate(s).status).toBe(flags.nosuid ? "pass" : "fail");
    expect(tmpfsSize.evaluate(s).status).toBe(flags.size === null ? "fail" : "pass");
    expect(volumeMounts(s)).toEqual([]);
  });

  it("a tmpfs volume mounted :ro is read-only whatever o says", () => {
    expect(tmpfsMounts(withMounts(volume({ kind: "tmpfs", options: "rw" }, false)))[0]?.rw).toBe(false);
  });

  it.each([
    [{ kind: "filesystem", fsType: "nfs", device: "10.0.0.1:/export", options: "addr=10.0.0.1" }, "nfs"],
    [{ kind: "filesystem", fsType: "ext4", device: "/dev/sdb1", options: "" }, "ext4"],
    [{ kind: "plugin", driver: "rexray/ebs" }, "rexray/ebs"],
  ] as const)("a %j volume stays a writable volume, named with what it is", (backing, named) => {
    const outcome = writableVolume.evaluate(withMounts(volume(backing)));
    expect(outcome.status).toBe("fail");
    expect(outcome.message).toContain(named);
  });
});

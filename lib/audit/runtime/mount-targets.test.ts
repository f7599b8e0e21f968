import { describe, expect, it } from "vitest";
import type { Mount } from "../types";
import { cleanDestination, ENGINE_DEV_NOTE, readOnlyTargets, tmpfsTargets } from "./mount-targets";
import { parseMountinfo } from "./mountinfo";

// Captured from /proc/1/mountinfo of a busybox container (--read-only --tmpfs /ro:ro, a tmpfs volume at /vol).
const TABLE = parseMountinfo(
  [
    "83 60 0:42 / / ro,relatime - overlay overlay rw",
    "85 83 0:43 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755",
    "88 87 0:46 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755",
    "99 85 0:47 / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k",
    "100 83 0:48 / /ro ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw",
    "101 83 0:49 / /vol rw,relatime - tmpfs tmpfs rw",
    "59 84 0:49 / /proc/acpi ro,relatime - tmpfs tmpfs ro",
    "60 84 0:43 /null /proc/keys rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755",
  ].join("\n"),
);

describe("cleanDestination", () => {
  it.each([
    ["//etc", "/etc"],
    ["/tmp/", "/tmp"],
    ["//srv//cache", "/srv/cache"],
    ["/srv/./static/", "/srv/static"],
    ["/", "/"],
  ])("%s is %s", (raw, clean) => expect(cleanDestination(raw)).toBe(clean));
});

describe("tmpfsTargets", () => {
  it("tests declared tmpfs and every writable tmpfs in the kernel's table, shows /dev, skips /proc and /sys", () => {
    const t = tmpfsTargets(["/ro", "//tmp/"], TABLE);
    expect(t.dirs).toEqual(["/dev/shm", "/ro", "/tmp", "/vol"]);
    expect(t.reported).toEqual([{ dir: "/dev", line: ENGINE_DEV_NOTE }]);
  });

  it("without a mount table, the declared ones only", () => {
    expect(tmpfsTargets(["/tmp"], [])).toEqual({ dirs: ["/tmp"], reported: [] });
  });
});

describe("readOnlyTargets", () => {
  it("every mount meant read-only, binds, volumes and tmpfs, cleaned and once each", () => {
    const mounts: Mount[] = [
      { type: "bind", source: "/h/app.conf", destination: "/etc/app.conf", rw: false },
      { type: "bind", source: "/h/rw", destination: "/rw", rw: true },
      { type: "volume", name: "v", anonymous: false, destination: "/v/", rw: false },
      {
        type: "tmpfs",
        destination: "//ro",
        origin: "tmpfs-flag",
        options: "ro",
        rw: false,
        noexec: true,
        nosuid: true,
        nodev: true,
        size: null,
      },
    ];
    expect(readOnlyTargets(mounts)).toEqual(["/etc/app.conf", "/ro", "/v"]);
  });
});

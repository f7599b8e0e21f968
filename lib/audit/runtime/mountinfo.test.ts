import { describe, expect, it } from "vitest";
import { procFixture } from "./fixtures";
import { mountAt, mountFlags, mountLine, parseMountinfo, unescapeMountPath } from "./mountinfo";

describe("unescapeMountPath", () => {
  it.each([
    ["/vol\\040ro", "/vol ro"],
    ["/a\\011b\\012c\\134d", "/a\tb\nc\\d"],
    ["/plain", "/plain"],
  ])("%s → %j", (raw, path) => expect(unescapeMountPath(raw)).toBe(path));
});

describe("parseMountinfo", () => {
  it("reads every line of a read-only container's table, optional fields and all", () => {
    const entries = parseMountinfo(procFixture("readonly-tmpfs.mountinfo"));
    expect(entries).toHaveLength(29);
    expect(entries[0]).toMatchObject({
      mountId: 329,
      parentId: 190,
      mountPoint: "/",
      mountOptions: ["ro", "relatime"],
      fsType: "overlay",
    });
    expect(entries.find((e) => e.mountPoint === "/tmp")).toMatchObject({
      mountOptions: ["rw", "nosuid", "nodev", "noexec", "relatime"],
      fsType: "tmpfs",
      superOptions: ["rw", "size=16384k"],
    });
  });

  it("decodes an escaped mount point (a volume on `/vol ro`)", () => {
    const entries = parseMountinfo(procFixture("binds.mountinfo"));
    expect(entries.map((e) => e.mountPoint)).toContain("/vol ro");
  });

  it("skips lines without the proc(5) shape", () => {
    expect(parseMountinfo("garbage\n1 2 3\n\n")).toEqual([]);
  });
});

describe("mountFlags", () => {
  const entries = parseMountinfo(procFixture("readonly-tmpfs.mountinfo"));
  const at = (path: string) => {
    const entry = mountAt(entries, path);
    if (!entry) throw new Error(`no mount at ${path}`);
    return entry;
  };
  it("reads ro, noexec, nosuid, nodev and the tmpfs size", () => {
    expect(mountFlags(at("/tmp"))).toEqual({
      readOnly: false,
      noexec: true,
      nosuid: true,
      nodev: true,
      size: "16384k",
    });
    expect(mountFlags(at("/")).readOnly).toBe(true);
  });

  it("takes a read-only super block as read-only (sysfs `ro` in both)", () => {
    expect(mountFlags(at("/sys/firmware")).readOnly).toBe(true);
  });
});

describe("mountAt", () => {
  it("finds the mount at a path, ignoring a trailing slash, and nothing where none is", () => {
    const entries = parseMountinfo(procFixture("binds.mountinfo"));
    expect(mountAt(entries, "/data-ro/")?.mountOptions[0]).toBe("ro");
    expect(mountAt(entries, "/nowhere")).toBeUndefined();
  });

  it("takes the last of stacked mounts", () => {
    const text = "1 0 0:1 / / rw - overlay overlay rw\n2 1 0:2 / / ro - tmpfs tmpfs ro\n";
    expect(mountAt(parseMountinfo(text), "/")?.mountId).toBe(2);
  });
});

describe("mountLine", () => {
  it("shows mount point, type and flags, never engine storage", () => {
    const entries = parseMountinfo(procFixture("readonly-tmpfs.mountinfo"));
    const lines = entries.map(mountLine);
    expect(lines[0]).toBe("/ overlay ro");
    expect(lines).toContain("/tmp tmpfs rw,noexec,nosuid,nodev size=16384k");
    expect(lines).toContain("/etc/hosts ext4 ro");
    expect(lines.join("\n")).not.toContain("/var/lib/roaudit-a");
  });
});

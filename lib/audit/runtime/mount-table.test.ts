import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import type { Mount } from "../types";
import { procFixture } from "./fixtures";
import { classifyMountTable } from "./mount-table";
import { parseMountinfo } from "./mountinfo";

const table = (name: string) => parseMountinfo(procFixture(`${name}.mountinfo`));
const tmpfs = (destination: string, flags: Partial<Mount & { type: "tmpfs" }> = {}): Mount => ({
  type: "tmpfs",
  destination,
  origin: "tmpfs-flag",
  options: "",
  rw: true,
  noexec: true,
  nosuid: true,
  nodev: true,
  size: null,
  ...flags,
});

describe("classifyMountTable", () => {
  it("pass for a read-only root, naming the writable mounts the engine added that inspect never shows", () => {
    const r = classifyMountTable(table("readonly-tmpfs"), { readonlyRootfs: true, mounts: [tmpfs("/tmp")] });
    expect(r.rootReadOnly).toBe(true);
    expect(r.probe).toMatchObject({
      id: "mount-table",
      status: "pass",
      evidence: "/ is mounted ro (overlay); writable mounts the engine added: /dev, /dev/shm",
    });
    expect(r.probe.details).toContain(
      "/dev/shm tmpfs rw,noexec,nosuid,nodev size=65536k (writable, added by the engine)",
    );
    expect(r.probe.details).toContain("/tmp tmpfs rw,noexec,nosuid,nodev size=16384k");
    expect(JSON.stringify(r.probe)).not.toContain("/var/lib/roaudit-a");
  });

  it("fail for a writable root, with /etc/hosts, /etc/resolv.conf and /etc/hostname writable too", () => {
    const r = classifyMountTable(table("writable"), fixtureSnapshot("writable-default"));
    expect(r.rootReadOnly).toBe(false);
    expect(r.probe.status).toBe("fail");
    expect(r.probe.evidence).toBe(
      "/ is mounted rw (overlay); writable mounts the engine added: /dev, /dev/shm, /etc/resolv.conf, /etc/hostname, /etc/hosts",
    );
  });

  it("a root the kernel has rw though HostConfig.ReadonlyRootfs is true is a mismatch (e.g. remounted)", () => {
    const r = classifyMountTable(table("writable"), { readonlyRootfs: true, mounts: [] });
    expect(r.probe.status).toBe("fail");
    expect(r.probe.evidence).toBe(
      "/ is mounted rw (overlay); differs from inspect: / is mounted rw though HostConfig.ReadonlyRootfs is true",
    );
  });

  it("a tmpfs without the noexec inspect promises is a mismatch", () => {
    const r = classifyMountTable(table("tmpfs-exec"), { readonlyRootfs: true, mounts: [tmpfs("/x")] });
    expect(r.probe.status).toBe("fail");
    expect(r.probe.evidence).toBe(
      "/ is mounted ro (overlay); differs from inspect: /x: declared noexec, mounted without it",
    );
    expect(r.rootReadOnly).toBe(true);
  });

  it("agrees with inspect for --tmpfs /x:exec (captured inspect and mount table)", () => {
    const r = classifyMountTable(table("tmpfs-exec"), fixtureSnapshot("tmpfs-exec"));
    expect(r.probe.status).toBe("pass");
    expect(r.probe.details).toContain("/x tmpfs rw,nosuid,nodev");
  });

  it("a :ro bind the kernel has rw, and a declared mount missing, are mismatches; escaped paths match", () => {
    const mounts: Mount[] = [
      { type: "bind", source: "/srv/a", destination: "/data-rw", rw: false },
      { type: "volume", name: "cap-a-vol", anonymous: false, destination: "/vol ro", rw: false },
      { type: "bind", source: "/srv/a", destination: "/data-ro", rw: false },
      { type: "bind", source: "/srv/b", destination: "/gone", rw: true },
    ];
    const r = classifyMountTable(table("binds"), { readonlyRootfs: false, mounts });
    expect(r.probe.evidence).toBe(
      "/ is mounted rw (overlay); differs from inspect: /data-rw: declared read-only, mounted rw; /gone: declared bind mount is not in the mount table",
    );
  });

  it("skipped without a / entry", () => {
    expect(classifyMountTable([], { readonlyRootfs: true, mounts: [] })).toEqual({
      rootReadOnly: null,
      probe: { id: "mount-table", status: "skipped", evidence: "the mount table has no / entry" },
    });
  });
});

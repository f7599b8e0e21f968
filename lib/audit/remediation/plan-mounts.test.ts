import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import { remediationInput } from "../fixtures/remediation/load";
import { discoverWritePaths } from "../write-paths";
import type { CheckNote } from "./plan";
import { planMounts, tmpfsMountFields, volumeNames } from "./plan-mounts";

function mountsOf(name: string) {
  const snapshot = fixtureSnapshot(name);
  const checks: CheckNote[] = [];
  const notes: string[] = [];
  const planned = planMounts(
    snapshot,
    discoverWritePaths(null, snapshot, null),
    null,
    (flag, key, text) => checks.push({ flag, key, text }),
    notes,
  );
  return { ...planned, checks: checks.map((c) => c.text), notes };
}

describe("planMounts", () => {
  it("keeps a --mount tmpfs's size and mode, made noexec,nosuid (fixture tmpfs-mount)", () => {
    expect(mountsOf("tmpfs-mount")).toMatchObject({
      tmpfs: [{ path: "/cache", options: "rw,noexec,nosuid,size=67108864" }],
      checks: [],
    });
  });

  it("gives a tmpfs without a size one, and says it is a guess (fixture tmpfs-default)", () => {
    expect(mountsOf("tmpfs-default")).toMatchObject({
      tmpfs: [{ path: "/tmp", options: "rw,noexec,nosuid,size=64m" }],
      checks: ["the tmpfs /tmp had no size limit; size= is a guess"],
    });
  });

  it("keeps read-only mounts read-only, with no note (fixture etc-localtime-ro)", () => {
    expect(mountsOf("etc-localtime-ro")).toMatchObject({
      mounts: [
        { type: "bind", source: "/etc/localtime", target: "/etc/localtime", readOnly: true, existing: true },
      ],
      checks: [],
    });
  });

  it("leaves a writable mount of unknown use writable, with a note (fixture sensitive-etc-rw)", () => {
    expect(mountsOf("sensitive-etc-rw")).toMatchObject({
      mounts: [{ type: "bind", source: "/etc", target: "/host-etc", readOnly: false }],
      checks: [
        "/host-etc stays writable: add :ro if the app only reads it (writes into mounts are not in the change list)",
      ],
    });
  });

  it("makes an exec tmpfs noexec,nosuid, with a note that the app may need exec (fixture tmpfs-exec)", () => {
    expect(mountsOf("tmpfs-exec")).toMatchObject({
      tmpfs: [{ path: "/x", options: "rw,noexec,nosuid,size=64m" }],
      checks: [
        "the tmpfs /x allows exec today and is made noexec,nosuid here: the app may need exec there; put it back only if it does",
        "the tmpfs /x had no size limit; size= is a guess",
      ],
    });
  });

  it("flags a bind of the engine's storage (redacted) as one to replace (fixture socket-ro)", () => {
    const snapshot = fixtureSnapshot("socket-ro");
    const mounts = snapshot.mounts.map((m) =>
      m.type === "bind" ? { ...m, source: "<docker-root>/volumes/x/_data" } : m,
    );
    const checks: string[] = [];
    const planned = planMounts(
      { ...snapshot, mounts },
      discoverWritePaths(null, snapshot, null),
      null,
      (_flag, _key, text) => checks.push(text),
      [],
    );
    expect(planned.mounts[0]?.source).toBe("<docker-root>/volumes/x/_data");
    expect(checks).toContain(
      "the source of /var/run/docker.sock is the engine's own storage (shown as <docker-root>, its path withheld): replace it with a host folder or a named volume before running this; binding engine storage into a container is itself a finding",
    );
  });
});

describe("volumeNames", () => {
  const paths = ["/a b", "/a-b", "/a.b", "/x", "/var/lib/app"];

  it("gives paths whose slugs collide, or whose name a mounted volume has, a hash of the path", () => {
    const names = volumeNames("c", paths, new Set(["c-x"]));
    expect(Object.fromEntries(names)).toEqual({
      "/a b": expect.stringMatching(/^c-a-b-[0-9a-f]{8}$/),
      "/a-b": expect.stringMatching(/^c-a-b-[0-9a-f]{8}$/),
      "/a.b": "c-a.b",
      "/x": expect.stringMatching(/^c-x-[0-9a-f]{8}$/),
      "/var/lib/app": "c-var-lib-app",
    });
    expect(new Set(names.values()).size).toBe(paths.length);
    expect(names.values()).not.toContain("c-x");
  });

  it("is deterministic, whatever the order of the paths", () => {
    const names = Object.fromEntries(volumeNames("c", paths, new Set(["c-x"])));
    const reversed = Object.fromEntries(volumeNames("c", [...paths].reverse(), new Set(["c-x"])));
    expect(reversed).toEqual(names);
    // FNV-1a 32-bit of "/a b", computed apart from this code (Python).
    expect(names["/a b"]).toBe("c-a-b-21bb750f");
  });

  it("keeps names within the engine's 128 characters, hash included", () => {
    const long = [`/${"x".repeat(200)}`, `/${"x".repeat(199)} `];
    const names = [...volumeNames("c", long, new Set()).values()];
    expect(names.every((n) => n.length <= 128 && /-[0-9a-f]{8}$/.test(n))).toBe(true);
    expect(names[0]).not.toBe(names[1]);
  });

  it("never gives a new volume the name of one the container mounts (fixture writes-root)", () => {
    const { snapshot, changes } = remediationInput("writes-root");
    const mounts = snapshot.mounts.map((m) =>
      m.type === "volume" && m.name === "rem-data" ? { ...m, name: "rem-writes-root-data-db" } : m,
    );
    const planned = planMounts(
      { ...snapshot, mounts },
      discoverWritePaths(changes, snapshot, null),
      null,
      () => {},
      [],
    );
    const sources = planned.mounts.filter((m) => m.type === "volume").map((m) => m.source);
    expect(sources).toContain("rem-writes-root-data-db");
    expect(sources).toContainEqual(expect.stringMatching(/^rem-writes-root-data-db-[0-9a-f]{8}$/));
    expect(new Set(sources).size).toBe(sources.length);
  });
});

describe("tmpfsMountFields", () => {
  it("carries size and read-only; noexec,nosuid,nodev come from the engine; the rest is lost", () => {
    expect(tmpfsMountFields("rw,noexec,nosuid,size=64m")).toEqual({ size: "64m", readOnly: false, lost: [] });
    expect(tmpfsMountFields("ro,noexec,nosuid,nodev,mode=1777,uid=1000,size=8m")).toEqual({
      size: "8m",
      readOnly: true,
      lost: ["mode=1777", "uid=1000"],
    });
  });

  it("notes the options a tmpfs at a path with ':' loses to --mount (fixture tmpfs-mount)", () => {
    const snapshot = fixtureSnapshot("tmpfs-mount");
    const mounts = snapshot.mounts.map((m) =>
      m.type === "tmpfs" ? { ...m, destination: "/a:b", options: `${m.options},mode=1770` } : m,
    );
    const checks: CheckNote[] = [];
    const planned = planMounts(
      { ...snapshot, mounts },
      discoverWritePaths(null, snapshot, null),
      null,
      (flag, key, text) => checks.push({ flag, key, text }),
      [],
    );
    expect(planned.tmpfs).toEqual([{ path: "/a:b", options: "rw,noexec,nosuid,size=67108864,mode=1770" }]);
    expect(checks).toEqual([
      {
        flag: "--mount",
        key: "volumes",
        text: "the tmpfs /a:b is written as --mount type=tmpfs (its path holds a ':'), which cannot carry mode=1770: those are left out (it still gets noexec,nosuid,nodev from the engine); add them by hand if the app needs them",
      },
    ]);
  });
});

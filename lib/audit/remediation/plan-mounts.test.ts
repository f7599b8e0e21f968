import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import { discoverWritePaths } from "../write-paths";
import type { CheckNote } from "./plan";
import { planMounts } from "./plan-mounts";

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
});

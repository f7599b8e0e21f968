import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procFixture } from "@/lib/audit/runtime/fixtures";
import { cgroupNamesContainer, readHostFreezer, readHostProc } from "./host-proc";

// The captured noshell container (see lib/audit/fixtures/proc/README.md).
const ID = "a1b854a51048c433bb2826900290e098470de2fdd3541075f5766cceb9267456";
const OTHER = "b".repeat(64);
let procRoot = "";

beforeAll(async () => {
  procRoot = await mkdtemp(path.join(tmpdir(), "roaudit-host-proc-"));
  await mkdir(path.join(procRoot, "4242"));
  for (const f of ["cgroup", "status", "mountinfo", "uid_map"]) {
    await writeFile(path.join(procRoot, "4242", f), procFixture(`noshell-readonly.${f}`));
  }
  await mkdir(path.join(procRoot, "77"));
  await writeFile(path.join(procRoot, "77", "cgroup"), "0::/user.slice/session-1.scope\n");
});

afterAll(async () => {
  await rm(procRoot, { recursive: true, force: true });
});

describe("cgroupNamesContainer", () => {
  it("finds the id in cgroupfs (captured) and systemd-driver paths, and only a full id", () => {
    expect(cgroupNamesContainer(procFixture("noshell-readonly.cgroup"), ID)).toBe(true);
    expect(cgroupNamesContainer(`0::/system.slice/docker-${ID}.scope\n`, ID)).toBe(true);
    expect(cgroupNamesContainer(procFixture("noshell-readonly.cgroup"), OTHER)).toBe(false);
    expect(cgroupNamesContainer(procFixture("noshell-readonly.cgroup"), ID.slice(0, 12))).toBe(false);
  });
});

describe("readHostProc", () => {
  it("reads status, mountinfo and uid_map of the container's own process", async () => {
    const read = await readHostProc(ID, 4242, procRoot);
    expect(read).toEqual({
      ok: true,
      files: {
        status: procFixture("noshell-readonly.status"),
        mountinfo: procFixture("noshell-readonly.mountinfo"),
        uid_map: procFixture("noshell-readonly.uid_map"),
      },
    });
  });

  it("refuses a pid that is another process, or does not exist here: not on the engine's host", async () => {
    expect(await readHostProc(ID, 77, procRoot)).toEqual({ ok: false, reason: "not on the engine's host" });
    expect(await readHostProc(ID, 99999, procRoot)).toEqual({
      ok: false,
      reason: "not on the engine's host",
    });
    expect(await readHostProc(OTHER, 4242, procRoot)).toEqual({
      ok: false,
      reason: "not on the engine's host",
    });
  });

  it("says so when the container has no main process", async () => {
    expect(await readHostProc(ID, 0, procRoot)).toEqual({
      ok: false,
      reason: "the container has no main process",
    });
  });
});

describe("readHostFreezer", () => {
  it("reads cgroup v1's freezer.state and cgroup v2's cgroup.freeze/cgroup.events for the container's own cgroup", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "roaudit-freezer-"));
    try {
      const proc = path.join(root, "proc");
      const cgroup = path.join(root, "cgroup");
      await mkdir(path.join(proc, "10"), { recursive: true });
      await writeFile(path.join(proc, "10", "cgroup"), `7:freezer:/docker/${ID}\n6:memory:/docker/${ID}\n`);
      await mkdir(path.join(cgroup, "freezer", "docker", ID), { recursive: true });
      await writeFile(path.join(cgroup, "freezer", "docker", ID, "freezer.state"), "FREEZING\n");
      expect(await readHostFreezer(ID, 10, proc, cgroup)).toBe("FREEZING");

      await mkdir(path.join(proc, "11"), { recursive: true });
      await writeFile(path.join(proc, "11", "cgroup"), `0::/system.slice/docker-${ID}.scope\n`);
      const v2 = path.join(cgroup, "system.slice", `docker-${ID}.scope`);
      await mkdir(v2, { recursive: true });
      await writeFile(path.join(v2, "cgroup.freeze"), "1\n");
      await writeFile(path.join(v2, "cgroup.events"), "populated 1\nfrozen 0\n");
      expect(await readHostFreezer(ID, 11, proc, cgroup)).toBe("FREEZING");
      await writeFile(path.join(v2, "cgroup.events"), "populated 1\nfrozen 1\n");
      expect(await readHostFreezer(ID, 11, proc, cgroup)).toBe("FROZEN");

      // Another container's process, or no such process: unknown.
      expect(await readHostFreezer(OTHER, 10, proc, cgroup)).toBeNull();
      expect(await readHostFreezer(ID, 12, proc, cgroup)).toBeNull();
      expect(await readHostFreezer(ID, 0, proc, cgroup)).toBeNull();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readContainerNamespaces } from "./host-namespaces";

const ID = "a".repeat(64);
let dir = "";

/** A `/proc` and a cgroup v1 `pids` tree in a temporary folder, with the container's processes. */
function fakeHost(
  processes: { pid: number; uidMap: string; rootMountId: number; links?: [string, string] }[],
) {
  dir = mkdtempSync(path.join(tmpdir(), "roaudit-ns-"));
  const proc = path.join(dir, "proc");
  const cgroup = path.join(dir, "cgroup");
  for (const p of processes) {
    const base = path.join(proc, String(p.pid));
    mkdirSync(path.join(base, "ns"), { recursive: true });
    writeFileSync(path.join(base, "cgroup"), `8:pids:/docker/${ID}\n0::/docker/${ID}\n`);
    writeFileSync(path.join(base, "uid_map"), `${p.uidMap}\n`);
    writeFileSync(
      path.join(base, "mountinfo"),
      `${p.rootMountId} 1 0:50 / / ro,relatime - overlay overlay ro\n${p.rootMountId + 1} ${p.rootMountId} 0:51 / /proc rw - proc proc rw\n`,
    );
    if (p.links) {
      symlinkSync(p.links[0], path.join(base, "ns", "user"));
      symlinkSync(p.links[1], path.join(base, "ns", "mnt"));
    }
  }
  mkdirSync(path.join(cgroup, "pids", "docker", ID), { recursive: true });
  writeFileSync(
    path.join(cgroup, "pids", "docker", ID, "cgroup.procs"),
    `${processes.map((p) => p.pid).join("\n")}\n`,
  );
  return { proc, cgroup };
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("readContainerNamespaces", () => {
  it("compares the ns links when they can be read (root)", async () => {
    const { proc, cgroup } = fakeHost([
      { pid: 10, uidMap: "0 0 4294967295", rootMountId: 100, links: ["user:[1]", "mnt:[2]"] },
      { pid: 11, uidMap: "0 1000 1", rootMountId: 200, links: ["user:[3]", "mnt:[4]"] },
    ]);
    const r = await readContainerNamespaces(ID, 10, proc, cgroup);
    expect(r).toMatchObject({ kind: "apart", processes: [{ pid: 11, user: "user:[3]", mnt: "mnt:[4]" }] });
  });

  it("without the right to read the links (not root): the uid_map and the root mount's id witness them", async () => {
    const { proc, cgroup } = fakeHost([
      { pid: 10, uidMap: "0 0 4294967295", rootMountId: 100 },
      { pid: 12, uidMap: "0          0 4294967295", rootMountId: 100 },
      { pid: 11, uidMap: "0 1000 1", rootMountId: 200 },
    ]);
    const r = await readContainerNamespaces(ID, 10, proc, cgroup);
    expect(r).toMatchObject({
      kind: "apart",
      processes: [{ pid: 11, differ: ["user", "mnt"], user: "uid_map:[0 1000 1]", mnt: "mount:[200]" }],
    });
  });

  it("same when every process shares PID 1's namespaces", async () => {
    const { proc, cgroup } = fakeHost([
      { pid: 10, uidMap: "0 0 4294967295", rootMountId: 100 },
      { pid: 12, uidMap: "0 0 4294967295", rootMountId: 100 },
    ]);
    expect(await readContainerNamespaces(ID, 10, proc, cgroup)).toEqual({ kind: "same", checked: 1 });
  });
});

import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plantableProgram, replaceableBy, rootHostUid } from "./probe-programs";

const PID = 4242;
let proc: string;

/** A container filesystem as the host sees it under `<proc>/<pid>/root`: busybox-style, merged /usr. */
function fakeRoot(): string {
  proc = mkdtempSync(path.join(tmpdir(), "roaudit-probe-programs-"));
  const root = path.join(proc, String(PID), "root");
  for (const dir of ["usr/bin", "usr/sbin", "bin-real"]) mkdirSync(path.join(root, dir), { recursive: true });
  chmodSync(path.join(proc, String(PID)), 0o755);
  for (const dir of [root, `${root}/usr`, `${root}/usr/bin`, `${root}/usr/sbin`, `${root}/bin-real`])
    chmodSync(dir, 0o755);
  writeFileSync(path.join(root, "bin-real/busybox"), "#!fake\n", { mode: 0o755 });
  symlinkSync("/bin-real", path.join(root, "bin")); // absolute: must resolve inside the container's root
  symlinkSync("busybox", path.join(root, "bin-real/sh"));
  symlinkSync("/bin-real/busybox", path.join(root, "usr/bin/timeout"));
  symlinkSync("usr/sbin", path.join(root, "sbin"));
  return root;
}

afterEach(() => {
  if (proc) rmSync(proc, { recursive: true, force: true });
});

const uid = process.getuid?.() ?? 0;

describe("rootHostUid", () => {
  it("reads the host uid of the container's root from uid_map", () => {
    expect(rootHostUid("         0          0 4294967295\n")).toBe(0);
    expect(rootHostUid("         0     100000      65536\n")).toBe(100000);
    expect(rootHostUid("      1000       1000          1\n")).toBeNull();
  });
});

describe("replaceableBy", () => {
  it("names a file another uid owns, or one its group or everyone may write", () => {
    expect(replaceableBy("/bin/sh", 0, 0o100755, 0)).toBeNull();
    expect(replaceableBy("/bin/sh", 1000, 0o100755, 0)).toMatch(/owned by uid 1000/);
    expect(replaceableBy("/bin", 0, 0o40777, 0)).toMatch(/writable .* \(mode 777\)/);
    expect(replaceableBy("/usr/bin", 0, 0o41777, 0)).toMatch(/mode 1777/);
    expect(replaceableBy("/bin/sh", 100000, 0o100755, 100000)).toBeNull();
  });
});

describe.runIf(uid === 0)("plantableProgram, on a filesystem tree laid out as under /proc/<pid>/root", () => {
  it("finds nothing in a root-owned tree, following symlinks inside the container's root", async () => {
    fakeRoot();
    expect(await plantableProgram(PID, 0, proc)).toBeNull();
  });

  it("names a PATH folder everyone may write (a planted `timeout` would win)", async () => {
    const root = fakeRoot();
    chmodSync(path.join(root, "usr/sbin"), 0o1777);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/usr\/sbin is writable/);
  });

  it("names the shell's real file when another uid owns it", async () => {
    const root = fakeRoot();
    chownSync(path.join(root, "bin-real/busybox"), 1000, 1000);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/bin-real\/busybox is owned by uid 1000/);
  });

  it("names a program in a PATH folder that another uid owns", async () => {
    const root = fakeRoot();
    writeFileSync(path.join(root, "usr/bin/rm"), "#!fake\n", { mode: 0o755 });
    chownSync(path.join(root, "usr/bin/rm"), 1000, 1000);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/usr\/bin\/rm is owned by uid 1000/);
  });
});

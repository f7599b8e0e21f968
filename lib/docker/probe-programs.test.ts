import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { elfHead } from "@/test/elf-fixture";
import { plantableProgram, replaceableBy, rootHostUid } from "./probe-programs";

const PID = 4242;
let proc: string;

/** A container filesystem as the host sees it under `<proc>/<pid>/root`: busybox-style, merged /usr. */
function fakeRoot(): string {
  proc = mkdtempSync(path.join(tmpdir(), "roaudit-probe-programs-"));
  const root = path.join(proc, String(PID), "root");
  for (const dir of ["usr/bin", "usr/sbin", "bin-real", "etc"])
    mkdirSync(path.join(root, dir), { recursive: true });
  chmodSync(path.join(proc, String(PID)), 0o755);
  for (const dir of [
    root,
    `${root}/usr`,
    `${root}/usr/bin`,
    `${root}/usr/sbin`,
    `${root}/bin-real`,
    `${root}/etc`,
  ])
    chmodSync(dir, 0o755);
  writeFileSync(path.join(root, "bin-real/busybox"), elfHead(), { mode: 0o755 }); // static
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

  it("refuses a PATH folder too big to judge entry by entry", async () => {
    const root = fakeRoot();
    for (let i = 0; i <= 5_000; i += 1) writeFileSync(path.join(root, `usr/sbin/p${i}`), "");
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/usr\/sbin holds too many entries to judge/);
  }, 30_000); // writes 5,001 files: slow on a busy machine

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
    writeFileSync(path.join(root, "usr/bin/rm"), elfHead(), { mode: 0o755 });
    chownSync(path.join(root, "usr/bin/rm"), 1000, 1000);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/usr\/bin\/rm is owned by uid 1000/);
  });

  /** Makes `/bin-real/busybox` dynamic, with its loader and a library, Debian-style, all root-owned. */
  function dynamicRoot(): string {
    const root = fakeRoot();
    for (const dir of ["lib/x86_64-linux-gnu", "lib64", "usr/lib"])
      mkdirSync(path.join(root, dir), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(root, "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), elfHead({ dynamic: true }), {
      mode: 0o755,
    });
    symlinkSync("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", path.join(root, "lib64/ld-linux-x86-64.so.2"));
    writeFileSync(path.join(root, "lib/x86_64-linux-gnu/libc.so.6"), elfHead({ dynamic: true }), {
      mode: 0o644,
    });
    writeFileSync(
      path.join(root, "bin-real/busybox"),
      elfHead({ interpreter: "/lib64/ld-linux-x86-64.so.2", dynamic: true }),
      { mode: 0o755 },
    );
    return root;
  }
  const planted = (root: string, file: string, text: string | Buffer = elfHead({ dynamic: true })) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(root, file), text, { mode: 0o755 });
    chownSync(path.join(root, file), 1000, 1000);
  };

  it("finds nothing in a dynamically linked tree whose loader, libraries and /etc root owns", async () => {
    dynamicRoot();
    expect(await plantableProgram(PID, 0, proc)).toBeNull();
  });

  it("names the shell's ELF interpreter when another uid owns it", async () => {
    const root = dynamicRoot();
    chownSync(path.join(root, "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), 1000, 1000);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/ld-linux-x86-64\.so\.2 is owned by uid 1000/);
  });

  it("names a library in a standard folder or its <triplet> subfolder that another uid owns", async () => {
    const root = dynamicRoot();
    chownSync(path.join(root, "lib/x86_64-linux-gnu/libc.so.6"), 1000, 1000);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/libc\.so\.6 is owned by uid 1000/);
  });

  it.each([
    "lib/tls/i686/sse2/libfoo.so",
    "lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libz.so",
    "lib/avx512_1/libm.so",
    "lib/xeon_phi/libm.so",
    "lib/x86_64-linux-gnu/power10/libm.so",
    "lib/x86_64-linux-gnu/z16/libm.so",
    "lib/any-folder/libq.so",
  ])("names a library in the hwcaps or platform subfolder %s that another uid owns", async (file) => {
    const root = dynamicRoot();
    planted(root, file);
    const name = path.basename(file).replace(/\./g, "\\.");
    expect(await plantableProgram(PID, 0, proc)).toMatch(new RegExp(`${name} is owned by uid 1000`));
  });

  it("names /etc/ld.so.preload owned by another uid, even for static programs", async () => {
    const root = fakeRoot();
    planted(root, "etc/ld.so.preload", "");
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/etc\/ld\.so\.preload is owned by uid 1000/);
  });

  it("names a library a root-owned /etc/ld.so.preload lists, and refuses $LIB-style entries", async () => {
    const root = fakeRoot();
    writeFileSync(path.join(root, "etc/ld.so.preload"), "/home/app/evil.so\n", { mode: 0o644 });
    planted(root, "home/app/evil.so");
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/home\/app\/evil\.so is owned by uid 1000/);
    writeFileSync(path.join(root, "etc/ld.so.preload"), "/$LIB/x.so\n");
    expect(await plantableProgram(PID, 0, proc)).toMatch(/not a plain absolute path/);
  });

  it("names /etc itself when it is writable by everyone", async () => {
    const root = fakeRoot();
    chmodSync(path.join(root, "etc"), 0o777);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/^\/etc is writable/);
  });

  it("names a library in a folder that an included ld.so.conf.d file lists", async () => {
    const root = dynamicRoot();
    writeFileSync(path.join(root, "etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n", { mode: 0o644 });
    mkdirSync(path.join(root, "etc/ld.so.conf.d"), { mode: 0o755 });
    writeFileSync(path.join(root, "etc/ld.so.conf.d/app.conf"), "# app\n/opt/app/lib\n", { mode: 0o644 });
    mkdirSync(path.join(root, "opt/app/lib"), { recursive: true, mode: 0o755 });
    expect(await plantableProgram(PID, 0, proc)).toBeNull();
    planted(root, "opt/app/lib/libz.so.1");
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/opt\/app\/lib\/libz\.so\.1 is owned by uid 1000/);
  });

  it("names a library that /etc/ld.so.cache points at", async () => {
    const root = dynamicRoot();
    writeFileSync(path.join(root, "etc/ld.so.cache"), "glibc-ld.so.cache1.1\0libz.so.1\0/srv/l/libz.so.1\0", {
      mode: 0o644,
    });
    planted(root, "srv/l/libz.so.1");
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/srv\/l\/libz\.so\.1 is owned by uid 1000/);
  });

  it("follows a PATH script's #! interpreter, and that interpreter's own", async () => {
    const root = fakeRoot();
    writeFileSync(path.join(root, "usr/bin/tool"), "#!/opt/bin/wrapper -x\n", { mode: 0o755 });
    mkdirSync(path.join(root, "opt/bin"), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(root, "opt/bin/wrapper"), "#!/opt/bin/real\n", { mode: 0o755 });
    writeFileSync(path.join(root, "opt/bin/real"), elfHead(), { mode: 0o755 });
    expect(await plantableProgram(PID, 0, proc)).toBeNull();
    chownSync(path.join(root, "opt/bin/real"), 1000, 1000);
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/opt\/bin\/real is owned by uid 1000/);
  });

  it("refuses a program whose ELF headers are malformed", async () => {
    const root = fakeRoot();
    writeFileSync(path.join(root, "usr/bin/odd"), elfHead().subarray(0, 30), { mode: 0o755 });
    expect(await plantableProgram(PID, 0, proc)).toMatch(/\/usr\/bin\/odd is a truncated ELF header/);
  });

  it("refuses a library folder too big to judge entry by entry", async () => {
    const root = dynamicRoot();
    mkdirSync(path.join(root, "usr/lib/x86_64-linux-gnu"), { recursive: true, mode: 0o755 });
    for (let i = 0; i <= 5_000; i += 1)
      writeFileSync(path.join(root, `usr/lib/x86_64-linux-gnu/l${i}.so`), "");
    expect(await plantableProgram(PID, 0, proc)).toMatch(/holds too many entries to judge/);
  }, 30_000); // writes 5,001 files: slow on a busy machine
});

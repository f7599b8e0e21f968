/**
 * A container's own processes (uid 1000) plant code through the dynamic loader, on a real engine: a FROM-scratch
 * image whose `/bin/sh` is the host's dynamically linked dash (with its libc and ld.so), an
 * `/etc/ld.so.preload` the app's user owns, and a CMD that writes into it the path of a library the app owns,
 * whose constructor records the uid it runs as. Verify must refuse to run any probe (the planted constructor
 * would run as uid 65534) and the record must stay empty; the same image with root-owned loader files, and the
 * static busybox fixture, still verify. A last exec of this test's own, as 65534, shows the planting works.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, docker, removeFleet, SUITE_LABEL } from "@/e2e/support/fleet";
import type { Verification } from "@/lib/audit/types";
import { verifyContainer } from "./verify";

const SUITE = "it-verify-loader";
const IMAGE_CLEAN = "roaudit-test-loader:clean";
const IMAGE_PLANT = "roaudit-test-loader:plant";
let ids: Record<string, string> = {};
let work = "";

const EVIL_C = `#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void) {
  char line[64];
  int fd = open("/marker/ran", O_WRONLY | O_CREAT | O_APPEND, 0666);
  if (fd < 0) return;
  int n = snprintf(line, sizeof line, "uid=%d\\n", (int)getuid());
  write(fd, line, n);
  close(fd);
}
`;

/** Host paths of dash's libraries and loader, from `ldd /bin/dash` (the vdso has no file). */
function dashLibraries(): string[] {
  const out = execFileSync("ldd", ["/bin/dash"], { encoding: "utf8" });
  return [...out.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1] as string);
}

/** Makes `image` from the folder `root` (owners and modes as they are there), labelled for this suite. */
function importImage(root: string, image: string): void {
  const tar = path.join(work, `${image.replace(/\W/g, "-")}.tar`);
  execFileSync("tar", ["--numeric-owner", "-C", root, "-cf", tar, "."]);
  execFileSync("docker", ["import", "--change", `LABEL ${SUITE_LABEL}=${SUITE}`, tar, image]);
}

/** The planted constructor's records in `name` (read through the engine's archive, running nothing in it). */
function records(name: string): string {
  const out = path.join(work, `out-${name}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  try {
    execFileSync("docker", ["cp", `${name}:/marker/ran`, out], { stdio: "ignore" });
  } catch {
    return "";
  }
  return execFileSync("cat", [path.join(out, "ran")], { encoding: "utf8" });
}

const probe = (v: Verification, id: string) => v.probes.find((p) => p.id === id);
const PLANT = "planted constructor";

beforeAll(async () => {
  await removeFleet(SUITE);
  work = mkdtempSync(path.join(tmpdir(), "roaudit-verify-loader-"));
  const root = path.join(work, "root");
  for (const dir of ["bin", "etc", "marker", "home/app", "proc", "sys", "dev"])
    mkdirSync(path.join(root, dir), { recursive: true, mode: 0o755 });
  copyFileSync("/bin/dash", path.join(root, "bin/dash"));
  chmodSync(path.join(root, "bin/dash"), 0o755);
  symlinkSync("dash", path.join(root, "bin/sh"));
  for (const lib of dashLibraries()) {
    mkdirSync(path.join(root, path.dirname(lib)), { recursive: true, mode: 0o755 });
    copyFileSync(lib, path.join(root, lib)); // follows the host's symlink: the file itself
    chmodSync(path.join(root, lib), 0o755);
  }
  chmodSync(path.join(root, "marker"), 0o1777);
  chownSync(path.join(root, "home/app"), 1000, 1000);
  importImage(root, IMAGE_CLEAN);

  // What uid 1000 owns in the planting image: the preload list and the library it will name there.
  execFileSync("gcc", ["-shared", "-fPIC", "-o", path.join(root, "home/app/evil.so"), "-x", "c", "-"], {
    input: EVIL_C,
  });
  chownSync(path.join(root, "home/app/evil.so"), 1000, 1000);
  writeFileSync(path.join(root, "etc/ld.so.preload"), "");
  chownSync(path.join(root, "etc/ld.so.preload"), 1000, 1000);
  chmodSync(path.join(root, "etc/ld.so.preload"), 0o644);
  importImage(root, IMAGE_PLANT);

  // `-i`: the CMD's `read` waits on an open stdin, so the container keeps running without a busy loop.
  const app = ["-i", "--user", "1000:1000"];
  ids = await createFleet(SUITE, [
    {
      name: "itvl-plant",
      image: IMAGE_PLANT,
      args: app,
      cmd: ["/bin/sh", "-c", "echo /home/app/evil.so > /etc/ld.so.preload; read x"],
    },
    { name: "itvl-clean", image: IMAGE_CLEAN, args: app, cmd: ["/bin/sh", "-c", "read x"] },
    { name: "itvl-busybox", args: ["--user", "1000:1000"] },
  ]);
  // The CMD has planted once the preload list names the library (read from the host's view of it).
  for (let i = 0; i < 50; i += 1) {
    const pid = (await docker(["inspect", "-f", "{{.State.Pid}}", "itvl-plant"])).trim();
    try {
      if (execFileSync("cat", [`/proc/${pid}/root/etc/ld.so.preload`], { encoding: "utf8" }).includes("evil"))
        break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
}, 180_000);

afterAll(async () => {
  await removeFleet(SUITE);
  for (const image of [IMAGE_CLEAN, IMAGE_PLANT]) await docker(["rmi", image]).catch(() => "");
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("Verify runs nothing a container process planted through the dynamic loader", () => {
  it(`a uid-1000-owned /etc/ld.so.preload naming its own library: no probe runs, the ${PLANT} never ran`, async () => {
    const v = await verifyContainer(ids["itvl-plant"] as string);
    const root = probe(v, "root-write");
    expect(root?.status).toBe("skipped");
    expect(root?.evidence).toMatch(/not run: \/etc\/ld\.so\.preload is owned by uid 1000/);
    expect(probe(v, "tmpfs-exec")?.status).toBe("skipped");
    expect(records("itvl-plant")).toBe("");
  });

  it("the same dynamically linked image with root-owned loader files: the probes run", async () => {
    const v = await verifyContainer(ids["itvl-clean"] as string);
    for (const p of v.probes) expect(p.evidence ?? "").not.toMatch(/could replace a program/);
    expect(probe(v, "root-write")?.status).not.toBe("skipped");
  });

  it("the static busybox fixture still verifies", async () => {
    const v = await verifyContainer(ids["itvl-busybox"] as string);
    expect(probe(v, "root-write")?.status).toBe("fail");
    expect(v.verdict).toBe("not-enforced");
  });

  it(`control: an exec of the test's own as uid 65534 does run the ${PLANT} (the planting is real)`, async () => {
    await docker(["exec", "-u", "65534:65534", "itvl-plant", "/bin/sh", "-c", ":"]);
    expect(records("itvl-plant")).toMatch(/^uid=65534$/m);
  });
});

/**
 * Verify against a real engine, one labelled container per case: the verdict, every probe's status, and that
 * `docker diff` shows nothing left behind. Needs DOCKER_HOST (or the default socket) and the fixture images
 * (`ensure_fixture_images` in scripts/lib.sh). The noshell cases read the host's /proc: the test runs on the
 * engine's host.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFleet, docker, removeFleet } from "@/e2e/support/fleet";
import { toApiError } from "@/lib/api/respond";
import type { ProbeStatus, Verification } from "@/lib/audit/types";
import { auditExec } from "@/lib/security/audit-log";
import { ContainerNotFoundError, ContainerNotRunningError } from "./errors";
import { viewOf } from "./fleet";
import { verifyContainer } from "./verify";

const SUITE = "it-verify";
/** A busybox image whose `USER app` is uid 0 in its /etc/passwd, built in beforeAll (a tag of this run's own). */
const USER_APP_ROOT_IMAGE = `roaudit-fixture:it-verify-user-app-root-${randomBytes(4).toString("hex")}`;
/** A named volume of this run (the engine may hold anyone's volumes: this name is no one else's). */
const ETC_VOLUME = `roaudit-itv-etc-${randomBytes(4).toString("hex")}`;
let ids: Record<string, string> = {};
let hostDir = "";
/** A host folder of mode 0700, root's: uid 65534 cannot enter it. */
let closedDir = "";

/** Removes this suite's volumes and images (labelled `roaudit.test=it-verify`), and no other. */
async function removeVolumesAndImages(): Promise<void> {
  const label = `label=roaudit.test=${SUITE}`;
  const names = (await docker(["volume", "ls", "-q", "--filter", label])).split("\n");
  for (const name of names.filter(Boolean)) await docker(["volume", "rm", name]).catch(() => undefined);
  const images = (await docker(["image", "ls", "-q", "--no-trunc", "--filter", label])).split("\n");
  for (const image of new Set(images.filter(Boolean)))
    await docker(["image", "rm", "--force", image]).catch(() => undefined);
}

// A `sh` that waits first, so a test can act while the probe runs (busybox sh runs touch as a built-in
// applet, so the shell itself is what must be slow). Installed with a setup exec.
const SLOW_SH = '#!/bin/busybox sh\nsleep 5\nexec /bin/busybox sh "$@"\n';

/** `docker import` of the busybox fixture's files with `app:x:0:0` in /etc/passwd and `USER app`. */
async function buildUserAppRootImage(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), "roaudit-it-verify-"));
  try {
    const source = await docker(["create", "--label", `roaudit.test=${SUITE}`, "roaudit-fixture:busybox"]);
    const tarball = path.join(work, "root.tar");
    await docker(["export", "-o", tarball, source]);
    await docker(["rm", source]);
    await writeFile(
      path.join(work, "passwd"),
      "root:x:0:0:root:/root:/bin/sh\napp:x:0:0:app:/home/app:/bin/sh\n",
    );
    const tar = promisify(execFile);
    await tar("tar", ["--delete", "-f", tarball, "etc/passwd"]);
    await tar("tar", ["-rf", tarball, "--transform", "s,^passwd$,etc/passwd,", "-C", work, "passwd"]);
    await docker([
      "import",
      "--change",
      `LABEL roaudit.test=${SUITE}`,
      "--change",
      "USER app",
      "--change",
      'CMD ["sleep","infinity"]',
      tarball,
      USER_APP_ROOT_IMAGE,
    ]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * A shell that answers every command the way `touch` on a read-only root would, whatever the filesystem says
 * (busybox's own `sh` runs its `touch` applet directly, so faking `touch` alone would not lie).
 */
const LYING_SH =
  '#!/bin/busybox sh\nfor a; do last=$a; done\necho "touch: $last: Read-only file system" >&2\nexit 1\n';

beforeAll(async () => {
  await removeFleet(SUITE);
  await removeVolumesAndImages();
  await docker(["volume", "create", "--label", `roaudit.test=${SUITE}`, ETC_VOLUME]);
  await buildUserAppRootImage();
  hostDir = await mkdtemp(path.join(tmpdir(), "roaudit-it-verify-bind-"));
  // Searchable by the probe's uid 65534 (mkdtemp makes it 0700): a folder it cannot enter proves nothing.
  await chmod(hostDir, 0o755);
  closedDir = await mkdtemp(path.join(tmpdir(), "roaudit-it-verify-closed-"));
  ids = await createFleet(SUITE, [
    { name: "itv-readonly", args: ["--read-only", "--tmpfs", "/tmp"] },
    { name: "itv-writable", args: [] },
    { name: "itv-nonroot-writable", args: ["--user", "65534:65534"] },
    { name: "itv-nonroot-readonly", args: ["--read-only", "--user", "65534:65534", "--cap-drop", "ALL"] },
    { name: "itv-user-app-root", image: USER_APP_ROOT_IMAGE, args: [] },
    { name: "itv-noshell", image: "roaudit-fixture:noshell", args: ["--read-only"] },
    { name: "itv-noshell-writable", image: "roaudit-fixture:noshell", args: [] },
    { name: "itv-tmpfs-exec", args: ["--read-only", "--tmpfs", "/x:exec"] },
    { name: "itv-binds", args: ["-v", `${hostDir}:/data-ro:ro`, "-v", `${hostDir}:/data-rw`] },
    { name: "itv-privileged", args: ["--privileged", "--read-only"], start: false },
    { name: "itv-net-admin", args: ["--cap-add", "NET_ADMIN"] },
    { name: "itv-paused", args: ["--read-only"] },
    { name: "itv-exited", args: [], cmd: ["true"] },
    { name: "itv-created", args: [], start: false },
    { name: "itv-etc-volume-ro", args: ["-v", `${ETC_VOLUME}:/etc:ro`] },
    { name: "itv-ro-etc-tmpfs", args: ["--read-only", "--tmpfs", "/etc:rw,noexec,nosuid,size=1m"] },
    { name: "itv-hook-stop", args: ["--read-only", "--tmpfs", "/tmp"] },
    { name: "itv-hook-pause", args: ["--read-only", "--tmpfs", "/tmp"] },
    { name: "itv-slow-stop", args: [] },
    { name: "itv-slow-remove", args: [] },
    { name: "itv-slow-timeout", args: [] },
    { name: "itv-lying-touch", args: [] },
    { name: "itv-unsearchable", args: ["-v", `${closedDir}:/closed:ro`] },
  ]);
  // /etc that uid 65534 cannot enter (set up by the image's owner, as root).
  await docker(["exec", "-u", "0", "itv-unsearchable", "chmod", "700", "/etc"]);
  // An image built to lie: its shell says "Read-only file system" on a writable root.
  await docker([
    "exec",
    "itv-lying-touch",
    "sh",
    "-c",
    `rm /bin/sh && printf '%s' '${LYING_SH}' > /bin/sh && chmod 755 /bin/sh`,
  ]);
  await docker(["pause", "itv-paused"]);
  for (const name of ["itv-slow-stop", "itv-slow-remove", "itv-slow-timeout"]) {
    await docker([
      "exec",
      name,
      "sh",
      "-c",
      `rm /bin/sh && printf '%s' '${SLOW_SH}' > /bin/sh && chmod 755 /bin/sh`,
    ]);
  }
});

afterAll(async () => {
  await docker(["unpause", "itv-paused"]).catch(() => undefined);
  await docker(["unpause", "itv-hook-pause"]).catch(() => undefined);
  await removeFleet(SUITE);
  await removeVolumesAndImages();
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
  if (closedDir) await rm(closedDir, { recursive: true, force: true });
});

const id = (name: string) => {
  const value = ids[name];
  if (!value) throw new Error(`no container ${name}`);
  return value;
};

/** Each probe's status, by id, in order. */
const statuses = (v: Verification): Record<string, ProbeStatus> =>
  Object.fromEntries(v.probes.map((p) => [p.id, p.status]));
const probeOf = (v: Verification, probe: string) => v.probes.find((p) => p.id === probe);
const evidence = (v: Verification, probe: string) => v.probes.find((p) => p.id === probe)?.evidence ?? "";

/** The container's changes (`docker diff`), sorted: the engine lists them in no fixed order. */
const changes = async (name: string) => (await docker(["diff", name])).split("\n").sort();

/**
 * Verifies `name` and asserts that the container's changes are the same before and after (mount points the
 * engine created at start, e.g. `A /data-ro`, are there before any probe).
 */
async function verifyLeavingNothing(name: string): Promise<Verification> {
  const before = await changes(name);
  const v = await verifyContainer(id(name));
  expect(await changes(name), `${name}: docker diff`).toEqual(before);
  expect(v.probes.map((p) => p.id)).toEqual([
    "root-write",
    "mount-table",
    "process-identity",
    "tmpfs-exec",
    "ro-mount-write",
  ]);
  return v;
}

describe("verifyContainer", () => {
  it("read-only + tmpfs: enforced; noexec holds on the tmpfs; PID 1 is root", async () => {
    const v = await verifyLeavingNothing("itv-readonly");
    expect(v.verdict).toBe("enforced");
    expect(v.detail).toMatch(/^can't create \/etc\/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/);
    expect(Number.isNaN(Date.parse(v.checkedAt))).toBe(false);
    expect(statuses(v)).toEqual({
      "root-write": "pass",
      "mount-table": "pass",
      "process-identity": "fail",
      "tmpfs-exec": "pass",
      "ro-mount-write": "skipped",
    });
    // The declared /tmp and the engine's /dev/shm (in the kernel's table, not in inspect) are tested; the
    // engine's own /dev is shown, never failed.
    expect(evidence(v, "tmpfs-exec")).toBe(
      "the kernel refused to run a file on: /dev/shm, /tmp; /dev: the engine's own /dev (no option can make it noexec): shown, not tested",
    );
    expect(probeOf(v, "tmpfs-exec")?.details).toContainEqual(
      expect.stringMatching(/^\/tmp: refused: .*\.roaudit-[0-9a-f]{16,64}: Permission denied$/),
    );
    expect(evidence(v, "ro-mount-write")).toBe("no read-only bind, volume or tmpfs mounts");
    expect(v.observed).toMatchObject({
      rootReadOnly: true,
      tmpfsExec: { ran: [], refused: ["/dev/shm", "/tmp"] },
    });
  });

  it("a read-only container's engine-added writable mounts show in the mount table, never in inspect", async () => {
    const v = await verifyContainer(id("itv-readonly"));
    const table = v.probes.find((p) => p.id === "mount-table");
    // The root's filesystem is the storage driver's (overlay for overlay2, the default; btrfs, zfs…).
    expect(table?.evidence).toMatch(
      /^\/ is mounted ro \([\w.-]+\); writable mounts the engine added: \/dev, \/dev\/shm$/,
    );
    expect(table?.details).toEqual(
      expect.arrayContaining([
        "/dev/shm tmpfs rw,noexec,nosuid,nodev size=65536k (writable, added by the engine)",
        // Binds of files in the engine's storage: their filesystem is the host's (ext4, xfs, btrfs…).
        expect.stringMatching(/^\/etc\/hosts \S+ ro$/),
        expect.stringMatching(/^\/etc\/resolv\.conf \S+ ro$/),
        expect.stringMatching(/^\/etc\/hostname \S+ ro$/),
      ]),
    );
    // Engine storage (overlay lowerdir/upperdir, the containers folder) is never shown.
    expect(JSON.stringify(v)).not.toMatch(/overlay2|lowerdir|upperdir|\/containers\//);
    const inspect = await docker(["inspect", "--format", "{{json .Mounts}}", "itv-readonly"]);
    expect(inspect).not.toContain("/dev/shm");
  });

  it("writes every exec to the audit log as one JSON line with its probe id and the caller's identity", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await verifyContainer(id("itv-nonroot-readonly"), {
        identity: "session:abcd1234",
        onExec: (record) => auditExec(record),
      });
      const lines = write.mock.calls
        .map(([chunk]) => String(chunk))
        .filter((l) => l.includes('"roaudit.exec"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      // No read-only mount: that probe needs no exec; mount table and identity come from the host's /proc
      // (the test runs on the engine's host), which is no exec either; tmpfs-exec tests the engine's /dev/shm.
      expect(lines.map((l) => [l.probe, l.outcome])).toEqual([
        ["root-write", "pass"],
        ["tmpfs-exec", "pass"],
      ]);
      for (const line of lines) {
        expect(line).toEqual({
          type: "roaudit.exec",
          at: expect.any(String),
          containerId: id("itv-nonroot-readonly"),
          containerName: "itv-nonroot-readonly",
          probe: expect.any(String),
          outcome: expect.any(String),
          identity: "session:abcd1234",
        });
      }
    } finally {
      write.mockRestore();
    }
  });

  it("writable root: not-enforced, and nothing left behind", async () => {
    const v = await verifyLeavingNothing("itv-writable");
    // uid 65534 may not write in /etc, but the kernel looked at its permissions: the mount took the write.
    expect(v.verdict).toBe("not-enforced");
    expect(v.detail).toMatch(
      /^the kernel checked permissions on uid 65534's write to \/etc \(can't create \/etc\/\.roaudit-[0-9a-f]{16,64}: Permission denied\): a read-only mount refuses with EROFS before any permission check/,
    );
    expect(statuses(v)).toEqual({
      "root-write": "fail",
      "mount-table": "fail",
      "process-identity": "fail",
      "tmpfs-exec": "pass",
      "ro-mount-write": "skipped",
    });
    expect(evidence(v, "mount-table")).toMatch(
      /^\/ is mounted rw \([\w.-]+\); writable mounts the engine added: /,
    );
    expect(await docker(["diff", "itv-writable"])).toBe("");
  });

  it("a container whose shell lies about EROFS on a writable root: not-enforced from the host's mount table", async () => {
    const v = await verifyContainer(id("itv-lying-touch"));
    expect(evidence(v, "root-write")).toMatch(/Read-only file system/);
    expect(v.verdict).toBe("not-enforced");
    expect(v.detail).toMatch(/^the kernel's mount table says: \/ is mounted rw \([\w.-]+\)/);
    expect(statuses(v)).toMatchObject({ "root-write": "pass", "mount-table": "fail" });
    expect(v.probes.find((p) => p.id === "mount-table")?.details?.[0]).toBe(
      `read from the host's /proc/${(await docker(["inspect", "--format", "{{.State.Pid}}", "itv-lying-touch"])).trim()}`,
    );
  });

  it("non-root user on a writable root: not-enforced (uid 65534's write is refused with EACCES, not EROFS: the mount is writable)", async () => {
    const v = await verifyLeavingNothing("itv-nonroot-writable");
    expect(v.verdict).toBe("not-enforced");
    expect(statuses(v)).toEqual({
      "root-write": "fail",
      "mount-table": "fail",
      "process-identity": "pass",
      "tmpfs-exec": "pass",
      "ro-mount-write": "skipped",
    });
    expect(evidence(v, "process-identity")).toMatch(
      /^uid 65534 gid 65534; CapEff none; NoNewPrivs 0; Seccomp 2/,
    );
  });

  it("non-root user on a read-only root with all capabilities dropped: enforced", async () => {
    const v = await verifyLeavingNothing("itv-nonroot-readonly");
    expect(v.verdict).toBe("enforced");
    expect(statuses(v)).toEqual({
      "root-write": "pass",
      "mount-table": "pass",
      "process-identity": "pass",
      "tmpfs-exec": "pass",
      "ro-mount-write": "skipped",
    });
  });

  it("USER app that /etc/passwd maps to uid 0: process-identity says uid 0, and non-root-user fails at runtime", async () => {
    const v = await verifyLeavingNothing("itv-user-app-root");
    expect(v.verdict).toBe("not-enforced");
    expect(statuses(v)).toEqual({
      "root-write": "fail",
      "mount-table": "fail",
      "process-identity": "fail",
      "tmpfs-exec": "pass",
      "ro-mount-write": "skipped",
    });
    expect(v.observed?.process).toMatchObject({ uid: 0 });
    const view = await viewOf(id("itv-user-app-root"));
    expect(view?.checks.find((c) => c.id === "non-root-user")).toMatchObject({
      status: "fail",
      evidence: { "Config.User": "app", "runtime.Uid": 0 },
      runtime: { probe: "process-identity", checkedAt: v.checkedAt },
    });
  });

  it("no shell on a read-only root: inconclusive, the mount table and identity read from the host's /proc", async () => {
    const v = await verifyLeavingNothing("itv-noshell");
    expect(v.verdict).toBe("inconclusive");
    expect(v.detail).toMatch(
      /^no shell in the image \(exit 126\): OCI runtime exec failed.*; the mount table shows \/ read-only, but no write could prove it$/,
    );
    expect(statuses(v)).toEqual({
      "root-write": "skipped",
      "mount-table": "pass",
      "process-identity": "fail",
      "tmpfs-exec": "skipped",
      "ro-mount-write": "skipped",
    });
    const pid = await docker(["inspect", "--format", "{{.State.Pid}}", "itv-noshell"]);
    expect(v.probes.find((p) => p.id === "mount-table")?.details?.[0]).toBe(
      `read from the host's /proc/${pid}`,
    );
  });

  it("no shell on a writable root: not-enforced from the host's mount table alone", async () => {
    const v = await verifyLeavingNothing("itv-noshell-writable");
    expect(v).toMatchObject({ verdict: "not-enforced" });
    expect(v.detail).toMatch(/^the kernel's mount table says: \/ is mounted rw \([\w.-]+\)/);
    expect(statuses(v)).toEqual({
      "root-write": "skipped",
      "mount-table": "fail",
      "process-identity": "fail",
      "tmpfs-exec": "skipped",
      "ro-mount-write": "skipped",
    });
    expect(evidence(v, "tmpfs-exec")).toBe(
      "no shell in the image: the probe needs sh to write and run a file",
    );
  });

  it("--tmpfs /x:exec: enforced root, but a file written to /x runs; tmpfs-noexec is confirmed at runtime", async () => {
    const v = await verifyLeavingNothing("itv-tmpfs-exec");
    expect(v.verdict).toBe("enforced");
    expect(statuses(v)).toEqual({
      "root-write": "pass",
      "mount-table": "pass",
      "process-identity": "fail",
      "tmpfs-exec": "fail",
      "ro-mount-write": "skipped",
    });
    expect(evidence(v, "tmpfs-exec")).toBe("a written file ran on: /x");
    const view = await viewOf(id("itv-tmpfs-exec"));
    // The configuration already says so (exec was asked for): the kernel confirms it.
    expect(view?.checks.find((c) => c.id === "tmpfs-noexec")).toMatchObject({
      status: "fail",
      evidence: { "runtime.ran": ["/x"], "runtime.refused": ["/dev/shm"] },
      runtime: { probe: "tmpfs-exec", checkedAt: v.checkedAt },
    });
  });

  it("a :ro bind refuses the write with EROFS; the writable bind is not probed; the host folder stays empty", async () => {
    const v = await verifyLeavingNothing("itv-binds");
    expect(v.verdict).toBe("not-enforced");
    expect(statuses(v)).toEqual({
      "root-write": "fail",
      "mount-table": "fail",
      "process-identity": "fail",
      "tmpfs-exec": "pass",
      "ro-mount-write": "pass",
    });
    expect(evidence(v, "ro-mount-write")).toMatch(
      /^\/data-ro: can't create \/data-ro\/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/,
    );
    expect(await readdir(hostDir)).toEqual([]);
  });

  it("--cap-add NET_ADMIN: CapEff shows CAP_NET_ADMIN", async () => {
    const v = await verifyLeavingNothing("itv-net-admin");
    expect(v.verdict).toBe("not-enforced");
    expect(statuses(v)).toEqual({
      "root-write": "fail",
      "mount-table": "fail",
      "process-identity": "fail",
      "tmpfs-exec": "pass",
      "ro-mount-write": "skipped",
    });
    expect(evidence(v, "process-identity")).toMatch(
      /^PID 1 runs as uid 0, holds CAP_NET_ADMIN: .*CapEff .*CAP_NET_ADMIN/,
    );
    expect(v.observed?.process?.capEff).toContain("CAP_NET_ADMIN");
  });

  it("--privileged --read-only cannot start on this machine: 409 container_not_running, no exec (its probe parsing is tested on hand-written /proc text)", async () => {
    const error = await verifyContainer(id("itv-privileged")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotRunningError);
    expect(toApiError(error)).toMatchObject({ code: "container_not_running", status: 409 });
    expect(await docker(["inspect", "--format", "{{len .ExecIDs}}", "itv-privileged"])).toBe("0");
  });

  it("a read-only /etc volume on a writable root does not pass for a read-only root: the probe writes to /", async () => {
    const v = await verifyLeavingNothing("itv-etc-volume-ro");
    expect(v.verdict).toBe("not-enforced");
    expect(v.detail).toMatch(
      /^the kernel checked permissions on uid 65534's write to \/ \(can't create \/\.roaudit-[0-9a-f]{16,64}/,
    );
    expect(statuses(v)).toMatchObject({
      "root-write": "fail",
      "mount-table": "fail",
      "ro-mount-write": "pass",
    });
  });

  it("a writable tmpfs on /etc of a read-only root does not pass for a writable root", async () => {
    const v = await verifyLeavingNothing("itv-ro-etc-tmpfs");
    expect(v).toMatchObject({
      verdict: "enforced",
      detail: expect.stringMatching(/^can't create \/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/),
    });
    expect(statuses(v)).toMatchObject({ "root-write": "pass", "mount-table": "pass", "tmpfs-exec": "pass" });
    // The tmpfs on /etc is root's, mode 0755: uid 65534 cannot write a file there, so the host's mount table
    // (the kernel's own answer) decides.
    expect(probeOf(v, "tmpfs-exec")?.details).toContainEqual(
      expect.stringMatching(
        /^\/etc: uid 65534 could not write the test file \(.*Permission denied\); the kernel's mount table says noexec$/,
      ),
    );
  });

  it("a folder uid 65534 cannot enter proves nothing, and says so: never a pass (the host's mount table still decides /)", async () => {
    const v = await verifyLeavingNothing("itv-unsearchable");
    expect(statuses(v)).toMatchObject({
      "root-write": "skipped",
      "mount-table": "fail",
      "ro-mount-write": "skipped",
    });
    expect(evidence(v, "root-write")).toMatch(
      /^uid 65534 cannot enter \/etc \(a folder on the way is not searchable\), so no write could be tried: .*Permission denied/,
    );
    expect(evidence(v, "ro-mount-write")).toMatch(
      /^could not prove it on any mount: \/closed: uid 65534 cannot enter the folder, so no write could be tried: .*Permission denied/,
    );
    expect(v.verdict).toBe("not-enforced");
    expect(v.detail).toMatch(/^the kernel's mount table says: \/ is mounted rw/);
    expect(await readdir(closedDir)).toEqual([]);
  });

  it.each([
    ["itv-paused", "paused"],
    ["itv-exited", "exited"],
    ["itv-created", "created"],
  ])(
    "refuses %s with 409 container_not_running and runs no exec (case container-state-exec-errors)",
    async (name, state) => {
      const error = await verifyContainer(id(name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContainerNotRunningError);
      expect(toApiError(error)).toMatchObject({ code: "container_not_running", status: 409 });
      expect((error as ContainerNotRunningError).message).toBe(
        `Container "${name}" is ${state}; Verify needs a running container.`,
      );
      const execs = await docker(["inspect", "--format", "{{len .ExecIDs}}", name]);
      expect(execs).toBe("0");
    },
  );

  it("answers not_found for a container that does not exist", async () => {
    const error = await verifyContainer("f".repeat(64)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotFoundError);
    expect(toApiError(error)).toMatchObject({ code: "not_found", status: 404 });
  });

  it("joins a verify already running on the same container", async () => {
    const [a, b] = [verifyContainer(id("itv-readonly")), verifyContainer(id("itv-readonly"))];
    expect(a).toBe(b);
    expect((await a).verdict).toBe("enforced");
  });

  it("calls the afterProbe hook after every probe, ro-mount-write included", async () => {
    const seen: string[] = [];
    await verifyContainer(id("itv-binds"), undefined, { afterProbe: (probe) => void seen.push(probe) });
    expect(seen).toEqual(["root-write", "mount-table", "process-identity", "tmpfs-exec", "ro-mount-write"]);
  });

  it("a container that exits between probes: inconclusive, saying so, the rest not run", async () => {
    const v = await verifyContainer(id("itv-hook-stop"), undefined, {
      afterProbe: async (probe) => {
        if (probe === "root-write") await docker(["kill", "itv-hook-stop"]);
      },
    });
    expect(v.verdict).toBe("inconclusive");
    expect(v.detail).toMatch(
      /^the container stopped during the probes: it is exited now \(seen before mount-table\)$/,
    );
    expect(statuses(v)).toEqual({
      "root-write": "pass",
      "mount-table": "skipped",
      "process-identity": "skipped",
      "tmpfs-exec": "skipped",
      "ro-mount-write": "skipped",
    });
    expect(evidence(v, "process-identity")).toBe("not run: the container stopped during the probes");
  });

  it("a container paused between probes: inconclusive, no exec tried on it, nothing corrected", async () => {
    try {
      const v = await verifyContainer(id("itv-hook-pause"), undefined, {
        afterProbe: async (probe) => {
          if (probe === "process-identity") await docker(["pause", "itv-hook-pause"]);
        },
      });
      expect(v.verdict).toBe("inconclusive");
      expect(v.detail).toMatch(
        /^the container was paused during the probes: (it is paused now|the kernel's freezer says FROZEN) \(seen before tmpfs-exec\); unpause it/,
      );
      expect(statuses(v)).toEqual({
        "root-write": "pass",
        "mount-table": "pass",
        "process-identity": "fail",
        "tmpfs-exec": "skipped",
        "ro-mount-write": "skipped",
      });
      expect(evidence(v, "tmpfs-exec")).toBe("not run: the container was paused during the probes");
      expect(v.observed).toEqual({ rootReadOnly: null, process: null, tmpfsExec: null });
    } finally {
      await docker(["unpause", "itv-hook-pause"]);
    }
    expect(await changes("itv-hook-pause")).toEqual([""]);
  });

  it("inconclusive when the container stops mid-probe", async () => {
    const probe = verifyContainer(id("itv-slow-stop"));
    await new Promise((r) => setTimeout(r, 1000));
    await docker(["kill", "itv-slow-stop"]);
    const v = await probe;
    expect(v.verdict).toBe("inconclusive");
    expect(v.detail).toBe(
      "the container stopped during the probes: it is exited now (root-write: the probe was killed by SIGKILL: the container stopped or went away during the probe)",
    );
    expect(statuses(v)).toMatchObject({ "root-write": "skipped", "mount-table": "skipped" });
    expect(evidence(v, "mount-table")).toBe("not run: the container stopped during the probes");
  });

  it("inconclusive when the container is removed mid-probe", async () => {
    const probe = verifyContainer(id("itv-slow-remove"));
    await new Promise((r) => setTimeout(r, 1000));
    await docker(["rm", "-f", "itv-slow-remove"]);
    const v = await probe;
    expect(v.verdict).toBe("inconclusive");
    // The engine may still be removing it when Verify asks.
    expect(v.detail).toMatch(
      /^the container stopped during the probes: it is (exited|removing|removed) now \(root-write: (the probe was killed by SIGKILL|container went away)/,
    );
  });

  it("a write probe that does not answer in time proves nothing; the host's mount table still shows / read-write", async () => {
    process.env.ROAUDIT_PROBE_TIMEOUT_MS = "1500";
    try {
      const v = await verifyContainer(id("itv-slow-timeout"));
      expect(v.verdict).toBe("not-enforced");
      expect(v.detail).toMatch(/^the kernel's mount table says: \/ is mounted rw \([\w.-]+\)/);
      expect(statuses(v)).toMatchObject({ "root-write": "skipped", "mount-table": "fail" });
      expect(evidence(v, "root-write")).toBe("no answer within 1500 ms");
    } finally {
      delete process.env.ROAUDIT_PROBE_TIMEOUT_MS;
    }
    // The probe goes on in the container and cleans up after itself.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await docker(["diff", "itv-slow-timeout"])).not.toMatch(/roaudit/);
  });
});

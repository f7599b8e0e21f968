/**
 * What inspect hides, read from a real engine (issue 10): volumes that are binds or tmpfs mounts, devices,
 * emptied kernel path masks, engine sockets outside the default folders. Created containers suffice where
 * the checks only read the configuration.
 */
import { linkSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, docker, engineSocketPath, removeFleet, SUITE_LABEL } from "@/e2e/support/fleet";
import { generateRemediation } from "@/lib/audit/remediation";
import type { CheckResult } from "@/lib/audit/types";
import { containerDetail } from "./container-detail";
import { viewOf } from "./fleet";
import { loadSnapshot } from "./load-snapshot";

const SUITE = "it-inspect-kinds";
const LABEL = `${SUITE_LABEL}=${SUITE}`;
let ids: Record<string, string> = {};
let hostDir = "";
let socketDir = "";

async function removeVolumes(): Promise<void> {
  const names = (await docker(["volume", "ls", "-q", "--filter", `label=${LABEL}`]))
    .split("\n")
    .filter(Boolean);
  if (names.length > 0) await docker(["volume", "rm", "-f", ...names]);
}

beforeAll(async () => {
  await removeFleet(SUITE);
  await removeVolumes();
  hostDir = mkdtempSync(path.join(tmpdir(), "roaudit-kinds-"));
  // A hard link to the engine's socket is the same socket (same inode): it answers the Engine API. It must
  // live on the socket's file system, so beside it, in a folder of this suite's own.
  socketDir = mkdtempSync(path.join(path.dirname(path.dirname(engineSocketPath())), "roaudit-kinds-sock-"));
  mkdirSync(path.join(socketDir, "run", "x"), { recursive: true });
  linkSync(engineSocketPath(), path.join(socketDir, "run", "x", "api.sock"));
  await docker([
    "volume",
    "create",
    "--label",
    LABEL,
    "--driver",
    "local",
    "--opt",
    "type=none",
    "--opt",
    "o=bind",
    "--opt",
    `device=${hostDir}`,
    "itk-bindvol",
  ]);
  await docker([
    "volume",
    "create",
    "--label",
    LABEL,
    "--driver",
    "local",
    "--opt",
    "type=tmpfs",
    "--opt",
    "device=tmpfs",
    "itk-tmpfsvol",
  ]);
  await docker([
    "volume",
    "create",
    "--label",
    LABEL,
    "--driver",
    "local",
    "--opt",
    "type=tmpfs",
    "--opt",
    "device=tmpfs",
    "--opt",
    "o=noexec,nosuid,nodev,size=1m",
    "itk-tmpfsvol-hardened",
  ]);
  ids = await createFleet(SUITE, [
    { name: "itk-volbind", args: ["--read-only", "-v", "itk-bindvol:/config"], start: false },
    {
      name: "itk-volbind-inline",
      args: [
        "--read-only",
        "--mount",
        `type=volume,dst=/config,volume-driver=local,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=${hostDir}`,
      ],
      start: false,
    },
    {
      name: "itk-tmpfsvol",
      args: ["--read-only", "-v", "itk-tmpfsvol:/scratch", "-v", "itk-tmpfsvol-hardened:/safe"],
    },
    {
      name: "itk-systempaths",
      args: ["--read-only", "--security-opt", "systempaths=unconfined"],
      start: false,
    },
    {
      name: "itk-device",
      args: ["--read-only", "--device", "/dev/null:/dev/xnull", "--device-cgroup-rule", "c 1:3 rw"],
      start: false,
    },
    // Case cap-add-all-beats-cap-drop-all: the engine applies CapDrop ALL, then CapAdd ALL adds everything back.
    { name: "itk-capboth", args: ["--read-only", "--cap-drop", "ALL", "--cap-add", "ALL"], start: false },
    // The folder holding the very socket roaudit talks to (DOCKER_HOST), not a default location.
    {
      name: "itk-engine-dir",
      args: ["--read-only", "-v", `${path.dirname(engineSocketPath())}:/engine:ro`],
      start: false,
    },
    // A folder of no special name, with a hard link to the engine's socket two levels down.
    { name: "itk-hidden-socket", args: ["--read-only", "-v", `${socketDir}:/tools:ro`], start: false },
  ]);
});

afterAll(async () => {
  await removeFleet(SUITE);
  await removeVolumes();
  if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  if (socketDir) rmSync(socketDir, { recursive: true, force: true });
});

const idOf = (name: string) => {
  const id = ids[name];
  if (!id) throw new Error(`${name} was not created`);
  return id;
};

async function checksOf(name: string): Promise<Record<string, CheckResult>> {
  const view = await viewOf(idOf(name));
  if (!view) throw new Error(`${name} is gone`);
  return Object.fromEntries(view.checks.map((c) => [c.id, c]));
}

describe("volumes that are not what they say (case volume-local-driver-bind-hides-host-path)", () => {
  it.each(["itk-volbind", "itk-volbind-inline"])(
    "%s: a local volume with o=bind is judged as a writable bind of its host folder",
    async (name) => {
      const byId = await checksOf(name);
      expect(byId["writable-bind-mount"]?.status).toBe("fail");
      expect(byId["writable-bind-mount"]?.message).toContain(`/config ← ${hostDir}`);
      expect(byId["writable-volume"]?.status).toBe("pass");
    },
  );

  it("the detail page shows the bind volume's host folder", async () => {
    const detail = await containerDetail(idOf("itk-volbind"));
    expect(detail?.configuration.mounts).toEqual([
      expect.objectContaining({
        destination: "/config",
        backing: { kind: "bind", hostPath: hostDir, options: "bind" },
      }),
    ]);
  });

  it("a tmpfs volume gets none of the engine's tmpfs defaults, unless its o option gives them", async () => {
    const byId = await checksOf("itk-tmpfsvol");
    expect(byId["tmpfs-noexec"]?.status).toBe("fail");
    expect(byId["tmpfs-noexec"]?.message).toContain("/scratch");
    expect(byId["tmpfs-noexec"]?.message).not.toContain("/safe");
    expect(byId["tmpfs-nosuid"]?.status).toBe("fail");
    expect(byId["tmpfs-size"]?.message).toContain("/scratch");
    expect(byId["tmpfs-size"]?.message).not.toContain("/safe");
    const snapshot = await loadSnapshot(idOf("itk-tmpfsvol"));
    if (!snapshot) throw new Error("gone");
    expect(generateRemediation(snapshot, null).dockerRun).toMatch(/# check: .*\/scratch .*tmpfs.*noexec/);
  });
});

describe("security settings inspect spells elsewhere", () => {
  it("systempaths-unconfined-not-in-securityopt: systempaths=unconfined empties MaskedPaths and ReadonlyPaths: kernel-paths fails, the remediation says so", async () => {
    const byId = await checksOf("itk-systempaths");
    expect(byId["kernel-paths"]).toMatchObject({ status: "fail", severity: "high" });
    expect(byId["kernel-paths"]?.evidence.exposed).toContain("/proc/sys");
    expect(byId["seccomp-profile"]?.status).toBe("pass");
    const snapshot = await loadSnapshot(idOf("itk-systempaths"));
    if (!snapshot) throw new Error("gone");
    expect(generateRemediation(snapshot, null).dockerRun).toMatch(
      /# check: --security-opt: systempaths=unconfined/,
    );
    // a default container passes
    expect((await checksOf("itk-volbind"))["kernel-paths"]?.status).toBe("pass");
  });

  it("device-access-under-readonly-root: a --device and a --device-cgroup-rule fail host-devices, and the remediation keeps them with a note", async () => {
    const byId = await checksOf("itk-device");
    expect(byId["host-devices"]).toMatchObject({ status: "fail", severity: "high" });
    expect(byId["host-devices"]?.message).toContain("/dev/null as /dev/xnull");
    expect(byId["host-devices"]?.message).toContain("c 1:3 rw");
    const snapshot = await loadSnapshot(idOf("itk-device"));
    if (!snapshot) throw new Error("gone");
    const text = generateRemediation(snapshot, null).dockerRun;
    expect(text).toContain("--device /dev/null:/dev/xnull:rwm");
    expect(text).toMatch(/# check: --device: /);
    expect(text).toMatch(/# check: --device-cgroup-rule: /);
  });
});

describe("capabilities by their effect", () => {
  it("cap-add-all-beats-cap-drop-all: --cap-drop ALL --cap-add ALL keeps every capability; check, page and remediation agree", async () => {
    const byId = await checksOf("itk-capboth");
    expect(byId["cap-drop-all"]?.status).toBe("fail");
    expect(byId["cap-drop-all"]?.message).toMatch(/overridden by CapAdd ALL/);
    expect(byId["added-capabilities"]).toMatchObject({ status: "fail", severity: "high" });
    const detail = await containerDetail(idOf("itk-capboth"));
    expect(detail?.configuration.capabilities.effective).toContain("CAP_SYS_ADMIN");
    expect(byId["cap-drop-all"]?.evidence.effective).toEqual(detail?.configuration.capabilities.effective);
    const snapshot = await loadSnapshot(idOf("itk-capboth"));
    if (!snapshot) throw new Error("gone");
    expect(generateRemediation(snapshot, null).dockerRun).not.toMatch(/--cap-add ALL/);
  });
});

describe("engine sockets wherever they are", () => {
  it("a bind of the folder holding DOCKER_HOST's socket fails docker-socket-mount, read-only as it is", async () => {
    const byId = await checksOf("itk-engine-dir");
    expect(byId["docker-socket-mount"]).toMatchObject({ status: "fail", severity: "critical" });
    expect(byId["docker-socket-mount"]?.message).toContain("the one roaudit talks to");
  });

  it("a socket beneath a bind of an ordinary folder is found because it answers /_ping", async () => {
    const byId = await checksOf("itk-hidden-socket");
    expect(byId["docker-socket-mount"]).toMatchObject({ status: "fail", severity: "critical" });
    expect(byId["docker-socket-mount"]?.message).toContain(path.join(socketDir, "run", "x", "api.sock"));
    expect(byId["docker-socket-mount"]?.message).toContain("/_ping");
  });
});

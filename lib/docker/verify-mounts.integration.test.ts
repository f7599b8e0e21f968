/**
 * Verify's per-mount probes on a real engine (issue 10 kind 7): a `:ro` bind of a single file is tested by an
 * append-open that writes nothing; a read-only tmpfs passes ("nothing can be written"); a mount that proves
 * nothing never discards the others' proofs; tmpfs-exec covers every writable tmpfs in the kernel's table (a
 * tmpfs volume, `/dev/shm`) and shows the engine's `/dev` without failing it. Runs on the engine's host
 * (the host's `/proc` is the kernel's own answer).
 */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, fleetId, probeOf, removeFleet } from "@/e2e/support/fleet";
import { verifyContainer } from "./verify";

const SUITE = "it-verify-mounts";
let ids: Record<string, string> = {};
let hostDir = "";
let closedDir = "";
const CONF = "listen 8080;\n";

beforeAll(async () => {
  await removeFleet(SUITE);
  hostDir = await mkdtemp(path.join(tmpdir(), "roaudit-it-mounts-"));
  await chmod(hostDir, 0o755);
  // The usual config file: root's, 0644 (uid 65534 may not write it), and one anyone may write.
  await writeFile(path.join(hostDir, "app.conf"), CONF, { mode: 0o644 });
  await writeFile(path.join(hostDir, "open.conf"), CONF);
  await chmod(path.join(hostDir, "open.conf"), 0o666);
  closedDir = await mkdtemp(path.join(tmpdir(), "roaudit-it-mounts-closed-"));
  const hardened = ["--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"];
  const user = ["--user", "65534:65534", "--memory", "64m", "--pids-limit", "64"];
  ids = await createFleet(SUITE, [
    {
      // The case ro-bind-of-a-single-file, as captured.
      name: "itvm-filebind",
      args: [
        ...hardened,
        ...user,
        "-v",
        `${path.join(hostDir, "app.conf")}:/etc/app.conf:ro`,
        "-v",
        `${path.join(hostDir, "open.conf")}:/etc/open.conf:ro`,
        "-v",
        `${hostDir}:/srv/static:ro`,
      ],
    },
    {
      name: "itvm-tmpfs",
      args: [
        ...hardened,
        "--tmpfs",
        "/ro:ro",
        "--tmpfs",
        "/tmp:rw,noexec,nosuid,size=8m",
        "--mount",
        "type=volume,dst=/vol,volume-driver=local,volume-opt=type=tmpfs,volume-opt=device=tmpfs",
      ],
    },
    {
      name: "itvm-partial",
      args: [...hardened, "-v", `${closedDir}:/closed:ro`, "-v", `${hostDir}:/open:ro`],
    },
    { name: "itvm-filebind-rw", args: ["-v", `${path.join(hostDir, "open.conf")}:/etc/open.conf`] },
  ]);
}, 120_000);

afterAll(async () => {
  await removeFleet(SUITE);
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
  if (closedDir) await rm(closedDir, { recursive: true, force: true });
});

describe("per-mount probes on a real engine", () => {
  it("ro-bind-of-a-single-file: the file bind and the folder bind are each proven read-only; the files are untouched", async () => {
    const before = await stat(path.join(hostDir, "app.conf"));
    const v = await verifyContainer(fleetId(ids, "itvm-filebind"));
    expect(v.verdict).toBe("enforced");
    const ro = probeOf(v, "ro-mount-write");
    expect(ro.status).toBe("pass");
    expect(ro.evidence).toBe("writes refused (read-only) on: /etc/app.conf, /etc/open.conf, /srv/static");
    const details = ro.details ?? [];
    // 0644 root's file: EACCES comes before the mount check for an existing file; the kernel's table decides.
    expect(details.find((d) => d.startsWith("/etc/app.conf:"))).toMatch(
      /Permission denied.*the kernel's mount table says ro$/,
    );
    // 0666 file: the permission check passes, the mount refuses.
    expect(details.find((d) => d.startsWith("/etc/open.conf:"))).toMatch(
      /^\/etc\/open.conf: append-open refused: .*Read-only file system$/,
    );
    expect(details.find((d) => d.startsWith("/srv/static:"))).toMatch(/Read-only file system$/);
    expect(await readFile(path.join(hostDir, "app.conf"), "utf8")).toBe(CONF);
    expect(await readFile(path.join(hostDir, "open.conf"), "utf8")).toBe(CONF);
    expect((await stat(path.join(hostDir, "app.conf"))).mtimeMs).toBe(before.mtimeMs);
  });

  it("a single-file bind meant writable is not tested and stays untouched", async () => {
    const v = await verifyContainer(fleetId(ids, "itvm-filebind-rw"));
    expect(probeOf(v, "ro-mount-write")).toMatchObject({
      status: "skipped",
      evidence: "no read-only bind, volume or tmpfs mounts",
    });
    expect(await readFile(path.join(hostDir, "open.conf"), "utf8")).toBe(CONF);
  });

  it("a read-only tmpfs passes both probes; a tmpfs volume and /dev/shm are tested; /dev is shown, never failed", async () => {
    const v = await verifyContainer(fleetId(ids, "itvm-tmpfs"));
    const exec = probeOf(v, "tmpfs-exec");
    // The tmpfs volume gets none of the engine's tmpfs defaults: a written file runs there.
    expect(exec.status).toBe("fail");
    expect(exec.evidence).toBe("a written file ran on: /vol");
    const details = exec.details ?? [];
    // The evidence names the probe's real file, `.roaudit-<hex>`.
    expect(details.join("\n")).toMatch(
      /^\/ro: mounted read-only: nothing can be written, so nothing can run \(mkdir: can't create directory '\/ro\/\.roaudit-[0-9a-f]{16,64}': Read-only file system\)$/m,
    );
    expect(details.find((d) => d.startsWith("/dev/shm:"))).toMatch(/^\/dev\/shm: refused: /);
    expect(details.find((d) => d.startsWith("/tmp:"))).toMatch(/^\/tmp: refused: /);
    expect(details).toContain(
      "/dev: the engine's own /dev (no option can make it noexec): shown, not tested",
    );
    expect(v.observed).toMatchObject({ tmpfsExec: { ran: ["/vol"] } });
    expect(probeOf(v, "ro-mount-write")).toMatchObject({
      status: "pass",
      evidence: expect.stringMatching(
        /^\/ro: can't create \/ro\/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/,
      ),
    });
  });

  it("a mount that proves nothing never discards the others' proofs", async () => {
    const v = await verifyContainer(fleetId(ids, "itvm-partial"));
    const ro = probeOf(v, "ro-mount-write");
    expect(ro.status).toBe("pass");
    expect(ro.evidence).toMatch(
      /^writes refused \(read-only\) on: \/open; not proven on \/closed \(uid 65534 cannot enter the folder/,
    );
    expect(ro.details).toHaveLength(2);
  });
});

/**
 * Mount destinations as the kernel sees them (issue 10 kind 6, probe side), on a real engine: `//etc` is
 * `/etc` (case tmpfs-destination-not-normalized), and a destination under a symlink of the image
 * (`/var/run -> /run`) is found in the mount table where runc mounted it. Runs on the engine's host.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, docker, fleetId, probeOf, removeFleet } from "@/e2e/support/fleet";
import { verifyContainer } from "./verify";

const SUITE = "it-verify-scope";
const LINKED_IMAGE = `roaudit-fixture:it-verify-scope-${randomBytes(4).toString("hex")}`;
let ids: Record<string, string> = {};
let hostDir = "";

beforeAll(async () => {
  await removeFleet(SUITE);
  hostDir = await mkdtemp(path.join(tmpdir(), "roaudit-it-scope-"));
  await chmod(hostDir, 0o755);
  // The busybox fixture with /run and /var/run -> /run, as many distributions ship it.
  const builder = `itvs-builder-${randomBytes(4).toString("hex")}`;
  await docker([
    "run",
    "--name",
    builder,
    "--label",
    `roaudit.test=${SUITE}`,
    "--network",
    "none",
    "roaudit-fixture:busybox",
    "sh",
    "-c",
    "mkdir -p /run /var && rm -rf /var/run && ln -s /run /var/run",
  ]);
  await docker([
    "commit",
    "--change",
    `LABEL roaudit.test=${SUITE}`,
    "--change",
    'CMD ["sleep","infinity"]',
    builder,
    LINKED_IMAGE,
  ]);
  await docker(["rm", builder]);
  const hardened = [
    "--read-only",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--memory",
    "64m",
  ];
  ids = await createFleet(SUITE, [
    { name: "itvs-etc-dblslash", args: [...hardened, "--tmpfs", "//etc:rw,noexec,nosuid,size=1m"] },
    {
      name: "itvs-destforms",
      args: [
        ...hardened,
        "--user",
        "65534:65534",
        "--tmpfs",
        "/tmp/:rw,noexec,nosuid,size=8m",
        "--tmpfs",
        "//srv//cache:rw,noexec,nosuid,size=8m",
        "-v",
        `${hostDir}:/srv/./static/:ro`,
      ],
    },
    {
      name: "itvs-var-run",
      image: LINKED_IMAGE,
      args: [
        ...hardened,
        "--user",
        "65534:65534",
        "--tmpfs",
        "/var/run/app:rw,noexec,nosuid,mode=1777,size=1m",
        "-v",
        `${hostDir}:/var/run/ro:ro`,
      ],
    },
  ]);
}, 120_000);

afterAll(async () => {
  await removeFleet(SUITE);
  await docker(["image", "rm", "--force", LINKED_IMAGE]).catch(() => undefined);
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

describe("mount destinations as the kernel sees them", () => {
  it("tmpfs-destination-not-normalized: --read-only --tmpfs //etc is enforced; the probe writes to /", async () => {
    const v = await verifyContainer(fleetId(ids, "itvs-etc-dblslash"));
    expect(v.verdict).toBe("enforced");
    expect(probeOf(v, "root-write")).toMatchObject({
      status: "pass",
      evidence: expect.stringMatching(/^can't create \/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/),
    });
    expect(probeOf(v, "mount-table").status).toBe("pass");
    expect(JSON.stringify(v)).not.toContain("//etc");
  });

  it("//srv//cache, /tmp/ and /srv/./static/ are found in the mount table under their clean names", async () => {
    const v = await verifyContainer(fleetId(ids, "itvs-destforms"));
    expect(v.verdict).toBe("enforced");
    expect(probeOf(v, "mount-table").status).toBe("pass");
    expect(probeOf(v, "tmpfs-exec").details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/srv\/cache: refused: /),
        expect.stringMatching(/^\/tmp: refused: /),
      ]),
    );
    expect(probeOf(v, "ro-mount-write")).toMatchObject({ status: "pass" });
  });

  it("/var/run -> /run in the image: the mounts at /var/run/… are matched where runc mounted them (/run/…)", async () => {
    const v = await verifyContainer(fleetId(ids, "itvs-var-run"));
    const table = probeOf(v, "mount-table");
    expect(table.status, table.evidence).toBe("pass");
    expect(table.evidence).not.toMatch(/not in the mount table/);
    expect(probeOf(v, "tmpfs-exec").details).toContainEqual(expect.stringMatching(/^\/run\/app: refused: /));
    expect(probeOf(v, "ro-mount-write")).toMatchObject({
      status: "pass",
      evidence: expect.stringMatching(
        /^\/run\/ro: can't create \/run\/ro\/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/,
      ),
    });
    expect(v.verdict).toBe("enforced");
  });

  it("off the engine's host: /var/run/… destinations are resolved by the fixed probe in the container", async () => {
    // An empty /proc: the path roaudit takes when it is not on the engine's host.
    const v = await verifyContainer(fleetId(ids, "itvs-var-run"), undefined, { procRoot: hostDir });
    const table = probeOf(v, "mount-table");
    expect(table.details?.[0]).toBe("read from /proc/1 in the container");
    expect(table.evidence).not.toMatch(/not in the mount table/);
    expect(table.details ?? []).not.toContainEqual(expect.stringMatching(/not resolved/));
    expect(probeOf(v, "tmpfs-exec").details).toContainEqual(expect.stringMatching(/^\/run\/app: refused: /));
    expect(probeOf(v, "ro-mount-write")).toMatchObject({
      status: "pass",
      evidence: expect.stringMatching(
        /^\/run\/ro: can't create \/run\/ro\/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/,
      ),
    });
  });
});

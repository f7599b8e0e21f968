/**
 * The mount table as a second witness for volumes (issue 10, kind 1), on a real engine: `local` volumes with
 * `type=tmpfs`, with `o=bind` and plain ones agree with what PID 1's mountinfo shows; where a process with
 * CAP_SYS_ADMIN mounted something else over them, Verify's mount-table probe names the volume and what the
 * kernel shows instead. Runs on the engine's host, as root (a bind volume's device folder is made here).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, docker, fleetId, probeOf, removeFleet, SUITE_LABEL } from "@/e2e/support/fleet";
import { verifyContainer } from "./verify";

const SUITE = "it-verify-volume-witness";
const TAG = randomBytes(4).toString("hex");
const vol = (kind: string) => `itvw-${kind}-${TAG}`;
let ids: Record<string, string> = {};
let hostDir = "";

const volumes = (prefix: string) => [
  "-v",
  `${vol(`${prefix}tmpfs`)}:/t`,
  "-v",
  `${vol(`${prefix}bind`)}:/b`,
  "-v",
  `${vol(`${prefix}plain`)}:/p`,
];

async function createVolumes(prefix: string): Promise<void> {
  const label = ["--label", `${SUITE_LABEL}=${SUITE}`];
  await docker([
    "volume",
    "create",
    ...label,
    "-o",
    "type=tmpfs",
    "-o",
    "device=tmpfs",
    "-o",
    "o=size=1m",
    vol(`${prefix}tmpfs`),
  ]);
  await docker([
    "volume",
    "create",
    ...label,
    "-o",
    "type=none",
    "-o",
    "o=bind",
    "-o",
    `device=${hostDir}`,
    vol(`${prefix}bind`),
  ]);
  await docker(["volume", "create", ...label, vol(`${prefix}plain`)]);
}

beforeAll(async () => {
  await removeFleet(SUITE);
  hostDir = await mkdtemp(path.join(tmpdir(), "roaudit-it-witness-"));
  await chmod(hostDir, 0o755);
  await createVolumes("");
  await createVolumes("c");
  ids = await createFleet(SUITE, [
    { name: "itvw-agree", args: ["--read-only", ...volumes("")] },
    {
      // Covers each volume with something else: a tmpfs over the plain one, the image's /etc over the bind
      // one and over the tmpfs one.
      name: "itvw-covered",
      args: [
        "--read-only",
        "--cap-add",
        "SYS_ADMIN",
        "--security-opt",
        "apparmor=unconfined",
        ...volumes("c"),
      ],
      cmd: [
        "sh",
        "-c",
        "mount -t tmpfs x /p && mount --bind /etc /b && mount --bind /etc /t && exec sleep 1000",
      ],
    },
  ]);
  await new Promise((r) => setTimeout(r, 1_000));
}, 120_000);

afterAll(async () => {
  await removeFleet(SUITE);
  for (const p of ["", "c"])
    for (const k of ["tmpfs", "bind", "plain"])
      await docker(["volume", "rm", "-f", vol(`${p}${k}`)]).catch(() => undefined);
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

describe("volumes witnessed by the mount table", () => {
  it("type=tmpfs, o=bind and plain local volumes agree with the kernel: nothing reported", async () => {
    const v = await verifyContainer(fleetId(ids, "itvw-agree"));
    const table = probeOf(v, "mount-table");
    expect(table.status, table.evidence).toBe("pass");
    expect(table.evidence).not.toMatch(/kernel shows/);
    expect(table.details ?? []).not.toContainEqual(expect.stringMatching(/judged by the kernel/));
    expect(table.details).toContainEqual(expect.stringMatching(/^\/t tmpfs rw/));
    // The tmpfs volume is tested as the tmpfs it is.
    expect(probeOf(v, "tmpfs-exec").details).toContainEqual(expect.stringMatching(/^\/t: /));
  });

  it("volumes covered by other mounts: each disagreement is named with what the kernel shows", async () => {
    const v = await verifyContainer(fleetId(ids, "itvw-covered"));
    const table = probeOf(v, "mount-table");
    const lines = (table.details ?? []).filter((l) => l.startsWith("volume judged by the kernel: "));
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(/^volume judged by the kernel: \/p .*storage.*tmpfs/));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^volume judged by the kernel: /b .*bind of ${hostDir}.*/etc`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^volume judged by the kernel: \/t .*say tmpfs, the kernel shows overlay/),
    );
    expect(table.evidence).toMatch(/volumes the kernel shows otherwise than their options/);
    // Judged by what the kernel shows: the plain volume is a writable tmpfs now, and the tmpfs-exec probe tests it.
    expect(probeOf(v, "tmpfs-exec").details).toContainEqual(expect.stringMatching(/^\/p: /));
  });
});

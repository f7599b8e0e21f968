/**
 * Verify on a container at its PIDs limit (issue 10 kind 8, case pids-limit-full-probe-cannot-fork): the
 * probes' shell wrapper cannot start a process there. The answer must name the cause ("the PIDs limit is
 * reached"), never read the runtime's exit 126 as "no shell in the image", never give a false verdict, and
 * where a single plain exec still starts, prove the read-only root with it. Runs on the engine's host.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, fleetId, probeOf, removeFleet } from "@/e2e/support/fleet";
import { verifyContainer } from "./verify";

const SUITE = "it-verify-pids";
let ids: Record<string, string> = {};
let hostDir = "";
const FILL = ["sh", "-c", "sleep 3600 & exec sleep 3600"];

beforeAll(async () => {
  await removeFleet(SUITE);
  hostDir = await mkdtemp(path.join(tmpdir(), "roaudit-it-pids-"));
  const hardened = ["--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"];
  const user = ["--user", "65534:65534", "--memory", "64m"];
  ids = await createFleet(SUITE, [
    // The case as captured: 2 of 2 processes used.
    { name: "itvp-pidsfull", args: [...hardened, ...user, "--pids-limit", "2"], cmd: FILL },
    {
      name: "itvp-pidsfull-mounts",
      args: [
        ...hardened,
        ...user,
        "--pids-limit",
        "2",
        "--tmpfs",
        "/tmp:rw,noexec,nosuid,size=8m",
        "-v",
        `${hostDir}:/ro:ro`,
      ],
      cmd: FILL,
    },
    // One slot free: the wrapper's fork cannot fit; a plain exec may.
    { name: "itvp-pids-one-left", args: [...hardened, ...user, "--pids-limit", "3"], cmd: FILL },
  ]);
}, 120_000);

afterAll(async () => {
  await removeFleet(SUITE);
  if (hostDir) await rm(hostDir, { recursive: true, force: true });
});

describe("Verify at a container's PIDs limit", () => {
  it("pids-limit-full-probe-cannot-fork: the evidence names the PIDs limit, never 'no shell', never a false verdict", async () => {
    const v = await verifyContainer(fleetId(ids, "itvp-pidsfull"));
    const root = probeOf(v, "root-write");
    expect(root.evidence).toMatch(
      /^the PIDs limit is reached \(2 of 2 processes\): the probe's shell could not start a process/,
    );
    expect(JSON.stringify(v)).not.toMatch(/no shell in the image/);
    // Either a plain exec got in and proved it, or nothing could: never not-enforced on a read-only root.
    if (root.status === "pass") {
      expect(root.evidence).toMatch(
        /a single plain exec of \/bin\/touch answered: touch: \/etc\/\.roaudit-[0-9a-f]{16,64}: Read-only file system$/,
      );
      expect(v.verdict).toBe("enforced");
    } else {
      expect(root.status).toBe("skipped");
      expect(root.evidence).toMatch(
        /a single plain exec could not start either \(3 tries: .*\), so no write could prove it$/,
      );
      expect(v.verdict).toBe("inconclusive");
    }
    // The host's /proc is the kernel's own answer: no process needed.
    expect(probeOf(v, "mount-table").status).toBe("pass");
    expect(probeOf(v, "process-identity").status).toBe("pass");
  });

  it("the per-mount probes name the PIDs limit too", async () => {
    const v = await verifyContainer(fleetId(ids, "itvp-pidsfull-mounts"));
    expect(v.verdict).not.toBe("not-enforced");
    for (const p of ["tmpfs-exec", "ro-mount-write"] as const) {
      const result = probeOf(v, p);
      if (result.status !== "pass")
        expect(result.evidence, p).toMatch(
          /^the PIDs limit is reached \(2 of 2 processes\): the probe could not start a process/,
        );
    }
    expect(JSON.stringify(v)).not.toMatch(/no shell in the image/);
  });

  it("with one slot left the runtime still cannot start an exec: the evidence says the limit is nearly reached", async () => {
    const v = await verifyContainer(fleetId(ids, "itvp-pids-one-left"));
    const root = probeOf(v, "root-write");
    expect(v.verdict).not.toBe("not-enforced");
    expect(JSON.stringify(v)).not.toMatch(/no shell in the image/);
    // A plain exec may get in (then it proves the read-only root) or not: either way the cause is named.
    if (root.status === "pass") expect(root.evidence).toMatch(/Read-only file system$/);
    else expect(root.evidence).toMatch(/^the PIDs limit is nearly reached \(2 of 3 processes; /);
  });
});

/**
 * A container whose own processes leave PID 1's namespaces, on a real engine: with seccomp and AppArmor
 * unconfined, `unshare -Urm` (busybox) makes a user and mount namespace of its own, where the process mounts
 * what it likes over the read-only root (`mount -t tmpfs x /etc`: a writable /etc for it alone). PID 1's
 * view still shows / read-only and refuses the probe's write, so before this change Verify said `enforced`.
 * Runs on the engine's host (the namespaces are compared through the host's /proc). What the kernel here
 * allows decides what is asserted: where it refuses the unshare, the container's processes all share PID 1's
 * namespaces and the verdict is `enforced` — never a skipped test.
 */
import { readlink } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFleet, docker, fleetId, probeOf, removeFleet } from "@/e2e/support/fleet";
import { verifyContainer } from "./verify";

const SUITE = "it-verify-namespaces";
let ids: Record<string, string> = {};

const UNCONFINED = ["--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined"];
const HARDENED = ["--read-only", "--user", "1000:1000", "--cap-drop", "ALL"];
// The main process starts the unshared one and stays in the container's own namespaces. The inner one records
// whether its unshare and mount worked, as its own namespace sees them, then sleeps there.
const ESCAPE = `unshare -Urm sh -c 'mount -t tmpfs x /etc && touch /etc/x && echo wrote > /tmp/escape-result; exec sleep 1000' 2>/dev/null & exec sleep 1000`;

beforeAll(async () => {
  await removeFleet(SUITE);
  ids = await createFleet(SUITE, [
    {
      name: "itvn-unshared",
      args: [...HARDENED, ...UNCONFINED, "--tmpfs", "/tmp:rw,noexec,nosuid,size=1m"],
      cmd: ["sh", "-c", ESCAPE],
    },
    // The same, confined by the engine's default seccomp profile: unshare is refused, nothing leaves.
    {
      name: "itvn-confined",
      args: [...HARDENED, "--tmpfs", "/tmp:rw,noexec,nosuid,size=1m"],
      cmd: ["sh", "-c", ESCAPE],
    },
  ]);
  // Give the inner process time to unshare and mount.
  await new Promise((r) => setTimeout(r, 1_500));
}, 120_000);

afterAll(async () => {
  await removeFleet(SUITE);
});

/** Host pids of the container's processes whose mount namespace is not PID 1's (what the kernel allowed). */
async function apartPids(name: string): Promise<number[]> {
  const pid1 = Number(await docker(["inspect", "-f", "{{.State.Pid}}", name]));
  const own = await readlink(`/proc/${pid1}/ns/mnt`);
  const pids = (await docker(["top", name, "-eo", "pid"])).split("\n").slice(1).map(Number);
  const apart: number[] = [];
  for (const pid of pids) {
    const mnt = await readlink(`/proc/${pid}/ns/mnt`).catch(() => own);
    if (mnt !== own) apart.push(pid);
  }
  return apart;
}

describe("processes of a container in namespaces other than PID 1's", () => {
  it("unshare -Urm under unconfined seccomp/AppArmor: inconclusive, naming the process — never enforced", async () => {
    const apart = await apartPids("itvn-unshared");
    const v = await verifyContainer(fleetId(ids, "itvn-unshared"));
    if (apart.length > 0) {
      expect(v.verdict).toBe("inconclusive");
      expect(v.detail).toContain(`process ${apart[0]} (host pid)`);
      expect(v.detail).toMatch(/user namespace user:\[\d+\] and mount namespace mnt:\[\d+\]/);
      // PID 1's own readings are kept, but no longer count as proof.
      for (const p of ["root-write", "mount-table"] as const) {
        expect(probeOf(v, p).status).toBe("skipped");
        expect(probeOf(v, p).evidence).toContain("PID 1's own view");
      }
      expect(v.observed?.rootReadOnly).toBeNull();
      // Its capabilities there are the namespace's, and said so.
      expect(probeOf(v, "process-identity").details).toContainEqual(
        expect.stringMatching(new RegExp(`^process ${apart[0]} .*namespaced, not host-effective$`)),
      );
    } else {
      // This kernel refused the unshare: every process shares PID 1's namespaces.
      expect(v.verdict).toBe("enforced");
    }
  });

  it("the same escape under the default seccomp profile is refused: enforced", async () => {
    expect(await apartPids("itvn-confined")).toEqual([]);
    const v = await verifyContainer(fleetId(ids, "itvn-confined"));
    expect(v.verdict).toBe("enforced");
  });
});

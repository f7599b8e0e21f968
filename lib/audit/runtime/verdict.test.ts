import { describe, expect, it } from "vitest";
import type { ProbeResult, ProbeStatus } from "../types";
import { overallVerdict, type VerdictInput } from "./verdict";

const probe = (id: ProbeResult["id"], status: ProbeStatus, evidence: string): ProbeResult => ({
  id,
  status,
  evidence,
});
const EROFS = probe("root-write", "pass", "touch: /etc/test-file: Read-only file system");
const WROTE = probe("root-write", "fail", "write to /etc succeeded (probe file created and removed)");
const NO_SHELL = probe("root-write", "skipped", "no shell in the image (exit 126): OCI runtime exec failed");
const RO = probe("mount-table", "pass", "/ is mounted ro (overlay)");
const RW = probe("mount-table", "fail", "/ is mounted rw (overlay)");
const NO_TABLE = probe(
  "mount-table",
  "skipped",
  "no shell in the image; the host's /proc: not on the engine's host",
);
const NO_RO_MOUNTS = probe("ro-mount-write", "skipped", "no read-only bind, volume or tmpfs mounts");

const input = (over: Partial<VerdictInput>): VerdictInput => ({
  rootWrite: EROFS,
  mountTable: RO,
  roMountWrite: NO_RO_MOUNTS,
  rootReadOnly: true,
  stopped: null,
  configReadOnly: true,
  mountTableFromHost: true,
  ...over,
});

describe("overallVerdict", () => {
  it("enforced only with EROFS and / read-only in the mount table", () => {
    expect(overallVerdict(input({}))).toEqual({
      verdict: "enforced",
      detail: "touch: /etc/test-file: Read-only file system",
    });
  });

  it("not-enforced when the root write succeeded", () => {
    expect(overallVerdict(input({ rootWrite: WROTE, mountTable: RW, rootReadOnly: false }))).toEqual({
      verdict: "not-enforced",
      detail: "write to /etc succeeded (probe file created and removed)",
    });
  });

  it("not-enforced when / is read-write, even without a write (no shell, host /proc)", () => {
    expect(overallVerdict(input({ rootWrite: NO_SHELL, mountTable: RW, rootReadOnly: false }))).toEqual({
      verdict: "not-enforced",
      detail: "the kernel's mount table says: / is mounted rw (overlay)",
    });
  });

  it("not-enforced when a :ro mount took a write", () => {
    const roMountWrite = probe("ro-mount-write", "fail", "write succeeded on read-only mount: /data");
    expect(overallVerdict(input({ roMountWrite }))).toEqual({
      verdict: "not-enforced",
      detail: "write succeeded on read-only mount: /data",
    });
  });

  it("inconclusive with a read-only table but no write tried (no shell)", () => {
    expect(overallVerdict(input({ rootWrite: NO_SHELL }))).toEqual({
      verdict: "inconclusive",
      detail:
        "no shell in the image (exit 126): OCI runtime exec failed; the mount table shows / read-only, but no write could prove it",
    });
  });

  it("inconclusive with EROFS but no mount table: never enforced without proof", () => {
    expect(overallVerdict(input({ mountTable: NO_TABLE, rootReadOnly: null })).verdict).toBe("inconclusive");
  });

  it("inconclusive with nothing read", () => {
    expect(overallVerdict(input({ rootWrite: NO_SHELL, mountTable: NO_TABLE, rootReadOnly: null }))).toEqual({
      verdict: "inconclusive",
      detail:
        "no shell in the image (exit 126): OCI runtime exec failed; mount table: no shell in the image; the host's /proc: not on the engine's host",
    });
  });

  it("inconclusive when the container stopped during the probes, unless a write was proven before", () => {
    expect(
      overallVerdict(input({ stopped: "it is exited now (mount-table: the engine refused the exec)" })),
    ).toEqual({
      verdict: "inconclusive",
      detail:
        "the container stopped during the probes: it is exited now (mount-table: the engine refused the exec)",
    });
  });

  it("a write proven before the container stopped still makes it not-enforced", () => {
    expect(
      overallVerdict(input({ rootWrite: WROTE, rootReadOnly: null, stopped: "it is exited now" })),
    ).toEqual({
      verdict: "not-enforced",
      detail: "write to /etc succeeded (probe file created and removed)",
    });
  });

  it("inconclusive when the container's own mount table says / is read-only against its configuration", () => {
    const fromInside = { configReadOnly: false, mountTableFromHost: false };
    expect(overallVerdict(input(fromInside)).verdict).toBe("inconclusive");
    expect(overallVerdict(input(fromInside)).detail).toMatch(/ReadonlyRootfs is false/);
    // The host's reading is the kernel's: a container that remounted / read-only itself is read-only.
    expect(overallVerdict(input({ configReadOnly: false, mountTableFromHost: true })).verdict).toBe(
      "enforced",
    );
  });
});

describe("overallVerdict with the container's processes' namespaces", () => {
  const pid1 = { pid: 100, user: "user:[4026531837]", mnt: "mnt:[4026532177]" };
  const apart = {
    kind: "apart" as const,
    pid1,
    processes: [{ pid: 4242, differ: ["user" as const, "mnt" as const], user: "user:[9]", mnt: "mnt:[8]" }],
  };

  it("never enforced while a process lives in another user or mount namespace: inconclusive, naming it", () => {
    const r = overallVerdict(input({ namespaces: apart }));
    expect(r.verdict).toBe("inconclusive");
    expect(r.detail).toContain("4242");
    expect(r.detail).toContain("mnt:[8]");
  });

  it("inconclusive when the processes could not be compared on the host", () => {
    const r = overallVerdict(input({ namespaces: { kind: "unknown", reason: "no listing" } }));
    expect(r.verdict).toBe("inconclusive");
  });

  it("a proven write still makes it not-enforced", () => {
    expect(overallVerdict(input({ rootWrite: WROTE, namespaces: apart })).verdict).toBe("not-enforced");
  });

  it("enforced when every process shares PID 1's namespaces", () => {
    expect(overallVerdict(input({ namespaces: { kind: "same", checked: 2 } })).verdict).toBe("enforced");
  });
});

/**
 * Verify against a real engine, one labelled container per case. Needs DOCKER_HOST (or the default socket)
 * and the fixture images (`ensure_fixture_images` in scripts/lib.sh).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFleet, docker, removeFleet } from "@/e2e/support/fleet";
import { ApiError } from "@/lib/api/errors";
import { verifyContainer } from "./verify";

const SUITE = "it-verify";
let ids: Record<string, string> = {};

// A `sh` that waits first, so a test can act while the probe runs (busybox sh runs touch as a built-in
// applet, so the shell itself is what must be slow). Installed with a setup exec.
const SLOW_SH = '#!/bin/busybox sh\nsleep 5\nexec /bin/busybox sh "$@"\n';

beforeAll(async () => {
  await removeFleet(SUITE);
  ids = await createFleet(SUITE, [
    { name: "itv-readonly", args: ["--read-only", "--tmpfs", "/tmp"] },
    { name: "itv-writable", args: [] },
    { name: "itv-nonroot-writable", args: ["--user", "65534:65534"] },
    { name: "itv-nonroot-readonly", args: ["--read-only", "--user", "65534:65534", "--cap-drop", "ALL"] },
    { name: "itv-noshell", image: "roaudit-fixture:noshell", args: ["--read-only"] },
    { name: "itv-paused", args: ["--read-only"] },
    { name: "itv-exited", args: [], cmd: ["true"] },
    { name: "itv-created", args: [], start: false },
    { name: "itv-etc-volume-ro", args: ["-v", "roaudit-itv-etc:/etc:ro"] },
    { name: "itv-ro-etc-tmpfs", args: ["--read-only", "--tmpfs", "/etc:rw,noexec,nosuid,size=1m"] },
    { name: "itv-slow-stop", args: [] },
    { name: "itv-slow-remove", args: [] },
    { name: "itv-slow-timeout", args: [] },
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
  await removeFleet(SUITE);
  await docker(["volume", "rm", "roaudit-itv-etc"]).catch(() => undefined);
});

const id = (name: string) => {
  const value = ids[name];
  if (!value) throw new Error(`no container ${name}`);
  return value;
};

describe("verifyContainer", () => {
  it("enforced on a read-only root", async () => {
    const v = await verifyContainer(id("itv-readonly"));
    expect(v.verdict).toBe("enforced");
    expect(v.detail).toBe("touch: /etc/test-file: Read-only file system");
    expect(Number.isNaN(Date.parse(v.checkedAt))).toBe(false);
  });

  it("writes every exec to the audit log as one JSON line with the caller's identity", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await verifyContainer(id("itv-nonroot-readonly"), { identity: "session:abcd1234" });
      const lines = write.mock.calls
        .map(([chunk]) => String(chunk))
        .filter((l) => l.includes('"roaudit.exec"'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? "")).toEqual({
        type: "roaudit.exec",
        at: expect.any(String),
        containerId: id("itv-nonroot-readonly"),
        containerName: "itv-nonroot-readonly",
        probe: "root-write",
        outcome: "enforced",
        identity: "session:abcd1234",
      });
    } finally {
      write.mockRestore();
    }
  });

  it("not-enforced on a writable root, and leaves nothing behind (docker diff is empty)", async () => {
    const v = await verifyContainer(id("itv-writable"));
    expect(v.verdict).toBe("not-enforced");
    expect(await docker(["diff", "itv-writable"])).toBe("");
  });

  it("not-enforced for a non-root container on a writable root: the probe runs as uid 0 (case verify-as-nonroot-permission-denied)", async () => {
    const v = await verifyContainer(id("itv-nonroot-writable"));
    expect(v.verdict).toBe("not-enforced");
    expect(await docker(["diff", "itv-nonroot-writable"])).toBe("");
  });

  it("enforced for a non-root container on a read-only root with all capabilities dropped", async () => {
    expect((await verifyContainer(id("itv-nonroot-readonly"))).verdict).toBe("enforced");
  });

  it("a read-only /etc volume on a writable root does not pass for a read-only root: the probe writes to /", async () => {
    const v = await verifyContainer(id("itv-etc-volume-ro"));
    expect(v).toMatchObject({
      verdict: "not-enforced",
      detail: "write to / succeeded (probe file created and removed)",
    });
    expect(await docker(["diff", "itv-etc-volume-ro"])).toBe("");
  });

  it("a writable tmpfs on /etc of a read-only root does not pass for a writable root", async () => {
    const v = await verifyContainer(id("itv-ro-etc-tmpfs"));
    expect(v).toMatchObject({ verdict: "enforced", detail: "touch: /test-file: Read-only file system" });
  });

  it("inconclusive without a shell (case verify-no-touch-binary)", async () => {
    const v = await verifyContainer(id("itv-noshell"));
    expect(v.verdict).toBe("inconclusive");
    expect(v.detail).toMatch(/^no shell in the image \(exit 126\): OCI runtime exec failed/);
  });

  it.each([
    ["itv-paused", "paused"],
    ["itv-exited", "exited"],
    ["itv-created", "created"],
  ])(
    "refuses %s with 409 container_not_running and runs no exec (case container-state-exec-errors)",
    async (name, state) => {
      const error = await verifyContainer(id(name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: "container_not_running", status: 409 });
      expect((error as ApiError).message).toBe(
        `Container "${name}" is ${state}; Verify needs a running container.`,
      );
      const execs = await docker(["inspect", "--format", "{{len .ExecIDs}}", name]);
      expect(execs).toBe("0");
    },
  );

  it("answers not_found for a container that does not exist", async () => {
    const error = await verifyContainer("f".repeat(64)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "not_found", status: 404 });
  });

  it("joins a verify already running on the same container", async () => {
    const [a, b] = [verifyContainer(id("itv-readonly")), verifyContainer(id("itv-readonly"))];
    expect(a).toBe(b);
    expect((await a).verdict).toBe("enforced");
  });

  it("inconclusive when the container stops mid-probe", async () => {
    const probe = verifyContainer(id("itv-slow-stop"));
    await new Promise((r) => setTimeout(r, 1000));
    await docker(["kill", "itv-slow-stop"]);
    expect(await probe).toEqual({
      verdict: "inconclusive",
      detail: "the probe was killed by SIGKILL: the container stopped or went away during the probe",
      checkedAt: expect.any(String),
    });
  });

  it("inconclusive when the container is removed mid-probe", async () => {
    const probe = verifyContainer(id("itv-slow-remove"));
    await new Promise((r) => setTimeout(r, 1000));
    await docker(["rm", "-f", "itv-slow-remove"]);
    expect(await probe).toEqual({
      verdict: "inconclusive",
      detail: "the probe was killed by SIGKILL: the container stopped or went away during the probe",
      checkedAt: expect.any(String),
    });
  });

  it("inconclusive when the probe does not answer in time", async () => {
    process.env.ROAUDIT_PROBE_TIMEOUT_MS = "1500";
    try {
      const v = await verifyContainer(id("itv-slow-timeout"));
      expect(v).toMatchObject({ verdict: "inconclusive", detail: "no answer within 2 s" });
    } finally {
      delete process.env.ROAUDIT_PROBE_TIMEOUT_MS;
    }
    // The probe goes on in the container and cleans up after itself.
    await new Promise((r) => setTimeout(r, 5000));
    expect(await docker(["diff", "itv-slow-timeout"])).not.toMatch(/roaudit/);
  });
});

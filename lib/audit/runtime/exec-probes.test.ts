import { describe, expect, it } from "vitest";
import type { ProbeRun } from "../root-write-probe";
import {
  boundedCommand,
  classifyReadRun,
  classifyRoMountWrite,
  classifyTmpfsExec,
  FILE_MARKER,
  readProcCommand,
  roMountWriteCommand,
  tmpfsExecCommand,
} from "./exec-probes";
import { procFixture } from "./fixtures";

const HEX = "0123456789abcdef0123456789abcdef";
const exited = (stdout: string, exitCode: number | null = 0, stderr = ""): ProbeRun => ({
  kind: "exited",
  exitCode,
  stdout,
  stderr,
});
// The runtime's answer when the image has no sh (captured: `docker exec` on roaudit-fixture:noshell).
const NO_SH =
  'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown\r\n';

describe("boundedCommand", () => {
  it("passes script, timeout and paths as arguments, never in the shell text", () => {
    const cmd = boundedCommand("echo hi", 9, ["/a b", "/$(reboot)"]);
    expect(cmd.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(cmd.slice(3)).toEqual(["roaudit-probe", "echo hi", "9", "/a b", "/$(reboot)"]);
    expect(cmd[2]).not.toContain("reboot");
  });

  it("refuses a timeout out of range", () => {
    expect(() => boundedCommand("true", 0, [])).toThrow("invalid probe timeout: 0");
  });
});

describe("readProcCommand / classifyReadRun", () => {
  it("reads PID 1's files by name", () => {
    expect(readProcCommand(1, ["status", "uid_map"], 5).slice(-3)).toEqual(["1", "status", "uid_map"]);
    expect(() => readProcCommand(0, ["status"], 5)).toThrow("invalid pid: 0");
  });

  it("splits the answer into files (captured through docker exec on a busybox container)", () => {
    const status = procFixture("readonly-tmpfs.status");
    const out = `${FILE_MARKER} status\n${status}${FILE_MARKER} uid_map\n         0          0 4294967295\n`;
    expect(classifyReadRun(exited(out))).toEqual({
      ok: true,
      files: { status, uid_map: "         0          0 4294967295\n" },
    });
  });

  it("says no shell from the runtime's own error (exit 126)", () => {
    expect(classifyReadRun(exited(NO_SH, 126))).toEqual({
      ok: false,
      noShell: true,
      reason: `no shell in the image: ${NO_SH.trim()}`,
    });
  });

  it("says why when the exec could not run, or the file could not be read", () => {
    expect(classifyReadRun({ kind: "refused", message: "Container abc is not running" })).toMatchObject({
      ok: false,
      reason: "the engine refused the exec: Container abc is not running",
    });
    expect(classifyReadRun({ kind: "timeout", afterMs: 10_000, stdout: "", stderr: "" })).toMatchObject({
      reason: "no answer within 10 s",
    });
    expect(
      classifyReadRun(
        exited(
          `${FILE_MARKER} status\n`,
          2,
          "roaudit-probe: line 1: can't open /proc/1/status: no such file\n",
        ),
      ),
    ).toMatchObject({
      ok: false,
      reason:
        "could not read /proc in the container: roaudit-probe: line 1: can't open /proc/1/status: no such file",
    });
  });
});

describe("tmpfsExecCommand", () => {
  it("passes the random name and each tmpfs as arguments", () => {
    expect(tmpfsExecCommand(HEX, ["/tmp", "/x y"], 5).slice(-3)).toEqual([HEX, "/tmp", "/x y"]);
    expect(() => tmpfsExecCommand("../../x", ["/tmp"], 5)).toThrow("invalid probe name");
    expect(() => tmpfsExecCommand(HEX, ["tmp"], 5)).toThrow("invalid mount path: tmp");
  });
});

describe("classifyTmpfsExec", () => {
  // Captured answers of the command on busybox containers (--tmpfs /tmp:noexec…, --tmpfs /x:exec).
  const REFUSED = `roaudit-result 1 rc=126 roaudit-probe: line 5: /tmp/.roaudit-${HEX}: Permission denied\n`;
  const RAN = "roaudit-result 1 rc=0 roaudit-ran\n";

  it("pass when the kernel refuses to run the file (noexec holds)", () => {
    expect(classifyTmpfsExec(exited(REFUSED), ["/tmp"], HEX)).toEqual({
      probe: {
        id: "tmpfs-exec",
        status: "pass",
        evidence: "/tmp: refused: /tmp/test-file: Permission denied",
        details: ["/tmp: refused: /tmp/test-file: Permission denied"],
      },
      failed: [],
      passed: ["/tmp"],
    });
  });

  it("fail when the file ran (--tmpfs /x:exec)", () => {
    expect(classifyTmpfsExec(exited(RAN), ["/x"], HEX)).toMatchObject({
      probe: { status: "fail", evidence: "a written file ran on: /x" },
      failed: ["/x"],
    });
  });

  it("skipped when a tmpfs could not be written, saying which and why", () => {
    const out = `${REFUSED}roaudit-result 2 nowrite roaudit-probe: line 3: can't create /ro/.roaudit-${HEX}: Read-only file system\n`;
    const r = classifyTmpfsExec(exited(out), ["/tmp", "/ro"], HEX);
    expect(r.probe).toMatchObject({
      status: "skipped",
      evidence:
        "could not prove it on every mount: /ro: could not write the test file: can't create /ro/test-file: Read-only file system",
    });
    expect(r.passed).toEqual(["/tmp"]);
  });

  it("skipped without tmpfs mounts, or when the exec did not run", () => {
    expect(classifyTmpfsExec(exited(""), [], HEX).probe).toEqual({
      id: "tmpfs-exec",
      status: "skipped",
      evidence: "no tmpfs mounts",
    });
    expect(
      classifyTmpfsExec({ kind: "gone", message: "No such container: x" }, ["/tmp"], HEX).probe,
    ).toMatchObject({
      status: "skipped",
      evidence: "the container went away: No such container: x",
    });
  });
});

describe("roMountWriteCommand / classifyRoMountWrite", () => {
  // Captured: -v host:/data-ro:ro, a read-only volume on "/vol ro", and (for the test) the writable /data-rw.
  const OUT = [
    `roaudit-result 1 refused roaudit-probe: line 3: can't create /data-ro/.roaudit-${HEX}: Read-only file system`,
    `roaudit-result 2 refused roaudit-probe: line 3: can't create /vol ro/.roaudit-${HEX}: Read-only file system`,
    "roaudit-result 3 created",
    "",
  ].join("\n");

  it("passes each folder as an argument", () => {
    expect(roMountWriteCommand(HEX, ["/data-ro"], 5).slice(-2)).toEqual([HEX, "/data-ro"]);
  });

  it("pass when every read-only mount refuses with EROFS", () => {
    const r = classifyRoMountWrite(
      exited(OUT.split("\n").slice(0, 2).join("\n")),
      ["/data-ro", "/vol ro"],
      HEX,
    );
    expect(r.probe).toEqual({
      id: "ro-mount-write",
      status: "pass",
      evidence: "writes refused (read-only) on: /data-ro, /vol ro",
      details: [
        "/data-ro: can't create /data-ro/test-file: Read-only file system",
        "/vol ro: can't create /vol ro/test-file: Read-only file system",
      ],
    });
  });

  it("fail when a write succeeds", () => {
    const r = classifyRoMountWrite(exited(OUT), ["/data-ro", "/vol ro", "/data-rw"], HEX);
    expect(r.probe).toMatchObject({
      status: "fail",
      evidence: "write succeeded on read-only mount: /data-rw",
    });
    expect(r.probe.details?.[2]).toBe("/data-rw: write succeeded (test file created and removed)");
  });

  it("proves nothing when refused for another reason, or without such mounts", () => {
    const out = `roaudit-result 1 refused roaudit-probe: line 3: can't create /c/.roaudit-${HEX}: Permission denied\n`;
    expect(classifyRoMountWrite(exited(out), ["/c"], HEX).probe).toMatchObject({
      status: "skipped",
      evidence:
        "could not prove it on every mount: /c: refused, but not as read-only: can't create /c/test-file: Permission denied",
    });
    expect(classifyRoMountWrite(exited(""), [], HEX).probe.evidence).toBe(
      "no read-only bind or volume mounts",
    );
    expect(classifyRoMountWrite(exited(NO_SH, 126), ["/c"], HEX).probe.evidence).toMatch(
      /^no shell in the image: OCI/,
    );
  });
});

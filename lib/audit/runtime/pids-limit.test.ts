import { describe, expect, it } from "vitest";
import { classifyRootWrite, type ProbeRun } from "../root-write-probe";
import { classifyReadRun, classifyRoMountWrite } from "./exec-probes";
import { forkCause, forkFailure, plainRemoveCommand, plainTouchCommand } from "./pids-limit";

const exited = (stdout: string, exitCode: number, stderr = ""): ProbeRun => ({
  kind: "exited",
  exitCode,
  stdout,
  stderr,
});
// Captured on this machine's engine (runc), exec at a full --pids-limit: on stdout, exit 126.
const INIT_P =
  "OCI runtime exec failed: exec failed: unable to start container process: read init-p: connection reset by peer: unknown\r\n";
// Captured by the case (Docker 20.10): the wrapper's timeout could not fork, exit 1.
const VFORK = "timeout: vfork: Resource temporarily unavailable\n";
const PATH = "/etc/.roaudit-0123456789abcdef0123456789abcdef";

describe("forkFailure", () => {
  it.each([
    ["runc init died at the limit", exited(INIT_P, 126)],
    ["timeout could not vfork", exited("", 1, VFORK)],
    ["a shell could not fork", exited("", 2, "sh: can't fork: Resource temporarily unavailable\n")],
    ["bash's retry message", exited("", 254, "bash: fork: retry: Resource temporarily unavailable\n")],
  ])("%s", (_name, run) => expect(forkFailure(run)).not.toBeNull());

  it.each([
    [
      "no shell in the image",
      exited(
        'OCI runtime exec failed: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown',
        126,
      ),
    ],
    ["EROFS", exited("", 1, `can't create ${PATH}: Read-only file system`)],
    ["a timeout", { kind: "timeout", afterMs: 1000, stdout: "", stderr: "" } as ProbeRun],
  ])("not for %s", (_name, run) => expect(forkFailure(run)).toBeNull());
});

describe("forkCause", () => {
  it.each([
    [2, 2, "the PIDs limit is reached (2 of 2 processes)"],
    [2, 3, "the PIDs limit is reached (3 of 2 processes)"],
    [3, 2, "the PIDs limit is nearly reached (2 of 3 processes; "],
    [2, null, "the PIDs limit (2 processes) may be reached"],
    [null, 5, "the container could not start another process"],
    [0, 5, "the container could not start another process"],
    [-1, 5, "the container could not start another process"],
  ] as const)("limit %s, %s processes", (limit, count, words) =>
    expect(forkCause(limit, count).startsWith(words)).toBe(true),
  );
});

describe("probes at a PIDs limit", () => {
  it("root-write: the runtime's exit 126 is a fork failure, never 'no shell'", () => {
    const v = classifyRootWrite(exited(INIT_P, 126), PATH);
    expect(v).toMatchObject({ verdict: "inconclusive", forkFailed: true });
    expect(v.noShell).toBeUndefined();
    expect(v.detail).toMatch(/^the probe could not start a process: OCI runtime exec failed/);
    expect(classifyRootWrite(exited("", 1, VFORK), PATH)).toMatchObject({ forkFailed: true });
  });

  it("a plain touch's EROFS still proves the root read-only", () => {
    const out = `touch: ${PATH}: Read-only file system\n`;
    expect(classifyRootWrite(exited("", 1, out), PATH)).toEqual({
      verdict: "enforced",
      detail: `touch: ${PATH}: Read-only file system`,
    });
  });

  it("the readers and per-mount probes say a process could not start, not 'no shell'", () => {
    expect(classifyReadRun(exited(INIT_P, 126))).toMatchObject({
      ok: false,
      noShell: false,
      reason: expect.stringMatching(/^the probe could not start a process: /),
    });
    const r = classifyRoMountWrite(exited(INIT_P, 126), ["/ro"], "0123456789abcdef");
    expect(r.probe.status).toBe("skipped");
    expect(r.probe.evidence).toMatch(/^the probe could not start a process: /);
  });

  it("the fallback commands are one absolute program each, and take only probe paths", () => {
    expect(plainTouchCommand(PATH)).toEqual(["/bin/touch", PATH]);
    expect(plainRemoveCommand(PATH)).toEqual(["/bin/rm", "-f", PATH]);
    expect(() => plainTouchCommand("/etc/passwd")).toThrow("invalid probe path");
    expect(() => plainRemoveCommand("/etc/../passwd")).toThrow("invalid probe path");
  });
});

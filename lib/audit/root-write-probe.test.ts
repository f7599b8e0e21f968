import { describe, expect, it } from "vitest";
import {
  classifyRootWrite,
  cleanLine,
  probeDirFor,
  probePathFor,
  rootWriteCommand,
} from "./root-write-probe";

const PROBE = probePathFor("0123456789abcdef0123456789abcdef");
const exited = (exitCode: number | null, stdout: string, stderr: string) => ({
  kind: "exited" as const,
  exitCode,
  stdout,
  stderr,
});

describe("rootWriteCommand", () => {
  it("creates and removes the probe file in one shell, the path passed as an argument, bounded by timeout where it exists", () => {
    expect(rootWriteCommand(PROBE, 8)).toEqual([
      "sh",
      "-c",
      'if command -v timeout >/dev/null 2>&1; then exec timeout 8 sh -c \'touch "$1" && rm -f "$1"\' roaudit-probe "$1"; fi; ' +
        'touch "$1" && rm -f "$1"',
      "roaudit-probe",
      PROBE,
    ]);
  });

  it.each([0, 601, 1.5])("refuses an inner timeout of %s s", (seconds) => {
    expect(() => rootWriteCommand(PROBE, seconds)).toThrow(/invalid probe timeout/);
  });

  it.each([
    "/etc/test-file",
    "/etc/.roaudit-x; rm -rf /",
    "/etc/.roaudit-ABCDEF0123456789",
    "/tmp/.roaudit-0123456789abcdef",
  ])("refuses any other path: %s", (p) => {
    expect(() => rootWriteCommand(p)).toThrow(/invalid probe path/);
  });
});

describe("probeDirFor", () => {
  it.each([
    [[], "/etc"],
    [["/tmp", "/data", "/etc/localtime"], "/etc"],
    [["/etc"], "/"],
    [["/etc/"], "/"],
    [["/"], "/etc"],
  ])("mounts %j → %s", (mounts, dir) => {
    expect(probeDirFor(mounts)).toBe(dir);
  });
});

describe("probePathFor", () => {
  it("puts the probe in /etc or in the root folder", () => {
    expect(probePathFor("ab".repeat(8))).toBe(`/etc/.roaudit-${"ab".repeat(8)}`);
    expect(probePathFor("ab".repeat(8), "/")).toBe(`/.roaudit-${"ab".repeat(8)}`);
  });
});

describe("classifyRootWrite", () => {
  it("names the root folder when the probe wrote there", () => {
    const root = probePathFor("cd".repeat(8), "/");
    expect(classifyRootWrite(exited(1, "", `touch: ${root}: Read-only file system\n`), root).detail).toBe(
      "touch: /test-file: Read-only file system",
    );
    expect(classifyRootWrite(exited(0, "", ""), root).detail).toBe(
      "write to / succeeded (probe file created and removed)",
    );
  });

  // Outputs below are what the engine returned in shared/cases (dockerode 4, engine 20.10), with the probe path.
  it("enforced: EROFS on stderr, exit 1 (case dockerode-exec-stream-and-exitcode)", () => {
    expect(classifyRootWrite(exited(1, "", `touch: ${PROBE}: Read-only file system\n`), PROBE)).toEqual({
      verdict: "enforced",
      detail: "touch: /etc/test-file: Read-only file system",
    });
  });

  it("enforced with GNU coreutils' wording", () => {
    expect(
      classifyRootWrite(exited(1, "", `touch: cannot touch '${PROBE}': Read-only file system\n`), PROBE)
        .verdict,
    ).toBe("enforced");
  });

  it("not-enforced: the create succeeded and was undone (exit 0, no output)", () => {
    expect(classifyRootWrite(exited(0, "", ""), PROBE)).toEqual({
      verdict: "not-enforced",
      detail: "write to /etc succeeded (probe file created and removed)",
    });
  });

  it("not-enforced when the create worked but the removal did not", () => {
    const run = exited(1, "", `rm: can't remove '${PROBE}': Device or resource busy\n`);
    expect(classifyRootWrite(run, PROBE).verdict).toBe("not-enforced");
  });

  it("inconclusive: Permission denied proves nothing (case verify-as-nonroot-permission-denied)", () => {
    expect(classifyRootWrite(exited(1, "", `touch: ${PROBE}: Permission denied\n`), PROBE)).toEqual({
      verdict: "inconclusive",
      detail:
        "write refused by permissions, not by a read-only filesystem: touch: /etc/test-file: Permission denied",
    });
  });

  it("inconclusive: no shell, the runtime's error on stdout with exit 126 (case verify-no-touch-binary)", () => {
    const stdout =
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown\r\n';
    expect(classifyRootWrite(exited(126, stdout, ""), PROBE)).toEqual({
      verdict: "inconclusive",
      detail: `no shell in the image (exit 126): ${stdout.trim()}`,
    });
  });

  it("inconclusive: a shell without touch", () => {
    expect(classifyRootWrite(exited(127, "", "roaudit-probe: line 1: touch: not found\n"), PROBE)).toEqual({
      verdict: "inconclusive",
      detail: "no touch in the image: roaudit-probe: line 1: touch: not found",
    });
  });

  it("inconclusive: exit status unknown (ExitCode null), never coerced to 0", () => {
    expect(classifyRootWrite(exited(null, "", ""), PROBE).verdict).toBe("inconclusive");
  });

  it("inconclusive: killed by a signal with no output (the container stopped mid-probe)", () => {
    expect(classifyRootWrite(exited(137, "", ""), PROBE)).toEqual({
      verdict: "inconclusive",
      detail: "the probe was killed by SIGKILL: the container stopped or went away during the probe",
    });
  });

  it("inconclusive: timed out inside the container (exit 124)", () => {
    expect(classifyRootWrite(exited(124, "", ""), PROBE)).toEqual({
      verdict: "inconclusive",
      detail: "the probe timed out inside the container",
    });
  });

  it("inconclusive: an EROFS line about another file does not count", () => {
    expect(
      classifyRootWrite(exited(1, "", "touch: /etc/other: Read-only file system\n"), PROBE).verdict,
    ).toBe("inconclusive");
  });

  it.each([
    [{ kind: "timeout", afterMs: 10_000, stdout: "", stderr: "" } as const, "no answer within 10 s"],
    [
      { kind: "gone", message: "No such exec instance: 09e8" } as const,
      "container went away during the probe: No such exec instance: 09e8",
    ],
    [
      { kind: "refused", message: "Container x is paused, unpause the container before exec" } as const,
      "the engine refused the exec: Container x is paused, unpause the container before exec",
    ],
    [{ kind: "error", message: "boom" } as const, "the probe could not run: boom"],
  ])("inconclusive: %j", (run, detail) => {
    expect(classifyRootWrite(run, PROBE)).toEqual({ verdict: "inconclusive", detail });
  });
});

describe("cleanLine", () => {
  it("drops control characters and ANSI escapes and caps the length", () => {
    expect(cleanLine("\u001b[31mred\u001b[0m\r\nx\u0000y")).toBe("red x y");
    expect(cleanLine("a".repeat(400))).toHaveLength(300);
  });
});

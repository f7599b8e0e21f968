import { describe, expect, it } from "vitest";
import {
  classifyRootWrite,
  cleanLine,
  PROBE_USER,
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
  it("runs /bin/sh as uid 65534, the folder and the probe path passed as arguments, bounded by timeout where it exists", () => {
    const cmd = rootWriteCommand(PROBE, 8);
    expect(cmd.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(cmd.slice(3, 4)).toEqual(["roaudit-probe"]);
    expect(cmd.slice(5)).toEqual(["8", "/etc", PROBE]);
    expect(cmd[4]).toContain('cd "$d"');
    expect(cmd[4]).toContain(': > "$f"');
    expect(cmd[4]).not.toContain(PROBE);
    expect(PROBE_USER).toBe("65534:65534");
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
      `touch: ${root}: Read-only file system`,
    );
    expect(classifyRootWrite(exited(0, "", ""), root).detail).toBe(
      "write to / succeeded (probe file created and removed)",
    );
  });

  // Outputs below are what the engine returned in shared/cases (dockerode 4, engine 20.10), with the probe path.
  it("enforced: EROFS on stderr, exit 1 (case dockerode-exec-stream-and-exitcode)", () => {
    expect(classifyRootWrite(exited(1, "", `touch: ${PROBE}: Read-only file system\n`), PROBE)).toEqual({
      verdict: "enforced",
      detail: `touch: ${PROBE}: Read-only file system`,
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

  it("not-enforced: EACCES on the create as uid 65534 means the kernel got past the read-only check (case verify-as-nonroot-permission-denied)", () => {
    const stderr = `roaudit-probe: line 3: can't create ${PROBE}: Permission denied\n`;
    expect(classifyRootWrite(exited(1, "", stderr), PROBE)).toEqual({
      verdict: "not-enforced",
      detail: `the kernel checked permissions on uid 65534's write to /etc (can't create ${PROBE}: Permission denied): a read-only mount refuses with EROFS before any permission check, so the mount is writable`,
    });
  });

  it("inconclusive: uid 65534 cannot enter the folder (a lookup refused proves nothing about the mount)", () => {
    const stdout = "roaudit-nosearch roaudit-probe: line 2: cd: can't cd to /etc: Permission denied\n";
    expect(classifyRootWrite(exited(3, stdout, ""), PROBE)).toEqual({
      verdict: "inconclusive",
      detail:
        "uid 65534 cannot enter /etc (a folder on the way is not searchable), so no write could be tried: roaudit-probe: line 2: cd: can't cd to /etc: Permission denied",
    });
  });

  it("inconclusive: EPERM is no read-only answer", () => {
    const stderr = `roaudit-probe: line 3: can't create ${PROBE}: Operation not permitted\n`;
    expect(classifyRootWrite(exited(1, "", stderr), PROBE).verdict).toBe("inconclusive");
  });

  it("inconclusive: no shell, the runtime's error on stdout with exit 126 (case verify-no-touch-binary)", () => {
    const stdout =
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown\r\n';
    expect(classifyRootWrite(exited(126, stdout, ""), PROBE)).toEqual({
      verdict: "inconclusive",
      detail: `no shell in the image (exit 126): ${stdout.trim()}`,
      noShell: true,
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

describe("timeouts say their real bound (issue 8)", () => {
  it.each([
    [500, "no answer within 500 ms"],
    [1500, "no answer within 1500 ms"],
    [10_000, "no answer within 10 s"],
  ])("%i ms → %s", (afterMs, detail) => {
    expect(classifyRootWrite({ kind: "timeout", afterMs, stdout: "", stderr: "" }, PROBE).detail).toBe(
      detail,
    );
  });
});

describe("cleanLine", () => {
  it("drops control characters and ANSI escapes and caps the length", () => {
    expect(cleanLine("\u001b[31mred\u001b[0m\r\nx\u0000y")).toBe("red x y");
    expect(cleanLine("a".repeat(400))).toHaveLength(300);
  });
});

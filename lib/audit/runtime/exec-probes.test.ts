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
    // The absolute /bin/sh, never the container's PATH (issue 8: a planted /usr/local/bin/sh).
    expect(cmd.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(cmd[2]).toContain('timeout "$t" /bin/sh -c');
    expect(cmd[2]).toMatch(/^umask 077;/);
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

  it("says no shell when the absolute /bin/sh is not there (captured: roaudit-fixture:noshell, exec as 65534)", () => {
    const out =
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown\r\n';
    expect(classifyReadRun(exited(out, 126))).toMatchObject({ ok: false, noShell: true });
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

describe("a probe timeout in the per-mount probes", () => {
  it("says the real bound: 500 ms, not 1 s", () => {
    const run: ProbeRun = { kind: "timeout", afterMs: 500, stdout: "", stderr: "" };
    expect(classifyTmpfsExec(run, ["/tmp"], HEX).probe.evidence).toBe("no answer within 500 ms");
    expect(classifyRoMountWrite(run, ["/data"], HEX).probe.evidence).toBe("no answer within 500 ms");
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
  const RAN = `roaudit-result 1 rc=0 roaudit-ran-${HEX}\n`;

  it("pass when the kernel refuses to run the file (noexec holds)", () => {
    expect(classifyTmpfsExec(exited(REFUSED), ["/tmp"], HEX)).toEqual({
      probe: {
        id: "tmpfs-exec",
        status: "pass",
        evidence: `/tmp: refused: /tmp/.roaudit-${HEX}: Permission denied`,
        details: [`/tmp: refused: /tmp/.roaudit-${HEX}: Permission denied`],
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

  it("proves nothing when something other than the probe's file answered (a marker not its own, no marker)", () => {
    for (const out of ["roaudit-result 1 rc=0 roaudit-ran\n", "roaudit-result 1 rc=0 uid=1000\n"]) {
      const r = classifyTmpfsExec(exited(out), ["/x"], HEX);
      expect(r.probe.status).toBe("skipped");
      expect(r.probe.evidence).toMatch(/^could not prove it on any mount: \/x: ran something else/);
      expect(r.failed).toEqual([]);
      expect(r.passed).toEqual([]);
    }
  });

  it("proves nothing when the private folder was replaced or is a symlink", () => {
    const r = classifyTmpfsExec(exited("roaudit-result 1 swapped\n"), ["/scr"], HEX);
    expect(r.probe.status).toBe("skipped");
    expect(r.probe.evidence).toMatch(/\/scr: the probe's private folder was not its own/);
  });

  it("a read-only tmpfs passes: nothing can be written, so nothing can run", () => {
    const out = `${REFUSED}roaudit-result 2 nowrite roaudit-probe: line 3: can't create /ro/.roaudit-${HEX}: Read-only file system\n`;
    const r = classifyTmpfsExec(exited(out), ["/tmp", "/ro"], HEX);
    expect(r.probe).toMatchObject({
      status: "pass",
      evidence: "the kernel refused to run a file on: /tmp, /ro",
    });
    expect(r.probe.details?.[1]).toBe(
      `/ro: mounted read-only: nothing can be written, so nothing can run (can't create /ro/.roaudit-${HEX}: Read-only file system)`,
    );
    expect(r.passed).toEqual(["/tmp", "/ro"]);
  });

  it("one tmpfs that proves nothing never discards the others' proofs: pass, naming it", () => {
    const out = `${REFUSED}roaudit-result 2 swapped\n`;
    const r = classifyTmpfsExec(exited(out), ["/tmp", "/scr"], HEX);
    expect(r.probe.status).toBe("pass");
    expect(r.probe.evidence).toMatch(/^the kernel refused to run a file on: \/tmp; not proven on \/scr \(/);
    expect(r.passed).toEqual(["/tmp"]);
  });

  it("the engine's /dev is shown, never tested or failed; alone it proves nothing", () => {
    const note = {
      dir: "/dev",
      line: "the engine's own /dev (no option can make it noexec): shown, not tested",
    };
    const r = classifyTmpfsExec(exited(REFUSED), ["/tmp"], HEX, new Map(), [note]);
    expect(r.probe.status).toBe("pass");
    expect(r.probe.evidence).toContain("/dev: the engine's own /dev");
    expect(r.probe.details).toHaveLength(2);
    const alone = classifyTmpfsExec(exited(""), [], HEX, new Map(), [note]);
    expect(alone.probe).toMatchObject({ status: "skipped", evidence: `/dev: ${note.line}` });
  });

  it("a refusal the host's mount table contradicts (no noexec there) is no pass", () => {
    const r = classifyTmpfsExec(exited(REFUSED), ["/tmp"], HEX, new Map([["/tmp", false]]));
    expect(r.probe.status).toBe("skipped");
    expect(r.passed).toEqual([]);
    expect(classifyTmpfsExec(exited(REFUSED), ["/tmp"], HEX, new Map([["/tmp", true]])).passed).toEqual([
      "/tmp",
    ]);
  });

  it("where uid 65534 cannot write, the kernel's mount table (read from the host) decides", () => {
    const out =
      "roaudit-result 1 nowrite mkdir: can't create directory '/etc/.roaudit-x': Permission denied\n";
    const noexec = classifyTmpfsExec(exited(out), ["/etc"], HEX, new Map([["/etc", true]]));
    expect(noexec.probe.status).toBe("pass");
    expect(noexec.probe.evidence).toMatch(
      /^\/etc: uid 65534 could not write .*; the kernel's mount table says noexec$/,
    );
    const exec = classifyTmpfsExec(exited(out), ["/etc"], HEX, new Map([["/etc", false]]));
    expect(exec.failed).toEqual(["/etc"]);
    expect(classifyTmpfsExec(exited(out), ["/etc"], HEX).probe.status).toBe("skipped");
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
        `/data-ro: can't create /data-ro/.roaudit-${HEX}: Read-only file system`,
        `/vol ro: can't create /vol ro/.roaudit-${HEX}: Read-only file system`,
      ],
    });
  });

  it("fail when a write succeeds", () => {
    const r = classifyRoMountWrite(exited(OUT), ["/data-ro", "/vol ro", "/data-rw"], HEX);
    expect(r.probe).toMatchObject({
      status: "fail",
      evidence: "writable, though mounted read-only: /data-rw",
    });
    expect(r.probe.details?.[2]).toBe("/data-rw: write succeeded (test file created and removed)");
  });

  it("fail on EACCES in a folder uid 65534 entered: the kernel checks permissions only on a writable mount", () => {
    const out = `roaudit-result 1 refused roaudit-probe: line 3: can't create /c/.roaudit-${HEX}: Permission denied\n`;
    const r = classifyRoMountWrite(exited(out), ["/c"], HEX);
    expect(r.probe.status).toBe("fail");
    expect(r.failed).toEqual(["/c"]);
    expect(r.probe.details?.[0]).toMatch(/^\/c: the kernel checked permissions on uid 65534's write/);
  });

  it("proves nothing when uid 65534 cannot enter the folder, refused for another reason, or without such mounts", () => {
    const denied = "roaudit-result 1 nosearch roaudit-probe: line 3: cd: can't cd to /c: Permission denied\n";
    expect(classifyRoMountWrite(exited(denied), ["/c"], HEX).probe).toMatchObject({
      status: "skipped",
      evidence:
        "could not prove it on any mount: /c: uid 65534 cannot enter the folder, so no write could be tried: cd: can't cd to /c: Permission denied",
    });
    const out = `roaudit-result 1 refused roaudit-probe: line 3: can't create /c/.roaudit-${HEX}: Operation not permitted\n`;
    expect(classifyRoMountWrite(exited(out), ["/c"], HEX).probe).toMatchObject({
      status: "skipped",
      evidence: `could not prove it on any mount: /c: refused, but not as read-only: can't create /c/.roaudit-${HEX}: Operation not permitted`,
    });
    expect(classifyRoMountWrite(exited(""), [], HEX).probe.evidence).toBe(
      "no read-only bind, volume or tmpfs mounts",
    );
    expect(classifyRoMountWrite(exited(NO_SH, 126), ["/c"], HEX).probe.evidence).toMatch(
      /^no shell in the image: OCI/,
    );
  });
});

describe("ro-mount-write per mount, single-file binds and sums (issue 10 kind 7)", () => {
  const line = (i: number, text: string) => `roaudit-result ${i} ${text}\n`;
  const EROFS_FILE = "file-refused roaudit-probe: line 4: can't create /etc/app.conf: Read-only file system";
  const EACCES_FILE = "file-refused roaudit-probe: line 4: can't create /etc/app.conf: Permission denied";
  const EROFS_DIR = `refused roaudit-probe: line 9: can't create /srv/static/.roaudit-${HEX}: Read-only file system`;
  const cases: {
    name: string;
    dirs: string[];
    out: string;
    kernelRo?: [string, boolean][];
    status: "pass" | "fail" | "skipped";
    passed: string[];
    failed: string[];
  }[] = [
    {
      name: "the case: a :ro file bind (EROFS on append-open) and a :ro folder bind both pass",
      dirs: ["/etc/app.conf", "/srv/static"],
      out: line(1, EROFS_FILE) + line(2, EROFS_DIR),
      status: "pass",
      passed: ["/etc/app.conf", "/srv/static"],
      failed: [],
    },
    {
      name: "a file opened for append on a mount meant read-only fails",
      dirs: ["/etc/app.conf"],
      out: line(1, "appended"),
      status: "fail",
      passed: [],
      failed: ["/etc/app.conf"],
    },
    {
      name: "EACCES on a file proves nothing alone (permission comes before the mount for an existing file)",
      dirs: ["/etc/app.conf", "/srv/static"],
      out: line(1, EACCES_FILE) + line(2, EROFS_DIR),
      status: "pass",
      passed: ["/srv/static"],
      failed: [],
    },
    {
      name: "EACCES on a file, the host's mount table says ro: pass",
      dirs: ["/etc/app.conf"],
      out: line(1, EACCES_FILE),
      kernelRo: [["/etc/app.conf", true]],
      status: "pass",
      passed: ["/etc/app.conf"],
      failed: [],
    },
    {
      name: "EACCES on a file, the host's mount table says rw: fail",
      dirs: ["/etc/app.conf"],
      out: line(1, EACCES_FILE),
      kernelRo: [["/etc/app.conf", false]],
      status: "fail",
      passed: [],
      failed: ["/etc/app.conf"],
    },
    {
      name: "a socket or device bind is never opened, and proves nothing",
      dirs: ["/run/x.sock"],
      out: line(1, "notregular"),
      status: "skipped",
      passed: [],
      failed: [],
    },
    {
      name: "a mount with no answer at all proves nothing, the others still count",
      dirs: ["/a", "/b", "/c"],
      out: line(1, EROFS_DIR.replaceAll("/srv/static", "/a")) + line(3, "created"),
      status: "fail",
      passed: ["/a"],
      failed: ["/c"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = classifyRoMountWrite(exited(c.out), c.dirs, HEX, new Map(c.kernelRo ?? []));
      expect(r.probe.status).toBe(c.status);
      expect(r.passed).toEqual(c.passed);
      expect(r.failed).toEqual(c.failed);
      expect(r.probe.details).toHaveLength(c.dirs.length);
    });
  }

  it("the command opens a regular file for append, never creates beneath it", () => {
    const script = roMountWriteCommand(HEX, ["/etc/app.conf"], 5)[4] ?? "";
    expect(script).toContain('if [ -f "$d" ]; then');
    expect(script).toContain(': >> "$d"');
  });
});

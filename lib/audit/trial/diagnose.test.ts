import { describe, expect, it } from "vitest";
import { changeForLine, type DiagnoseContext, describeTrialChange, diagnose, pathInLine } from "./diagnose";

const ALL = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FOWNER",
  "CAP_KILL",
  "CAP_NET_BIND_SERVICE",
  "CAP_SETGID",
  "CAP_SETUID",
];
const root: DiagnoseContext = { capabilitiesToday: ALL, applied: [], runsAsRoot: true };

describe("pathInLine", () => {
  it("takes the first quoted absolute path, else a bare one", () => {
    expect(pathInLine('open() "/var/log/nginx/error.log" failed (30: Read-only file system)')).toBe(
      "/var/log/nginx/error.log",
    );
    expect(pathInLine("Error: EROFS: read-only file system, open '/var/cache/app/hits'")).toBe(
      "/var/cache/app/hits",
    );
    expect(pathInLine("sh: can't create /var/run/app.pid: Read-only file system")).toBe("/var/run/app.pid");
    expect(pathInLine("no path here")).toBeNull();
  });
});

describe("changeForLine", () => {
  it("answers a refused write with a mount on the refused path's folder, by the write-path rules", () => {
    // Lines as Debian's nginx, PostgreSQL, node and busybox print them.
    expect(
      changeForLine('open() "/var/log/nginx/error.log" failed (30: Read-only file system)', root),
    ).toEqual({
      kind: "volume",
      path: "/var/log/nginx",
    });
    expect(changeForLine("Error: EROFS: read-only file system, open '/var/cache/app/hits'", root)).toEqual({
      kind: "tmpfs",
      path: "/var/cache/app",
    });
    expect(
      changeForLine(
        'FATAL:  could not create lock file "/run/postgresql/.s.PGSQL.5432.lock": Read-only file system',
        root,
      ),
    ).toEqual({ kind: "tmpfs", path: "/run/postgresql" });
    expect(
      changeForLine("mkdir: can't create directory '/var/lib/app': Read-only file system", root),
    ).toEqual({
      kind: "volume",
      path: "/var/lib/app",
    });
    // A mount over /etc would hide the image's configuration: nothing fits.
    expect(changeForLine("sh: can't create /etc/motd: Read-only file system", root)).toBeNull();
  });

  it("answers Operation not permitted on chown, setuid, setgid and chmod with one capability back", () => {
    expect(
      changeForLine('chown("/var/lib/nginx/body", 33) failed (1: Operation not permitted)', root),
    ).toEqual({
      kind: "capability",
      capability: "CAP_CHOWN",
    });
    expect(changeForLine("setgid(33) failed (1: Operation not permitted)", root)?.kind).toBe("capability");
    expect(changeForLine("setpriv: setresuid failed: Operation not permitted", root)).toEqual({
      kind: "capability",
      capability: "CAP_SETUID",
    });
    expect(changeForLine("setpriv: setgroups failed: Operation not permitted", root)).toEqual({
      kind: "capability",
      capability: "CAP_SETGID",
    });
    expect(
      changeForLine(
        "chmod: changing permissions of '/var/lib/postgresql/data': Operation not permitted",
        root,
      ),
    ).toEqual({ kind: "capability", capability: "CAP_FOWNER" });
  });

  it("answers a root's Permission denied with DAC_OVERRIDE, and bind() with NET_BIND_SERVICE", () => {
    expect(changeForLine('open() "/var/log/nginx/error.log" failed (13: Permission denied)', root)).toEqual({
      kind: "capability",
      capability: "CAP_DAC_OVERRIDE",
    });
    expect(changeForLine("bind() to 0.0.0.0:80 failed (13: Permission denied)", root)).toEqual({
      kind: "capability",
      capability: "CAP_NET_BIND_SERVICE",
    });
    expect(
      changeForLine('open() "/x/y" failed (13: Permission denied)', { ...root, runsAsRoot: false }),
    ).toBeNull();
  });

  it("never gives back a capability the container does not have today", () => {
    expect(
      changeForLine("setgid(33) failed (1: Operation not permitted)", { ...root, capabilitiesToday: [] }),
    ).toBeNull();
  });
});

describe("diagnose", () => {
  it("gives the first change in log order not made already, with its line as evidence", () => {
    const lines = [
      'nginx: [alert] could not open error log file: open() "/var/log/nginx/error.log" failed (30: Read-only file system)',
      '2026/12/02 15:00:00 [emerg] 1#1: chown("/var/lib/nginx/body", 33) failed (1: Operation not permitted)',
    ];
    expect(diagnose(lines, root)?.change).toEqual({ kind: "volume", path: "/var/log/nginx" });
    const next = diagnose(lines, { ...root, applied: [{ kind: "volume", path: "/var/log/nginx" }] });
    expect(next).toEqual({ evidence: lines[1], change: { kind: "capability", capability: "CAP_CHOWN" } });
    expect(
      diagnose(lines, {
        ...root,
        applied: [
          { kind: "volume", path: "/var/log/nginx" },
          { kind: "capability", capability: "CAP_CHOWN" },
        ],
      }),
    ).toBeNull();
  });
});

describe("describeTrialChange", () => {
  it("names a change in a few words", () => {
    expect(describeTrialChange({ kind: "tmpfs", path: "/run" })).toBe("tmpfs /run");
    expect(describeTrialChange({ kind: "capability", capability: "CAP_SETUID" })).toBe("cap SETUID");
  });
});

describe("changeForLine with hostile log lines", () => {
  const SYSTEM = /^\/(etc|usr|bin|sbin|lib[^/]*|sys|proc|dev|boot|root)?$/;
  it.each([
    ["mkdir '/tmp/../etc': Read-only file system", null],
    ['open "/dev/shm/../../etc/passwd" failed (30: Read-only file system)', null],
    ["can't create //etc/./x: Read-only file system", null],
    ["can't create /etc/: Read-only file system", null],
    ["can't create /tmp/../../../usr/bin/x: Read-only file system", null],
    ["EROFS: open '/var/tmp/../../lib64/x'", null],
    ["EROFS: open '/run/../libexec/x'", null],
    ["EROFS: open '/root/.cache'", null],
    ["EROFS: open '/proc/self/attr/x'", null],
    ["EROFS: open '/sys/fs/cgroup/x'", null],
    ["EROFS: open '/boot/x'", null],
    ["EROFS: open '/bin/x'", null],
    ["EROFS: open '/'", null],
    ["EROFS: open '//'", null],
    ["EROFS: open '/var/lib/..'", null],
    ["EROFS: open '/tmp\u0000/etc'", null],
    ["EROFS: open '/tmp\r/x'", null],
    ["EROFS: open '/tmp\u001b[2J/x'", null],
    ["EROFS: open 'tmp/x'", null],
    ["can't create /tmp//x/: Read-only file system", { kind: "tmpfs", path: "/tmp" }],
    ["can't create /srv/app/../data/x: Read-only file system", { kind: "volume", path: "/srv/data" }],
  ])("%j → %j", (line, expected) => {
    const change = changeForLine(line, root);
    expect(change).toEqual(expected);
    if (change && change.kind !== "capability") expect(change.path).not.toMatch(SYSTEM);
  });
});

/**
 * Every real-world case in shared/cases/ (public bug reports reproduced on a real engine) with its right
 * answer, judged on the whole audit. Exec and connection cases are also in root-write-probe.test.ts,
 * lib/docker/errors.test.ts and the integration suite.
 */
import { describe, expect, it } from "vitest";
import { auditContainer } from "./audit";
import { containerConfiguration } from "./configuration";
import { caseSnapshot, caseVolumes } from "./fixtures/load";
import { generateRemediation } from "./remediation";
import { probeDirFor } from "./root-write-probe";
import type { CheckId } from "./types";

const statusOf = (caseId: string, name: string) => {
  const audit = auditContainer(caseSnapshot(caseId, name));
  const byId = Object.fromEntries(audit.checks.map((c) => [c.id, c])) as Record<
    CheckId,
    (typeof audit.checks)[number]
  >;
  return { audit, byId };
};

describe("shared cases", () => {
  it("anonymous-volume-on-readonly-rootfs: read-only root, but a writable anonymous volume at /data", () => {
    const { byId } = statusOf("anonymous-volume-on-readonly-rootfs", "case-anonvol");
    expect(byId["read-only-rootfs"].status).toBe("pass");
    expect(byId["writable-volume"]).toMatchObject({
      status: "fail",
      message: "writable volumes: /data (anonymous volume)",
    });
  });

  it("bind-ro-syntax-forms: writable are exactly /b-rw, /b-explicit-rw, /m-rw, /named-vol, /anon-vol", () => {
    const { byId } = statusOf("bind-ro-syntax-forms", "case-bind-forms");
    expect(byId["writable-bind-mount"].message).toBe(
      "writable bind mounts: /b-explicit-rw ← /srv/hostdata/hostdir, /b-rw ← /srv/hostdata/hostdir, /m-rw ← /srv/hostdata/hostdir",
    );
    expect(byId["writable-volume"].message).toBe(
      "writable volumes: /anon-vol (anonymous volume), /named-vol (case-vol)",
    );
  });

  it('caps-name-forms: CapDrop "all" drops all; net_admin and CAP_SYS_PTRACE are flagged dangerous', () => {
    for (const name of ["case-caps-api", "case-caps-cli"]) {
      const { byId } = statusOf("caps-name-forms", name);
      expect(byId["cap-drop-all"].status).toBe("pass");
      expect(byId["added-capabilities"]).toMatchObject({ status: "fail", severity: "high" });
      expect(byId["added-capabilities"].message).toContain("CAP_NET_ADMIN, CAP_SYS_PTRACE");
    }
  });

  it("container-state-exec-errors: paused, exited, created and restarting containers are audited from configuration", () => {
    for (const [name, state] of [
      ["case-paused", "paused"],
      ["case-exited", "exited"],
      ["case-created", "created"],
      ["case-restarting", "restarting"],
    ] as const) {
      const { audit, byId } = statusOf("container-state-exec-errors", name);
      expect(audit.state).toBe(state);
      expect(byId["read-only-rootfs"].status).toBe("pass");
    }
  });

  it("csv-export-injection-and-quoting: hostile labels and odd paths audit without error", () => {
    const { audit } = statusOf("csv-export-injection-and-quoting", "case-csv-inject");
    expect(audit.name).toBe("case-csv-inject");
    expect(JSON.stringify(audit)).not.toContain("GREETING");
    expect(
      statusOf("csv-export-injection-and-quoting", "case-odd-path").byId["writable-bind-mount"].status,
    ).toBe("fail");
  });

  it("docker-socket-mounted-readonly: critical whatever RW says, grade F", () => {
    const { audit, byId } = statusOf("docker-socket-mounted-readonly", "case-sock-ro");
    expect(byId["docker-socket-mount"]).toMatchObject({ status: "fail", severity: "critical" });
    expect(audit.grade).toBe("F");
  });

  it("null-vs-absent-fields: a default --read-only container audits without a TypeError", () => {
    const { audit, byId } = statusOf("null-vs-absent-fields", "case-ro-implicit");
    expect(byId["tmpfs-noexec"].status).toBe("na");
    expect(byId["cap-drop-all"].status).toBe("fail");
    expect(audit.checks.every((c) => !c.message.startsWith("check could not be evaluated"))).toBe(true);
  });

  it("privileged-overrides-capdrop-and-readonly: F, read-only and cap drops overridden", () => {
    const { audit, byId } = statusOf("privileged-overrides-capdrop-and-readonly", "case-priv-ro");
    expect(audit).toMatchObject({ grade: "F", state: "created" });
    expect(byId.privileged).toMatchObject({ status: "fail", severity: "critical" });
    expect(byId["read-only-rootfs"].message).toMatch(/^overridden by --privileged/);
    expect(byId["cap-drop-all"].message).toMatch(/^overridden by --privileged/);
    expect(byId["seccomp-profile"].message).toMatch(/^overridden by --privileged/);
  });

  it("resource-limit-encodings: PidsLimit null is unlimited; Memory 0 is unlimited", () => {
    expect(statusOf("resource-limit-encodings", "case-lim-none").byId["pids-limit"].status).toBe("fail");
    expect(statusOf("resource-limit-encodings", "case-lim-pidsm1").byId["pids-limit"].status).toBe("fail");
    expect(statusOf("resource-limit-encodings", "case-lim-set").byId["pids-limit"].status).toBe("pass");
    expect(statusOf("resource-limit-encodings", "case-lim-none").byId["memory-limit"].status).toBe("fail");
  });

  it("tmpfs-flag-vs-mount-options: /run and /var/dup are exec, /tmp /var/dup2 /cache noexec; /cache is 64 MiB", () => {
    const { byId } = statusOf("tmpfs-flag-vs-mount-options", "case-tmpfs-forms");
    expect(byId["tmpfs-noexec"].message).toBe("executables can run from tmpfs /run, /var/dup");
    expect(byId["tmpfs-size"].message).toBe("no size limit on tmpfs /tmp, /var/dup, /var/dup2");
    expect(byId["tmpfs-nosuid"].status).toBe("pass");
  });

  it("verify-as-nonroot-permission-denied: the writable one is not read-only, the other is", () => {
    expect(
      statusOf("verify-as-nonroot-permission-denied", "case-nonroot-rw").byId["read-only-rootfs"].status,
    ).toBe("fail");
    expect(
      statusOf("verify-as-nonroot-permission-denied", "case-nonroot-ro").byId["read-only-rootfs"].status,
    ).toBe("pass");
  });

  it("verify-no-touch-binary: the configuration still says read-only", () => {
    expect(statusOf("verify-no-touch-binary", "case-nopath").byId["read-only-rootfs"].status).toBe("pass");
  });

  it("cap-add-all-beats-cap-drop-all: CapAdd ALL wins over CapDrop ALL; check, page and remediation agree", () => {
    for (const name of ["hunt-capboth-cli", "hunt-capboth-api", "hunt-capboth-api-run"]) {
      const snapshot = caseSnapshot("cap-add-all-beats-cap-drop-all", name);
      const { byId } = statusOf("cap-add-all-beats-cap-drop-all", name);
      expect(byId["cap-drop-all"].status).toBe("fail");
      expect(byId["cap-drop-all"].message).toMatch(/overridden by CapAdd ALL/);
      expect(byId["added-capabilities"]).toMatchObject({ status: "fail", severity: "high" });
      const page = containerConfiguration(snapshot).capabilities.effective;
      expect(page).toContain("CAP_SYS_ADMIN");
      expect(byId["cap-drop-all"].evidence.effective).toEqual(page);
    }
  });

  it("tmpfs-destination-not-normalized: //etc is /etc, so the root write probe moves to / and the paths are clean", () => {
    const etc = caseSnapshot("tmpfs-destination-not-normalized", "hunt-etc-dblslash");
    expect(etc.mounts.map((m) => m.destination)).toEqual(["/etc"]);
    expect(probeDirFor(etc.mounts.map((m) => m.destination))).toBe("/");
    const { byId } = statusOf("tmpfs-destination-not-normalized", "hunt-etc-dblslash");
    expect(byId["read-only-rootfs"].status).toBe("pass");
    expect(Object.keys(byId["tmpfs-noexec"].evidence.tmpfs as object)).toEqual(["/etc"]);
    expect(generateRemediation(etc, null).dockerRun).toContain("--tmpfs /etc:");
    expect(generateRemediation(etc, null).dockerRun).not.toContain("//etc");
    const forms = caseSnapshot("tmpfs-destination-not-normalized", "hunt-destforms");
    expect(forms.mounts.map((m) => m.destination)).toEqual(["/srv/cache", "/srv/static", "/tmp"]);
    const formsChecks = statusOf("tmpfs-destination-not-normalized", "hunt-destforms").byId;
    expect(formsChecks["tmpfs-noexec"].status).toBe("pass");
    expect(formsChecks["tmpfs-size"].message).not.toContain("//");
  });

  describe("volume-local-driver-bind-hides-host-path: a local volume with o=bind is a bind of its device", () => {
    const CASE = "volume-local-driver-bind-hides-host-path";
    const volumes = caseVolumes(CASE);
    const audit = (name: string, v = volumes) =>
      Object.fromEntries(
        auditContainer(caseSnapshot(CASE, name, { volumes: v })).checks.map((c) => [c.id, c]),
      );

    it.each(["hunt-volbind", "hunt-volbind-inline"])(
      "%s: writable-bind-mount fails naming the host folder",
      (name) => {
        const byId = audit(name);
        expect(byId["writable-bind-mount"]?.status).toBe("fail");
        expect(byId["writable-bind-mount"]?.message).toContain("/config ← /srv/hostdata/hostetc");
        expect(byId["writable-volume"]?.status).toBe("pass");
        expect(byId["sensitive-host-mount"]?.status).toBe("pass");
      },
    );

    it("with device=/etc it is a sensitive host mount; with device=/var/run it hands over the engine socket", () => {
      const withDevice = (device: string) =>
        new Map([
          [
            "hunt-bindvol",
            { ok: true as const, driver: "local", options: { type: "none", o: "bind", device } },
          ],
        ]);
      expect(audit("hunt-volbind", withDevice("/etc"))["sensitive-host-mount"]).toMatchObject({
        status: "fail",
        severity: "critical",
      });
      expect(audit("hunt-volbind", withDevice("/var/run"))["docker-socket-mount"]?.status).toBe("fail");
    });

    it("a volume gone since the inspect is reported as unknown, never an error, and stays a writable volume", () => {
      const gone = new Map([["hunt-bindvol", { ok: false as const, reason: "the volume no longer exists" }]]);
      const snapshot = caseSnapshot(CASE, "hunt-volbind", { volumes: gone });
      expect(snapshot.mounts[0]).toMatchObject({ backing: { kind: "unknown" } });
      expect(audit("hunt-volbind", gone)["writable-volume"]?.status).toBe("fail");
    });

    it("the detail page and the remediation say what the volume is", () => {
      const snapshot = caseSnapshot(CASE, "hunt-volbind", { volumes });
      expect(containerConfiguration(snapshot).mounts[0]).toMatchObject({
        type: "volume",
        backing: { kind: "bind", hostPath: "/srv/hostdata/hostetc" },
      });
      expect(generateRemediation(snapshot, null).dockerRun).toMatch(/# check: .*\/srv\/hostdata\/hostetc/);
    });
  });

  it("systempaths-unconfined-not-in-securityopt: emptied masks fail kernel-paths; the remediation names what it drops", () => {
    const CASE = "systempaths-unconfined-not-in-securityopt";
    const unconfined = statusOf(CASE, "hunt-systempaths").byId["kernel-paths"];
    expect(unconfined).toMatchObject({ status: "fail", severity: "high" });
    expect(unconfined.evidence.exposed).toEqual(
      expect.arrayContaining(["/proc/sys", "/proc/sysrq-trigger", "/proc/kcore"]),
    );
    expect(statusOf(CASE, "hunt-systempaths-default").byId["kernel-paths"].status).toBe("pass");
    const api2 = statusOf(CASE, "hunt-systempaths-api2").byId["kernel-paths"];
    expect(api2).toMatchObject({ status: "fail", severity: "high" });
    expect(api2.evidence.exposed).toContain("/proc/sys");
    expect(api2.evidence.exposed).not.toContain("/proc/kcore");
    const text = generateRemediation(caseSnapshot(CASE, "hunt-systempaths"), null).dockerRun;
    expect(text).toMatch(/# check: --security-opt: systempaths=unconfined/);
    expect(generateRemediation(caseSnapshot(CASE, "hunt-systempaths-default"), null).dockerRun).not.toContain(
      "systempaths=",
    );
  });

  it("device-access-under-readonly-root: a --device and a writable cgroup rule fail host-devices; the remediation keeps them with a note", () => {
    const CASE = "device-access-under-readonly-root";
    const device = statusOf(CASE, "hunt-device");
    expect(device.byId["host-devices"]).toMatchObject({ status: "fail", severity: "high" });
    expect(device.byId["host-devices"].message).toContain("/dev/loop0 as /dev/xvdb");
    expect(device.byId["read-only-rootfs"].status).toBe("pass");
    const rule = statusOf(CASE, "hunt-devrule").byId["host-devices"];
    expect(rule).toMatchObject({ status: "fail", severity: "high" });
    expect(rule.message).toContain("b 7:* rwm");
    expect(rule.message).toContain("CAP_MKNOD");
    expect(statusOf(CASE, "hunt-devnorule").byId["host-devices"].status).toBe("pass");
    const text = generateRemediation(caseSnapshot(CASE, "hunt-device"), null).dockerRun;
    expect(text).toMatch(/# check: --device: \/dev\/loop0/);
    expect(text).toContain("--device /dev/loop0:/dev/xvdb:rwm");
    const ruleText = generateRemediation(caseSnapshot(CASE, "hunt-devrule"), null);
    expect(ruleText.dockerRun).toMatch(/# check: --device-cgroup-rule: /);
    expect(ruleText.dockerRun).toContain("--device-cgroup-rule 'b 7:* rwm'");
    expect(ruleText.compose).toContain("device_cgroup_rules");
  });

  it("ro-bind-of-a-single-file: both binds read-only, the file bind's destination kept as the engine gives it", () => {
    const { byId } = statusOf("ro-bind-of-a-single-file", "hunt-filebind");
    expect(byId["writable-bind-mount"].status).toBe("pass");
    expect(Object.keys(byId["writable-bind-mount"].evidence.Mounts as object).sort()).toEqual([
      "/etc/app.conf",
      "/srv/static",
    ]);
    expect(byId["sensitive-host-mount"].status).toBe("pass");
  });

  it("pids-limit-full-probe-cannot-fork: the configuration is read-only with a PIDs limit of 2", () => {
    const { byId } = statusOf("pids-limit-full-probe-cannot-fork", "hunt-pidsfull");
    expect(byId["read-only-rootfs"].status).toBe("pass");
    expect(byId["pids-limit"]).toMatchObject({ status: "pass" });
    expect(byId["pids-limit"].evidence["HostConfig.PidsLimit"]).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { auditContainer } from "./audit";
import { ENGINE_DEFAULT_CAPABILITIES } from "./capabilities";
import { fixtureSnapshot } from "./fixtures/load";
import { procFixture } from "./runtime/fixtures";
import { parseProcStatus } from "./runtime/proc-status";
import { runtimeCorrectedChecks } from "./runtime-findings";
import { score } from "./score";
import type { ContainerAudit, RuntimeObservation, Verification } from "./types";

const AT = "2026-11-30T03:00:00.000Z";
const verification = (observed: Partial<RuntimeObservation>): Verification => ({
  verdict: "inconclusive",
  detail: "x",
  checkedAt: AT,
  probes: [],
  observed: { rootReadOnly: null, process: null, tmpfsExec: null, ...observed },
});
const check = (audit: ContainerAudit, id: string) => audit.checks.find((c) => c.id === id);
const status = (name: string) => parseProcStatus(procFixture(`${name}.status`));
/** What `auditContainer` makes of an audit's checks with a verification (no waivers here): corrected, rescored. */
const applyRuntimeFindings = (audit: ContainerAudit, v: Verification | null): ContainerAudit => {
  if (!v?.observed) return audit;
  const checks = runtimeCorrectedChecks(audit.checks, v);
  return { ...audit, ...score(checks), checks };
};

describe("applyRuntimeFindings", () => {
  it("leaves the audit as it is without a verification or its readings", () => {
    const audit = auditContainer(fixtureSnapshot("hardened"));
    expect(applyRuntimeFindings(audit, null)).toBe(audit);
    expect(applyRuntimeFindings(audit, { verdict: "enforced", detail: "x", checkedAt: AT, probes: [] })).toBe(
      audit,
    );
  });

  it("USER app that is uid 0 at runtime fails non-root-user, and the score drops", () => {
    // The configured name resolves to uid 1000 in the captured passwd; the kernel says uid 0.
    const audit = auditContainer(fixtureSnapshot("user-name-app"));
    expect(check(audit, "non-root-user")?.status).toBe("pass");
    const after = applyRuntimeFindings(audit, verification({ process: status("readonly-tmpfs") }));
    expect(check(after, "non-root-user")).toMatchObject({
      status: "fail",
      message: "uid 0 at runtime",
      evidence: { "Config.User": "app", "runtime.Uid": 0 },
      runtime: { probe: "process-identity", checkedAt: AT },
    });
    expect(after.score).toBeLessThan(audit.score);
  });

  it("confirms what agrees, keeping the message, and marks it as read at runtime", () => {
    const audit = auditContainer(fixtureSnapshot("hardened"));
    const after = applyRuntimeFindings(
      audit,
      verification({
        rootReadOnly: true,
        process: status("nonroot-hardened"),
        tmpfsExec: { ran: [], refused: ["/tmp"] },
      }),
    );
    expect({ score: after.score, grade: after.grade }).toEqual({ score: audit.score, grade: audit.grade });
    for (const id of [
      "non-root-user",
      "cap-drop-all",
      "read-only-rootfs",
      "no-new-privileges",
      "seccomp-profile",
      "tmpfs-noexec",
    ]) {
      const [before, now] = [check(audit, id), check(after, id)];
      expect({ id, status: now?.status, message: now?.message }).toEqual({
        id,
        status: before?.status,
        message: before?.message,
      });
      expect(now?.runtime?.checkedAt, id).toBe(AT);
    }
    expect(check(after, "read-only-rootfs")?.evidence["runtime./"]).toBe("ro");
  });

  it("a root read-write at runtime fails read-only-rootfs", () => {
    const after = applyRuntimeFindings(
      auditContainer(fixtureSnapshot("hardened")),
      verification({ rootReadOnly: false }),
    );
    expect(check(after, "read-only-rootfs")).toMatchObject({
      status: "fail",
      message: "/ is mounted read-write at runtime",
      runtime: { probe: "mount-table" },
    });
  });

  it("capabilities from CapBnd: the default set fails cap-drop-all; CAP_NET_ADMIN not configured fails added-capabilities", () => {
    const audit = auditContainer(fixtureSnapshot("hardened"));
    const after = applyRuntimeFindings(audit, verification({ process: status("cap-add-net-admin") }));
    expect(check(after, "cap-drop-all")).toMatchObject({
      status: "fail",
      message: `holds ${ENGINE_DEFAULT_CAPABILITIES.join(", ")} at runtime (CapBnd)`,
    });
    expect(check(after, "added-capabilities")).toMatchObject({
      status: "fail",
      severity: "high",
      message: "holds CAP_NET_ADMIN at runtime, beyond the engine's defaults and CapAdd",
    });
  });

  it("a configured --cap-add NET_ADMIN is confirmed, not counted twice", () => {
    const audit = auditContainer(fixtureSnapshot("cap-add-net-admin"));
    const after = applyRuntimeFindings(audit, verification({ process: status("cap-add-net-admin") }));
    expect(check(after, "added-capabilities")).toMatchObject({
      status: check(audit, "added-capabilities")?.status,
      message: check(audit, "added-capabilities")?.message,
      runtime: { probe: "process-identity" },
    });
    expect(check(after, "added-capabilities")?.evidence["runtime.CapEff"]).toContain("CAP_NET_ADMIN");
  });

  it("capabilities held in a non-initial user namespace neither fail nor clear a capability check", () => {
    const audit = auditContainer(fixtureSnapshot("hardened"));
    const unshared = parseProcStatus(procFixture("unshare-urm.status"), {
      readFrom: "host",
      uidMap: procFixture("unshare-urm.uid_map"),
    });
    const after = applyRuntimeFindings(audit, verification({ process: unshared, procFromHost: true }));
    for (const id of ["cap-drop-all", "added-capabilities"]) {
      expect(check(after, id)).toMatchObject({
        status: check(audit, id)?.status,
        message: check(audit, id)?.message,
      });
      expect(check(after, id)?.evidence["runtime.capabilities"]).toMatch(/namespaced/);
    }
  });

  it("seccomp off and NoNewPrivs 0 at runtime fail their checks", () => {
    const after = applyRuntimeFindings(
      auditContainer(fixtureSnapshot("hardened")),
      verification({ process: status("seccomp-unconfined") }),
    );
    expect(check(after, "seccomp-profile")).toMatchObject({
      status: "fail",
      message: "seccomp is off at runtime (Seccomp: 0)",
    });
    expect(check(after, "no-new-privileges")).toMatchObject({
      status: "fail",
      message: "NoNewPrivs is 0 at runtime",
    });
  });

  it("a file that ran on a tmpfs fails tmpfs-noexec", () => {
    const after = applyRuntimeFindings(
      auditContainer(fixtureSnapshot("hardened")),
      verification({ tmpfsExec: { ran: ["/tmp"], refused: [] } }),
    );
    expect(check(after, "tmpfs-noexec")).toMatchObject({
      status: "fail",
      message: "a written file ran at runtime on /tmp",
      runtime: { probe: "tmpfs-exec" },
    });
  });

  it("--privileged stays failed whatever the kernel shows (hand-written status: it cannot start here)", () => {
    const audit = auditContainer(fixtureSnapshot("privileged-readonly"));
    const after = applyRuntimeFindings(
      audit,
      verification({ rootReadOnly: true, process: status("privileged-readonly") }),
    );
    expect(check(after, "cap-drop-all")?.message).toBe(
      "overridden by --privileged: every capability is granted",
    );
    expect(check(after, "read-only-rootfs")?.status).toBe("fail");
    expect(after.grade).toBe("F");
  });

  it("corrects before waivers: a waiver label accepts what the kernel shows", () => {
    const snapshot = {
      ...fixtureSnapshot("writable-default"),
      labels: { "roaudit.waive.non-root-user": "legacy image" },
    };
    const audit = auditContainer(
      snapshot,
      undefined,
      undefined,
      verification({ process: status("writable") }),
    );
    expect(check(audit, "non-root-user")).toMatchObject({
      status: "waived",
      waiver: { reason: "legacy image", source: "label" },
      runtime: { probe: "process-identity", checkedAt: AT },
      evidence: { "runtime.Uid": 0 },
    });
  });

  it("clears a finding only on the host's reading: what the container says of itself cannot", () => {
    const audit = auditContainer(fixtureSnapshot("writable-default"));
    expect(check(audit, "non-root-user")?.status).toBe("fail");
    const inside = applyRuntimeFindings(audit, verification({ process: status("nonroot-hardened") }));
    expect(check(inside, "non-root-user")).toMatchObject({
      status: "fail",
      message: check(audit, "non-root-user")?.message,
      evidence: { "runtime.source": expect.stringMatching(/^read inside the container/) },
    });
    expect(check(inside, "non-root-user")?.runtime).toBeUndefined();
    expect(inside.score).toBe(audit.score);

    const host = applyRuntimeFindings(
      audit,
      verification({ process: status("nonroot-hardened"), procFromHost: true }),
    );
    expect(check(host, "non-root-user")).toMatchObject({
      status: "pass",
      runtime: { probe: "process-identity" },
    });
    expect(host.score).toBeGreaterThan(audit.score);
  });
});

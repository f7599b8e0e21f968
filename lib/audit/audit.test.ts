import { describe, expect, it } from "vitest";
import { auditContainer } from "./audit";
import { fixtureSnapshot } from "./fixtures/load";
import { CHECK_IDS } from "./types";
import { DEFAULT_WAIVER_POLICY } from "./waivers";

const failing = (name: string) =>
  auditContainer(fixtureSnapshot(name))
    .checks.filter((c) => c.status === "fail")
    .map((c) => `${c.id}:${c.severity}`);

describe("auditContainer", () => {
  it("grades the fully hardened container A with 100", () => {
    const audit = auditContainer(fixtureSnapshot("hardened"));
    expect(audit).toMatchObject({
      name: "roaudit-capture-hardened",
      image: "roaudit-fixture:busybox",
      state: "running",
      score: 100,
      grade: "A",
    });
    expect(audit.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    // apparmor-profile is na: the fixture was captured on a host without AppArmor.
    expect(audit.checks.filter((c) => c.status !== "pass").map((c) => [c.id, c.status])).toEqual([
      ["apparmor-profile", "na"],
    ]);
  });

  it("grades a default container F (36)", () => {
    expect(auditContainer(fixtureSnapshot("writable-default"))).toMatchObject({ score: 36, grade: "F" });
    expect(failing("writable-default")).toEqual([
      "read-only-rootfs:high",
      "non-root-user:high",
      "cap-drop-all:high",
      "no-new-privileges:medium",
      "memory-limit:medium",
      "pids-limit:low",
    ]);
  });

  it("grades a privileged container F whatever else it sets", () => {
    const audit = auditContainer(fixtureSnapshot("privileged-readonly"));
    expect(audit.grade).toBe("F");
    const messages = Object.fromEntries(audit.checks.map((c) => [c.id, c.message]));
    expect(messages["read-only-rootfs"]).toMatch(/^overridden by --privileged/);
    expect(messages["cap-drop-all"]).toMatch(/^overridden by --privileged/);
    expect(messages["seccomp-profile"]).toMatch(/^overridden by --privileged/);
  });

  it("grades the docker socket mount F even read-only", () => {
    expect(auditContainer(fixtureSnapshot("socket-ro"))).toMatchObject({ grade: "F" });
  });

  it("gives a read-only sensitive mount high severity and a writable one critical", () => {
    expect(failing("sensitive-etc-ro")).toContain("sensitive-host-mount:high");
    expect(failing("sensitive-etc-rw")).toContain("sensitive-host-mount:critical");
    expect(auditContainer(fixtureSnapshot("sensitive-etc-rw")).grade).toBe("F");
  });

  it("applies severity overrides keyed by check id", () => {
    const audit = auditContainer(fixtureSnapshot("writable-default"), { "pids-limit": "high" });
    expect(audit.checks.find((c) => c.id === "pids-limit")?.severity).toBe("high");
    expect(audit.score).toBe(24);
  });

  it("has no Compose project and no waiver problems for a plain container", () => {
    expect(auditContainer(fixtureSnapshot("writable-default"))).toMatchObject({
      compose: null,
      waiverProblems: [],
    });
  });

  it("applies label waivers, flags the ignored ones, and does not count waived checks", () => {
    const audit = auditContainer(fixtureSnapshot("waivers-compose"));
    expect(audit.compose).toEqual({ project: "shop", service: "web" });
    const byId = Object.fromEntries(audit.checks.map((c) => [c.id, c]));
    expect(byId["non-root-user"]).toMatchObject({
      status: "waived",
      waiver: { reason: "<img src=x onerror=alert(1)> legacy image runs as root", source: "label" },
    });
    expect(byId["read-only-rootfs"]?.status).toBe("waived");
    // Its waiver label has no reason: still failed.
    expect(byId["cap-drop-all"]).toMatchObject({ status: "fail" });
    expect(byId["cap-drop-all"]?.waiver).toBeUndefined();
    expect(audit.waiverProblems).toHaveLength(2);
    // writable-default's 36 plus the two waived highs (15 each).
    expect(audit).toMatchObject({ score: 66, grade: "D" });
  });

  it("counts waived checks when the policy says so, and applies policy waivers", () => {
    const snapshot = fixtureSnapshot("waivers-compose");
    expect(
      auditContainer(
        snapshot,
        {},
        { waived: "count", labels: true, labelsMayWaive: "non-critical", waivers: [] },
      ).score,
    ).toBe(36);
    const withPolicy = auditContainer(
      snapshot,
      {},
      {
        waived: "ignore",
        labels: false,
        labelsMayWaive: "non-critical",
        waivers: [{ check: "memory-limit", reason: "batch job", match: { image: "roaudit-fixture:*" } }],
      },
    );
    expect(withPolicy.checks.find((c) => c.id === "memory-limit")).toMatchObject({
      status: "waived",
      waiver: { reason: "batch job", source: "policy" },
    });
    expect(withPolicy.checks.find((c) => c.id === "non-root-user")?.status).toBe("fail");
    expect(withPolicy.score).toBe(44);
  });

  it("ignores and flags a label waiving a critical finding unless the policy allows it; the policy file still can", () => {
    const labelled = (name: string, labels: Record<string, string>) => {
      const snapshot = fixtureSnapshot(name);
      return { ...snapshot, labels: { ...snapshot.labels, ...labels } };
    };
    const statusOf = (audit: ReturnType<typeof auditContainer>, id: string) =>
      audit.checks.find((c) => c.id === id)?.status;
    const socket = labelled("socket-ro", {
      "roaudit.waive.docker-socket-mount": "monitoring agent",
      "roaudit.waive.memory-limit": "small job",
    });
    const byDefault = auditContainer(socket);
    expect(statusOf(byDefault, "docker-socket-mount")).toBe("fail");
    expect(statusOf(byDefault, "memory-limit")).toBe("waived");
    expect(byDefault.waiverProblems).toEqual([
      'label "roaudit.waive.docker-socket-mount" ignored: label waivers cannot accept critical findings on this server; use the policy file',
    ]);

    const all = auditContainer(socket, {}, { ...DEFAULT_WAIVER_POLICY, labelsMayWaive: "all" });
    expect(statusOf(all, "docker-socket-mount")).toBe("waived");
    expect(all.waiverProblems).toEqual([]);

    const byPolicy = auditContainer(
      socket,
      {},
      {
        ...DEFAULT_WAIVER_POLICY,
        waivers: [{ check: "docker-socket-mount", reason: "reviewed", match: { image: "*" } }],
      },
    );
    expect(byPolicy.checks.find((c) => c.id === "docker-socket-mount")).toMatchObject({
      status: "waived",
      waiver: { reason: "reviewed", source: "policy" },
    });
    expect(byPolicy.waiverProblems).toEqual([]);

    // The result's severity decides: a read-only sensitive mount is high (a label may accept it), a writable one critical.
    const waiveMount = { "roaudit.waive.sensitive-host-mount": "config reader" };
    expect(statusOf(auditContainer(labelled("sensitive-etc-ro", waiveMount)), "sensitive-host-mount")).toBe(
      "waived",
    );
    const rw = auditContainer(labelled("sensitive-etc-rw", waiveMount));
    expect(statusOf(rw, "sensitive-host-mount")).toBe("fail");
    expect(rw.waiverProblems).toHaveLength(1);
    // A severity override raising a check to critical puts it out of a label's reach too.
    const raised = auditContainer(socket, { "memory-limit": "critical" });
    expect(statusOf(raised, "memory-limit")).toBe("fail");
  });

  it("audits created and exited containers from their configuration", () => {
    expect(auditContainer(fixtureSnapshot("exited")).state).toBe("exited");
    expect(auditContainer(fixtureSnapshot("user-name-ghost")).state).toBe("created");
  });
});

import { describe, expect, it } from "vitest";
import { auditContainer } from "./audit";
import { fixtureSnapshot } from "./fixtures/load";
import { CHECK_IDS } from "./types";

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
    expect(audit.checks.every((c) => c.status === "pass")).toBe(true);
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
    expect(auditContainer(snapshot, {}, { waived: "count", labels: true, waivers: [] }).score).toBe(36);
    const withPolicy = auditContainer(
      snapshot,
      {},
      {
        waived: "ignore",
        labels: false,
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

  it("audits created and exited containers from their configuration", () => {
    expect(auditContainer(fixtureSnapshot("exited")).state).toBe("exited");
    expect(auditContainer(fixtureSnapshot("user-name-ghost")).state).toBe("created");
  });
});

import { describe, expect, it } from "vitest";
import { procFixture } from "./fixtures";
import { parseProcStatus } from "./proc-status";
import { classifyProcessIdentity } from "./process-identity";

const identity = (name: string) => parseProcStatus(procFixture(`${name}.status`));
const IN_CONTAINER = "/proc/1 in the container";

describe("classifyProcessIdentity", () => {
  it("pass for a hardened non-root PID 1", () => {
    const r = classifyProcessIdentity(identity("nonroot-hardened"), IN_CONTAINER);
    expect(r).toEqual({
      id: "process-identity",
      status: "pass",
      evidence: "uid 1000 gid 1000; CapEff none; NoNewPrivs 1; Seccomp 2 (filter)",
      details: [
        "read from /proc/1 in the container",
        "Uid (effective): uid 1000",
        "Gid (effective): 1000",
        "CapEff: none",
        "CapBnd: none",
        "NoNewPrivs: 1",
        "Seccomp: 2 (filter)",
      ],
    });
  });

  it("fail for root", () => {
    const r = classifyProcessIdentity(identity("readonly-tmpfs"), IN_CONTAINER);
    expect(r.status).toBe("fail");
    expect(r.evidence).toMatch(/^PID 1 runs as uid 0: uid 0 gid 0; CapEff CAP_AUDIT_WRITE,CAP_CHOWN,/);
  });

  it("names CAP_NET_ADMIN in CapEff (--cap-add NET_ADMIN)", () => {
    const r = classifyProcessIdentity(identity("cap-add-net-admin"), IN_CONTAINER);
    expect(r.evidence).toMatch(/^PID 1 runs as uid 0, holds CAP_NET_ADMIN: /);
    expect(r.details).toContainEqual(expect.stringMatching(/^CapEff: .*CAP_NET_ADMIN/));
  });

  it("says seccomp is off", () => {
    expect(classifyProcessIdentity(identity("seccomp-unconfined"), IN_CONTAINER).evidence).toMatch(
      /^PID 1 runs as uid 0, seccomp is off: .*Seccomp 0 \(off\)$/,
    );
  });

  it("--privileged: every capability, seccomp off (hand-written: it cannot start here, see the fixture README)", () => {
    const r = classifyProcessIdentity(identity("privileged-readonly"), IN_CONTAINER);
    expect(r.status).toBe("fail");
    expect(r.evidence).toMatch(
      /^PID 1 runs as uid 0, holds CAP_BPF, CAP_DAC_READ_SEARCH, .*CAP_NET_ADMIN, .*CAP_SYS_ADMIN, .*, seccomp is off: /,
    );
  });

  it("root in a user namespace is still uid 0, with the host uid named (hand-written)", () => {
    const p = parseProcStatus(procFixture("userns-remap-host.status"), {
      readFrom: "host",
      uidMap: procFixture("userns-remap.uid_map"),
    });
    const r = classifyProcessIdentity(p, "the host's /proc/4242");
    expect(r.status).toBe("fail");
    expect(r.evidence).toMatch(
      /^PID 1 runs as uid 0: uid 0 \(uid 100000 on the host: user namespace\) gid 0;/,
    );
  });
});

describe("classifyProcessIdentity in a non-initial user namespace", () => {
  // A process that ran `unshare -Urm` (captured from the host): root with every capability, but in its own
  // user namespace, uid 1000 on the host.
  const unshared = parseProcStatus(procFixture("unshare-urm.status"), {
    readFrom: "host",
    uidMap: procFixture("unshare-urm.uid_map"),
  });

  it("marks its capabilities namespaced, never as held on the host", () => {
    expect(unshared.capsNamespaced).toBe(true);
    const r = classifyProcessIdentity(unshared, "the host's /proc/4242");
    expect(r.evidence).not.toMatch(/holds CAP_/);
    expect(r.evidence).toContain("namespaced");
    expect(r.details?.find((l) => l.startsWith("CapEff:"))).toContain("namespaced");
    // Still uid 0 in its own namespace: named with its host uid.
    expect(r.evidence).toContain("uid 1000 on the host");
  });

  it("a process in the initial user namespace keeps its capabilities as host-effective", () => {
    const host = parseProcStatus(procFixture("cap-add-net-admin.status"));
    expect(host.capsNamespaced).toBeUndefined();
    expect(classifyProcessIdentity(host, IN_CONTAINER).evidence).toMatch(/holds CAP_NET_ADMIN/);
  });
});

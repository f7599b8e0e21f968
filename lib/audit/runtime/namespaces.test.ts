import { describe, expect, it } from "vitest";
import {
  compareNamespaces,
  namespaceProblem,
  type ProcessNamespaces,
  unproven,
  withNamespacedCaps,
} from "./namespaces";

const HOST_USER = "user:[4026531837]";
const PID1: ProcessNamespaces = { pid: 100, user: HOST_USER, mnt: "mnt:[4026532177]" };
const proc = (pid: number, user: string | null, mnt: string | null): ProcessNamespaces => ({
  pid,
  user,
  mnt,
});

describe("compareNamespaces", () => {
  const table: { name: string; processes: ProcessNamespaces[]; kind: string; apart?: number[] }[] = [
    { name: "PID 1 alone", processes: [PID1], kind: "same" },
    {
      name: "children in PID 1's namespaces",
      processes: [PID1, proc(101, PID1.user, PID1.mnt)],
      kind: "same",
    },
    {
      name: "unshare -Urm: a new user and mount namespace",
      processes: [PID1, proc(102, "user:[4026532400]", "mnt:[4026532401]")],
      kind: "apart",
      apart: [102],
    },
    {
      name: "unshare -m by a root process: a mount namespace only",
      processes: [proc(103, PID1.user, "mnt:[4026532402]")],
      kind: "apart",
      apart: [103],
    },
    {
      name: "unshare -U: a user namespace only",
      processes: [proc(104, "user:[4026532403]", PID1.mnt)],
      kind: "apart",
      apart: [104],
    },
    {
      name: "a process that ended during the read counts neither way",
      processes: [proc(105, null, null)],
      kind: "same",
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const r = compareNamespaces(PID1, c.processes);
      expect(r.kind).toBe(c.kind);
      if (r.kind === "apart") expect(r.processes.map((p) => p.pid)).toEqual(c.apart);
    });
  }

  it("names which namespaces differ", () => {
    const r = compareNamespaces(PID1, [proc(102, "user:[4026532400]", "mnt:[4026532401]")]);
    expect(r).toMatchObject({ kind: "apart", processes: [{ pid: 102, differ: ["user", "mnt"] }] });
  });

  it("unknown when PID 1's own namespaces cannot be read", () => {
    expect(compareNamespaces(proc(100, null, "mnt:[1]"), []).kind).toBe("unknown");
  });
});

describe("namespaceProblem", () => {
  it("null when every process shares PID 1's namespaces", () => {
    expect(namespaceProblem({ kind: "same", checked: 3 })).toBeNull();
  });

  it("names the process and its namespaces", () => {
    const text = namespaceProblem(
      compareNamespaces(PID1, [proc(4242, "user:[4026532400]", "mnt:[4026532401]")]),
    );
    expect(text).toContain("4242");
    expect(text).toContain("user:[4026532400]");
    expect(text).toContain("mnt:[4026532401]");
    expect(text).toContain(PID1.mnt);
  });

  it("names at most three processes and counts the rest", () => {
    const many = [1, 2, 3, 4, 5].map((i) => proc(200 + i, PID1.user, `mnt:[${i}]`));
    const text = namespaceProblem(compareNamespaces(PID1, many)) ?? "";
    expect(text).toContain("203");
    expect(text).not.toContain("process 204");
    expect(text).toContain("2 more");
  });

  it("says why when the processes could not be compared", () => {
    expect(namespaceProblem({ kind: "unknown", reason: "no listing" })).toContain("no listing");
  });
});

describe("unproven", () => {
  const pass = { id: "mount-table" as const, status: "pass" as const, evidence: "/ is mounted ro (overlay)" };

  it("a pass from PID 1's view is skipped while a process lives apart, PID 1's reading kept", () => {
    expect(unproven(pass, "process 4242 lives apart")).toEqual({
      ...pass,
      status: "skipped",
      evidence: "process 4242 lives apart; PID 1's own view: / is mounted ro (overlay)",
    });
  });

  it("a fail stands, and nothing changes when every process shares PID 1's namespaces", () => {
    const fail = { ...pass, status: "fail" as const };
    expect(unproven(fail, "process 4242 lives apart")).toBe(fail);
    expect(unproven(pass, null)).toBe(pass);
  });
});

describe("withNamespacedCaps", () => {
  const identity = {
    id: "process-identity" as const,
    status: "pass" as const,
    evidence: "uid 1000",
    details: ["a"],
  };

  it("names each process in another user namespace, its capabilities namespaced", () => {
    const r = withNamespacedCaps(
      identity,
      compareNamespaces(PID1, [proc(4242, "user:[9]", "mnt:[8]"), proc(4243, PID1.user, "mnt:[7]")]),
    );
    expect(r.details).toHaveLength(2);
    expect(r.details?.[1]).toMatch(/^process 4242 .*user:\[9\].*namespaced, not host-effective$/);
  });

  it("leaves the probe as it is otherwise", () => {
    expect(withNamespacedCaps(identity, { kind: "same", checked: 1 })).toBe(identity);
    expect(withNamespacedCaps(identity, null)).toBe(identity);
  });
});

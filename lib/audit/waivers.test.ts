import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "./fixtures/load";
import type { CheckId, CheckResult, Severity } from "./types";
import {
  applyWaivers,
  DEFAULT_WAIVER_POLICY,
  labelWaivers,
  MAX_REASON_LENGTH,
  matchesContainer,
  matchesGlob,
  sanitizeReason,
  type WaiverPolicy,
  waiversFor,
} from "./waivers";

describe("sanitizeReason", () => {
  it("keeps HTML and formulas as text (they are escaped where shown)", () => {
    expect(sanitizeReason("<img src=x onerror=alert(1)>")).toBe("<img src=x onerror=alert(1)>");
    expect(sanitizeReason('=HYPERLINK("http://evil.example","click")')).toBe(
      '=HYPERLINK("http://evil.example","click")',
    );
  });

  it("turns control and bidi-override characters into single spaces and trims", () => {
    expect(sanitizeReason("\tlegacy\r\n\u0000image\u202e \u2066runs\u0085 ")).toBe("legacy image runs");
  });

  it("removes ANSI escape sequences whole, not just their ESC", () => {
    expect(sanitizeReason("\u001b[31mred\u001b[0m team accepted")).toBe("red team accepted");
    expect(sanitizeReason("see \u001b]8;;http://evil.example\u0007docs\u001b]8;;\u0007")).toBe("see docs");
  });

  it("is empty when nothing printable is left", () => {
    expect(sanitizeReason("")).toBe("");
    expect(sanitizeReason(" \t\n\u200f ")).toBe("");
  });

  it(`cuts at ${MAX_REASON_LENGTH} characters, counting code points`, () => {
    expect(sanitizeReason("x".repeat(MAX_REASON_LENGTH))).toBe("x".repeat(MAX_REASON_LENGTH));
    const cut = sanitizeReason("😀".repeat(MAX_REASON_LENGTH + 5));
    expect([...cut]).toHaveLength(MAX_REASON_LENGTH);
    expect(cut.endsWith("😀…")).toBe(true);
  });
});

describe("labelWaivers", () => {
  it("reads the captured labels: two waivers, an empty reason and an unknown check flagged", () => {
    const { waivers, problems } = labelWaivers(fixtureSnapshot("waivers-compose").labels);
    expect(Object.fromEntries(waivers)).toEqual({
      "non-root-user": { reason: "<img src=x onerror=alert(1)> legacy image runs as root", source: "label" },
      "read-only-rootfs": { reason: '=HYPERLINK("http://evil.example","click")', source: "label" },
    });
    expect(problems).toEqual([
      'label "roaudit.waive.cap-drop-all" ignored: a waiver needs a reason',
      'label "roaudit.waive.no-such-check" ignored: "no-such-check" is not a check id',
    ]);
  });

  it("ignores other labels, and takes keys exactly", () => {
    expect(labelWaivers({ "roaudit.test": "x", "Roaudit.waive.privileged": "r" })).toEqual({
      waivers: new Map(),
      problems: [],
    });
    expect(labelWaivers({ "roaudit.waive.": "r" }).problems).toEqual([
      'label "roaudit.waive." ignored: "" is not a check id',
    ]);
    expect(labelWaivers({ "roaudit.waive.privileged": "\u0007 \n" }).problems).toHaveLength(1);
  });
});

describe("matchesGlob", () => {
  it.each([
    ["traefik", "traefik", true],
    ["traefik", "traefik-2", false],
    ["shop-*", "shop-web-1", true],
    ["*:latest", "nginx:latest", true],
    ["a.b", "axb", false],
    ["*", "", true],
    ["x(y", "x(y", true],
  ])("%s ~ %s → %s", (pattern, value, expected) => {
    expect(matchesGlob(pattern, value)).toBe(expected);
  });
});

describe("matchesContainer", () => {
  const target = { name: "shop-web-1", image: "nginx:1.27", labels: { tier: "edge", empty: "" } };

  it("needs every given condition", () => {
    expect(matchesContainer({ name: "shop-*", image: "nginx:*" }, target)).toBe(true);
    expect(matchesContainer({ name: "shop-*", image: "redis:*" }, target)).toBe(false);
  });

  it("matches labels by key=value or by key alone", () => {
    expect(matchesContainer({ label: "tier=edge" }, target)).toBe(true);
    expect(matchesContainer({ label: "tier=core" }, target)).toBe(false);
    expect(matchesContainer({ label: "tier" }, target)).toBe(true);
    expect(matchesContainer({ label: "empty=" }, target)).toBe(true);
    expect(matchesContainer({ label: "missing" }, target)).toBe(false);
    expect(matchesContainer({ label: "toString" }, target)).toBe(false);
  });

  it("never matches with no condition", () => {
    expect(matchesContainer({}, target)).toBe(false);
  });
});

describe("waiversFor", () => {
  const none = new Map<CheckId, Severity>();
  const snapshot = fixtureSnapshot("waivers-compose");
  const policy: WaiverPolicy = {
    waived: "ignore",
    labels: true,
    labelsMayWaive: "non-critical",
    waivers: [
      {
        check: "non-root-user",
        reason: "reviewed by ops",
        match: { label: "com.docker.compose.project=shop" },
      },
      { check: "non-root-user", reason: "second match", match: { name: "roaudit-capture-*" } },
      { check: "memory-limit", reason: "other container", match: { name: "db" } },
    ],
  };

  it("lets the policy win over a label, first matching policy waiver per check", () => {
    const { waivers } = waiversFor(snapshot, policy, none);
    expect(waivers.get("non-root-user")).toEqual({ reason: "reviewed by ops", source: "policy" });
    expect(waivers.get("read-only-rootfs")?.source).toBe("label");
    expect(waivers.has("memory-limit")).toBe(false);
  });

  it("ignores and flags labels when the policy switches them off", () => {
    const { waivers, problems } = waiversFor(snapshot, { ...policy, labels: false }, none);
    expect([...waivers.keys()]).toEqual(["non-root-user"]);
    expect(problems).toContain(
      'label "roaudit.waive.read-only-rootfs" ignored: label waivers are off on this server',
    );
  });

  it("ignores and flags a label on a critical check unless labelsMayWaive is all; a policy waiver supersedes it", () => {
    const critical = new Map<CheckId, Severity>([
      ["read-only-rootfs", "critical"],
      ["non-root-user", "critical"],
    ]);
    const limited = waiversFor(snapshot, policy, critical);
    expect(limited.waivers.has("read-only-rootfs")).toBe(false);
    expect(limited.waivers.get("non-root-user")?.source).toBe("policy");
    expect(limited.problems).toContain(
      'label "roaudit.waive.read-only-rootfs" ignored: label waivers cannot accept critical findings on this server; use the policy file',
    );
    expect(limited.problems.filter((p) => p.includes("non-root-user"))).toEqual([]);
    const all = waiversFor(snapshot, { ...policy, labelsMayWaive: "all" }, critical);
    expect(all.waivers.get("read-only-rootfs")?.source).toBe("label");
  });

  it("uses the labels alone without a policy", () => {
    expect([...waiversFor(snapshot, DEFAULT_WAIVER_POLICY, none).waivers.keys()].sort()).toEqual([
      "non-root-user",
      "read-only-rootfs",
    ]);
  });
});

describe("applyWaivers", () => {
  const result = (id: CheckResult["id"], status: CheckResult["status"]): CheckResult => ({
    id,
    status,
    severity: "high",
    message: "m",
    evidence: {},
  });
  const waiver = { reason: "accepted", source: "label" } as const;

  it("turns a waived fail into waived with the waiver, and leaves pass and na alone", () => {
    const out = applyWaivers(
      [result("non-root-user", "fail"), result("read-only-rootfs", "pass"), result("tmpfs-size", "na")],
      new Map([
        ["non-root-user", waiver],
        ["read-only-rootfs", waiver],
        ["tmpfs-size", waiver],
      ]),
    );
    expect(out.map((r) => [r.id, r.status, r.waiver])).toEqual([
      ["non-root-user", "waived", waiver],
      ["read-only-rootfs", "pass", undefined],
      ["tmpfs-size", "na", undefined],
    ]);
  });
});

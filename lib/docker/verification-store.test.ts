import { describe, expect, it } from "vitest";
import type { Verification } from "@/lib/audit/types";
import {
  CONTAINER_LIMIT,
  HISTORY_LIMIT,
  lastVerification,
  recordVerification,
  verificationHistory,
} from "./verification-store";

const at = (n: number): Verification => ({
  verdict: n % 2 === 0 ? "enforced" : "not-enforced",
  detail: `probe ${n}`,
  checkedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  probes: [{ id: "root-write", status: n % 2 === 0 ? "pass" : "fail", evidence: `probe ${n}` }],
});

describe("recordVerification / lastVerification / verificationHistory", () => {
  it("keeps every verdict, newest first, and the last one as the container's verification", () => {
    const id = "a".repeat(64);
    expect(lastVerification(id)).toBeNull();
    expect(verificationHistory(id)).toEqual([]);
    recordVerification(id, at(1));
    recordVerification(id, at(2));
    expect(lastVerification(id)).toEqual(at(2));
    expect(verificationHistory(id).map((v) => v.detail)).toEqual(["probe 2", "probe 1"]);
  });

  it(`keeps the last ${HISTORY_LIMIT} per container`, () => {
    const id = "b".repeat(64);
    for (let n = 0; n < HISTORY_LIMIT + 5; n += 1) recordVerification(id, at(n));
    const history = verificationHistory(id);
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]?.detail).toBe(`probe ${HISTORY_LIMIT + 4}`);
    expect(history.at(-1)?.detail).toBe("probe 5");
  });

  it("a copy: changing the answer does not change the store", () => {
    const id = "c".repeat(64);
    recordVerification(id, at(1));
    verificationHistory(id).pop();
    expect(verificationHistory(id)).toHaveLength(1);
  });

  it(`forgets the container verified longest ago beyond ${CONTAINER_LIMIT} containers`, () => {
    const first = "d".repeat(64);
    const second = "e".repeat(64);
    recordVerification(first, at(1));
    recordVerification(second, at(1));
    recordVerification(first, at(2)); // now `second` is the one verified longest ago among these two
    // The store now holds 5 containers (3 from the tests above); the first 4 evictions take those 3, then `second`.
    for (let n = 0; n < CONTAINER_LIMIT - 1; n += 1) recordVerification(`f${n}`, at(n));
    expect(verificationHistory(second)).toEqual([]);
    expect(verificationHistory(first)).toHaveLength(2);
    expect(verificationHistory(`f${CONTAINER_LIMIT - 2}`)).toHaveLength(1);
  });
});

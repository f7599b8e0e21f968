import { describe, expect, it } from "vitest";
import { tmpfsNoexec } from "./checks/tmpfs-noexec";
import { fixtureSnapshot } from "./fixtures/load";
import { allOf, countOf, NOUNS } from "./wording";

describe("countOf", () => {
  it("agrees the noun with the count", () => {
    expect(countOf(1, NOUNS.tmpfs)).toBe("1 tmpfs mount");
    expect(countOf(2, NOUNS.tmpfs)).toBe("2 tmpfs mounts");
    expect(countOf(0, NOUNS.volume)).toBe("0 volumes");
  });
});

describe("allOf", () => {
  it("says one thing of one mount and all of several", () => {
    expect(allOf(1, NOUNS.bind)).toBe("1 bind mount is");
    expect(allOf(3, NOUNS.bind)).toBe("all 3 bind mounts are");
  });
});

describe("count-aware check messages", () => {
  it.each([1, 2, 5])(
    "tmpfs-noexec with %i noexec tmpfs mounts names that number, singular only for one",
    (n) => {
      const base = fixtureSnapshot("tmpfs-default");
      const tmpfs = base.mounts.find((m) => m.type === "tmpfs");
      if (!tmpfs) throw new Error("fixture has no tmpfs");
      const mounts = Array.from({ length: n }, (_, i) => ({ ...tmpfs, destination: `/t${i}` }));
      const outcome = tmpfsNoexec.evaluate({ ...base, mounts });
      expect(outcome.status).toBe("pass");
      expect(outcome.message).toContain(String(n));
      expect(/\bmounts\b/.test(outcome.message)).toBe(n !== 1);
      expect(Object.keys(outcome.evidence.tmpfs as object)).toHaveLength(n);
    },
  );
});

import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { memoryLimit } from "./memory-limit";

describe("memory-limit", () => {
  it.each([
    ["hardened", "pass", "memory limited to 64 MiB"],
    ["writable-default", "fail", "no memory limit"],
  ])("%s → %s", (name, status, message) => {
    const outcome = memoryLimit.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it.each([
    ["case-lim-none", "fail", "no memory limit"],
    ["case-lim-set", "pass", "memory limited to 64 MiB (swap unlimited)"],
  ])(
    "reads Memory 0 and MemorySwap -1 right (case resource-limit-encodings, %s)",
    (name, status, message) => {
      const outcome = memoryLimit.evaluate(caseSnapshot("resource-limit-encodings", name));
      expect(outcome.status).toBe(status);
      expect(outcome.message).toBe(message);
    },
  );
});

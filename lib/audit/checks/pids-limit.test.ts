import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { pidsLimit } from "./pids-limit";

describe("pids-limit", () => {
  it.each([
    ["hardened", "pass", "at most 100 processes"],
    ["writable-default", "fail", "no PIDs limit"],
  ])("%s → %s", (name, status, message) => {
    const outcome = pidsLimit.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it.each([
    ["case-lim-none", "fail"],
    ["case-lim-pidsm1", "fail"],
    ["case-lim-set", "pass"],
  ])("case resource-limit-encodings %s → %s", (name, status) => {
    expect(pidsLimit.evaluate(caseSnapshot("resource-limit-encodings", name)).status).toBe(status);
  });

  it.each([0, -1])("treats PidsLimit %i as unlimited, as older engines and podman send it", (value) => {
    expect(pidsLimit.evaluate({ ...fixtureSnapshot("hardened"), pidsLimit: value }).status).toBe("fail");
  });
});

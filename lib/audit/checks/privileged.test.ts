import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { privileged } from "./privileged";

describe("privileged", () => {
  it.each([
    ["privileged-readonly", "fail"],
    ["hardened", "pass"],
    ["writable-default", "pass"],
  ])("%s → %s", (name, status) => {
    expect(privileged.evaluate(fixtureSnapshot(name)).status).toBe(status);
  });

  it("fails the never-started privileged container of case privileged-overrides-capdrop-and-readonly", () => {
    expect(
      privileged.evaluate(caseSnapshot("privileged-overrides-capdrop-and-readonly", "case-priv-ro")),
    ).toEqual({
      status: "fail",
      message: "runs --privileged: read-only root, capability drops and seccomp do not bind",
      evidence: { "HostConfig.Privileged": true },
    });
  });
});

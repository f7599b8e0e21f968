import { describe, expect, it } from "vitest";
import { rawCase, rawFixture } from "@/lib/audit/fixtures/load";
import { InspectShapeError, parseInspect } from "./inspect-schema";

describe("parseInspect", () => {
  it("drops Config.Env and every field roaudit does not read", () => {
    const raw = rawFixture("hardened");
    expect(JSON.stringify(raw)).toContain("canary-secret-value");
    const parsed = parseInspect(raw);
    expect(JSON.stringify(parsed)).not.toContain("canary-secret-value");
    expect(Object.keys(parsed.Config).sort()).toEqual(["Image", "Labels", "User"]);
  });

  it("accepts every captured fixture and every shared case container", () => {
    for (const name of ["writable-default", "privileged-readonly", "paused", "exited", "user-name-ghost"]) {
      expect(() => parseInspect(rawFixture(name))).not.toThrow();
    }
    for (const id of [
      "container-state-exec-errors",
      "csv-export-injection-and-quoting",
      "resource-limit-encodings",
    ]) {
      for (const raw of rawCase(id)) expect(() => parseInspect(raw)).not.toThrow();
    }
  });

  it.each([
    [null, "(root)"],
    ["garbage", "(root)"],
    [{ Id: "abc" }, "Id"],
    [{ ...rawFixture("hardened"), HostConfig: { CapAdd: "ALL" } }, "HostConfig.CapAdd"],
  ])("rejects a malformed answer naming the field: %#", (raw, where) => {
    expect(() => parseInspect(raw)).toThrow(InspectShapeError);
    expect(() => parseInspect(raw)).toThrow(`unexpected inspect answer at ${where}`);
  });
});

import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { ENGINE_MASKED_PATHS, ENGINE_READONLY_PATHS } from "../kernel-paths";
import { kernelPaths } from "./kernel-paths";

const base = fixtureSnapshot("hardened");
const judge = (maskedPaths: string[] | null, readonlyPaths: string[] | null, privileged = false) =>
  kernelPaths.evaluate({ ...base, maskedPaths, readonlyPaths, privileged });

describe("kernel-paths", () => {
  it.each([
    // [MaskedPaths, ReadonlyPaths, status, severity, exposed]
    [null, null, "pass", undefined, undefined],
    [[...ENGINE_MASKED_PATHS], [...ENGINE_READONLY_PATHS], "pass", undefined, undefined],
    // stricter than the engine: extra paths, or a whole folder masked
    [[...ENGINE_MASKED_PATHS, "/proc/cpuinfo"], [...ENGINE_READONLY_PATHS], "pass", undefined, undefined],
    [["/proc", "/sys/firmware"], [], "pass", undefined, undefined],
    [[], [], "fail", "high", [...ENGINE_READONLY_PATHS, ...ENGINE_MASKED_PATHS]],
    [["/proc/kcore"], [], "fail", "high", undefined],
    [null, ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sysrq-trigger"], "fail", "high", ["/proc/sys"]],
    // masking a path meant to be read-only protects it too
    [
      [...ENGINE_MASKED_PATHS, "/proc/sys"],
      ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sysrq-trigger"],
      "pass",
      undefined,
      undefined,
    ],
    // only minor paths missing: medium
    [ENGINE_MASKED_PATHS.filter((p) => p !== "/proc/asound"), null, "fail", "medium", ["/proc/asound"]],
    // spelled with a trailing slash: still the same path
    [
      null,
      ["/proc/bus/", "/proc/fs", "/proc/irq", "/proc/sys/", "/proc/sysrq-trigger"],
      "pass",
      undefined,
      undefined,
    ],
  ] as const)("masked %j read-only %j → %s %s", (masked, readonly, status, severity, exposed) => {
    const outcome = judge(masked === null ? null : [...masked], readonly === null ? null : [...readonly]);
    expect(outcome.status).toBe(status);
    expect(outcome.severity).toBe(severity);
    if (exposed) expect(outcome.evidence.exposed).toEqual(exposed);
  });

  it("names systempaths=unconfined when both lists are empty, and counts what is exposed", () => {
    const outcome = judge([], []);
    expect(outcome.message).toContain("systempaths=unconfined");
    expect(outcome.message).toContain(String(ENGINE_MASKED_PATHS.length + ENGINE_READONLY_PATHS.length));
  });

  it("fails --privileged, which gets no masks at all", () => {
    expect(judge(null, null, true).status).toBe("fail");
  });

  it("reads the captured engine answer (case systempaths-unconfined-not-in-securityopt)", () => {
    const s = caseSnapshot("systempaths-unconfined-not-in-securityopt", "hunt-systempaths");
    expect([s.maskedPaths, s.readonlyPaths]).toEqual([[], []]);
    expect(kernelPaths.evaluate(s).status).toBe("fail");
  });
});

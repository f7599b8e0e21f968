import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { addedCapabilities } from "./added-capabilities";

describe("added-capabilities", () => {
  it.each([
    ["hardened", "pass", undefined, "no capabilities added"],
    ["cap-add-chown", "fail", undefined, "adds CAP_CHOWN"],
    ["cap-add-net-admin", "fail", "high", "adds dangerous CAP_NET_ADMIN"],
  ])("%s → %s", (name, status, severity, message) => {
    const outcome = addedCapabilities.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.severity).toBe(severity);
    expect(outcome.message).toBe(message);
  });

  it("normalises net_admin, Net_Raw and CAP_SYS_PTRACE (case caps-name-forms)", () => {
    const outcome = addedCapabilities.evaluate(caseSnapshot("caps-name-forms", "case-caps-api"));
    expect(outcome).toEqual({
      status: "fail",
      severity: "high",
      message: "adds dangerous CAP_NET_ADMIN, CAP_SYS_PTRACE (and CAP_NET_RAW)",
      evidence: { "HostConfig.CapAdd": ["net_admin", "CAP_SYS_PTRACE", "Net_Raw"] },
    });
  });

  it("treats --cap-add ALL as dangerous", () => {
    const s = { ...fixtureSnapshot("writable-default"), capAdd: ["all"] };
    expect(addedCapabilities.evaluate(s).message).toBe("adds dangerous ALL");
  });
});

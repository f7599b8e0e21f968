import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { capDropAll } from "./cap-drop-all";

describe("cap-drop-all", () => {
  it.each([
    ["hardened", "pass", "all capabilities dropped"],
    ["capdrop-lowercase", "pass", "all capabilities dropped"],
    ["cap-add-chown", "pass", "all capabilities dropped"],
    ["writable-default", "fail", "keeps the engine's default capabilities"],
    ["privileged-readonly", "fail", "overridden by --privileged: every capability is granted"],
  ])("%s → %s", (name, status, message) => {
    const outcome = capDropAll.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it.each(["case-caps-api", "case-caps-cli"])(
    "accepts the engine's spellings of ALL (case caps-name-forms, %s)",
    (name) => {
      expect(capDropAll.evaluate(caseSnapshot("caps-name-forms", name)).status).toBe("pass");
    },
  );

  it("names what a partial drop leaves", () => {
    const s = { ...fixtureSnapshot("writable-default"), capDrop: ["net_raw", "CAP_MKNOD"] };
    expect(capDropAll.evaluate(s).message).toBe(
      "drops only CAP_MKNOD, CAP_NET_RAW; keeps the rest of the engine's default capabilities",
    );
  });

  describe("judges the effective set, not the presence of ALL in CapDrop", () => {
    const base = fixtureSnapshot("hardened");
    it.each([
      // [CapAdd, CapDrop, status, effective count or null]
      [["ALL"], ["ALL"], "fail"],
      [["all"], ["all", "SYS_RESOURCE"], "fail"],
      [["ALL"], [], "fail"],
      [["CHOWN"], ["ALL"], "pass"],
      [[], ["ALL"], "pass"],
      // every default dropped by name: nothing left that was not asked for
      [
        [],
        [
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "NET_RAW",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT",
        ],
        "pass",
      ],
      [["NET_RAW"], ["NET_RAW"], "fail"],
      [[], ["NET_RAW"], "fail"],
    ] as const)("CapAdd %j CapDrop %j → %s", (capAdd, capDrop, status) => {
      const outcome = capDropAll.evaluate({ ...base, capAdd: [...capAdd], capDrop: [...capDrop] });
      expect(outcome.status).toBe(status);
    });

    it("names the override and what is granted", () => {
      const all = capDropAll.evaluate({ ...base, capAdd: ["ALL"], capDrop: ["ALL"] });
      expect(all.message).toMatch(/CapAdd ALL/);
      expect(all.message).toMatch(/every capability/);
      expect(all.evidence.effective).toContain("CAP_SYS_ADMIN");
      const allBut = capDropAll.evaluate({ ...base, capAdd: ["ALL"], capDrop: ["ALL", "SYS_RESOURCE"] });
      expect(allBut.message).toContain("CAP_SYS_RESOURCE");
      expect(allBut.evidence.effective).not.toContain("CAP_SYS_RESOURCE");
    });
  });
});

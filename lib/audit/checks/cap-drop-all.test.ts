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
});

import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { noNewPrivileges } from "./no-new-privileges";

describe("no-new-privileges", () => {
  it.each([
    ["hardened", "pass"],
    ["writable-default", "fail"],
    ["host-pid-ipc-uts", "fail"],
  ])("%s → %s", (name, status) => {
    expect(noNewPrivileges.evaluate(fixtureSnapshot(name)).status).toBe(status);
  });

  it.each([
    [["no-new-privileges"], "pass"],
    [["no-new-privileges:true"], "pass"],
    [["no-new-privileges=true"], "pass"],
    [["no-new-privileges:false"], "fail"],
    [["no-new-privileges", "no-new-privileges:false"], "fail"],
    [["label=disable"], "fail"],
  ])("SecurityOpt %j → %s", (securityOpt, status) => {
    expect(noNewPrivileges.evaluate({ ...fixtureSnapshot("writable-default"), securityOpt }).status).toBe(
      status,
    );
  });

  it("passes the socket case container, which set it", () => {
    expect(
      noNewPrivileges.evaluate(caseSnapshot("docker-socket-mounted-readonly", "case-sock-ro")).status,
    ).toBe("pass");
  });
});

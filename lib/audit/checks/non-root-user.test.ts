import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { nonRootUser } from "./non-root-user";

describe("non-root-user", () => {
  it.each([
    ["hardened", "pass", "runs as uid 1000"],
    ["user-name-app", "pass", 'runs as uid 1000 (user "app" in /etc/passwd)'],
    ["user-name-toor", "fail", 'runs as root: uid 0 (user "toor" in /etc/passwd)'],
    ["user-name-ghost", "fail", 'user "ghost" is not in the container\'s /etc/passwd'],
    ["user-0-0", "fail", "runs as root: uid 0"],
    ["writable-default", "fail", "runs as root: no user set, the image default is root"],
  ])("%s → %s", (name, status, message) => {
    const outcome = nonRootUser.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("fails a name when /etc/passwd cannot be read", () => {
    const outcome = nonRootUser.evaluate(
      fixtureSnapshot("user-name-app", { passwd: { ok: false, reason: "the container has no /etc/passwd" } }),
    );
    expect(outcome).toEqual({
      status: "fail",
      message: 'cannot resolve user "app": the container has no /etc/passwd',
      evidence: { "Config.User": "app" },
    });
  });

  it("passes uid:gid 65534:65534 (case verify-as-nonroot-permission-denied)", () => {
    expect(
      nonRootUser.evaluate(caseSnapshot("verify-as-nonroot-permission-denied", "case-nonroot-rw")).message,
    ).toBe("runs as uid 65534");
  });

  it.each([
    [":1000", "fail", 0, "1000"],
    [" :0", "fail", 0, "0"],
    [":app", "fail", 0, "app"],
    ["1000:", "pass", 1000, null],
    ["0:1000", "fail", 0, null],
    ["", "fail", 0, null],
  ])("Config.User %j → %s as uid %i (group %s)", (configured, status, uid, group) => {
    const base = fixtureSnapshot("hardened");
    const outcome = nonRootUser.evaluate({ ...base, user: { configured, passwd: null } });
    expect(outcome.status).toBe(status);
    expect(outcome.evidence.uid).toBe(uid);
    if (group !== null) expect(outcome.message).toContain(`runs as uid 0 (group ${group})`);
    else expect(outcome.message).not.toContain("group");
  });
});

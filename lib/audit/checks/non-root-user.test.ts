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
});

import { describe, expect, it } from "vitest";
import { FIXTURE_PASSWD } from "./fixtures/load";
import { lookupPasswdUid, needsPasswd, resolveUser, userPart } from "./user";

describe("userPart", () => {
  it.each([
    ["", ""],
    ["0:0", "0"],
    ["app:app", "app"],
    ["1000", "1000"],
  ])("%j → %j", (configured, user) => {
    expect(userPart(configured)).toBe(user);
  });
});

describe("needsPasswd", () => {
  it.each([
    ["", false],
    ["0", false],
    ["0:0", false],
    ["1000:1000", false],
    ["root", true],
    ["root:root", true],
    ["app", true],
  ])("%j → %s", (configured, expected) => {
    expect(needsPasswd(configured)).toBe(expected);
  });
});

describe("lookupPasswdUid", () => {
  it("finds names, including a second name for uid 0", () => {
    expect(lookupPasswdUid(FIXTURE_PASSWD, "app")).toBe(1000);
    expect(lookupPasswdUid(FIXTURE_PASSWD, "toor")).toBe(0);
    expect(lookupPasswdUid(FIXTURE_PASSWD, "ghost")).toBeNull();
  });

  it("ignores malformed lines and CRLF", () => {
    expect(lookupPasswdUid("app:x\r\napp:x:12:12::/:/bin/sh\r\n", "app")).toBe(12);
    expect(lookupPasswdUid("app:x:abc:1::/:/bin/sh", "app")).toBeNull();
  });
});

describe("resolveUser", () => {
  const passwd = { ok: true as const, text: FIXTURE_PASSWD };
  it.each([
    ["", { ok: true, uid: 0, how: "default", name: null }],
    ["root", { ok: true, uid: 0, how: "passwd", name: "root" }],
    ["0", { ok: true, uid: 0, how: "numeric", name: null }],
    ["0:0", { ok: true, uid: 0, how: "numeric", name: null }],
    ["root:root", { ok: true, uid: 0, how: "passwd", name: "root" }],
    ["1000:1000", { ok: true, uid: 1000, how: "numeric", name: null }],
    ["app", { ok: true, uid: 1000, how: "passwd", name: "app" }],
    ["ghost", { ok: false, reason: 'user "ghost" is not in the container\'s /etc/passwd', name: "ghost" }],
  ])("%j", (configured, expected) => {
    expect(
      resolveUser({ configured, passwd: configured === "" || /^\d/.test(configured) ? null : passwd }),
    ).toEqual(expected);
  });
});

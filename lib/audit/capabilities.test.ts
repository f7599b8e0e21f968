import { describe, expect, it } from "vitest";
import { normalizeCapabilities, normalizeCapability } from "./capabilities";

describe("normalizeCapability", () => {
  it.each([
    ["net_admin", "CAP_NET_ADMIN"],
    ["Net_Raw", "CAP_NET_RAW"],
    ["CAP_SYS_PTRACE", "CAP_SYS_PTRACE"],
    ["cap_sys_admin", "CAP_SYS_ADMIN"],
    ["all", "ALL"],
    ["CAP_ALL", "ALL"],
    [" CHOWN ", "CAP_CHOWN"],
  ])("%s → %s", (name, expected) => {
    expect(normalizeCapability(name)).toBe(expected);
  });
});

describe("normalizeCapabilities", () => {
  it("de-duplicates spellings of the same capability and sorts", () => {
    expect(normalizeCapabilities(["SYS_ADMIN", "sys_admin", "cap_sys_admin", "ALL"])).toEqual([
      "ALL",
      "CAP_SYS_ADMIN",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import {
  CAPABILITIES_BY_BIT,
  ENGINE_DEFAULT_CAPABILITIES,
  effectiveCapabilities,
  normalizeCapabilities,
  normalizeCapability,
} from "./capabilities";

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

describe("effectiveCapabilities", () => {
  it("is the engine's default set when nothing is added or dropped", () => {
    expect(effectiveCapabilities([], [], false)).toEqual([...ENGINE_DEFAULT_CAPABILITIES]);
  });
  it("drops and adds in any spelling", () => {
    const caps = effectiveCapabilities(["net_admin"], ["CAP_NET_RAW", "mknod"], false);
    expect(caps).toContain("CAP_NET_ADMIN");
    expect(caps).not.toContain("CAP_NET_RAW");
    expect(caps).not.toContain("CAP_MKNOD");
    expect(caps).toHaveLength(ENGINE_DEFAULT_CAPABILITIES.length - 1);
  });
  it("is exactly CapAdd after drop ALL", () => {
    expect(effectiveCapabilities(["NET_BIND_SERVICE"], ["ALL"], false)).toEqual(["CAP_NET_BIND_SERVICE"]);
    expect(effectiveCapabilities([], ["all"], false)).toEqual([]);
  });
  it("is everything but CapDrop after add ALL, and everything when privileged", () => {
    expect(effectiveCapabilities(["ALL"], ["SYS_ADMIN"], false)).toHaveLength(CAPABILITIES_BY_BIT.length - 1);
    expect(effectiveCapabilities([], ["ALL"], true)).toHaveLength(CAPABILITIES_BY_BIT.length);
  });
  it("numbers capabilities as capability.h does", () => {
    expect(CAPABILITIES_BY_BIT[0]).toBe("CAP_CHOWN");
    expect(CAPABILITIES_BY_BIT[21]).toBe("CAP_SYS_ADMIN");
    expect(CAPABILITIES_BY_BIT[40]).toBe("CAP_CHECKPOINT_RESTORE");
  });
});

import { describe, expect, it } from "vitest";
import {
  DEFAULT_MASKED_PATHS,
  DEFAULT_READONLY_PATHS,
  siblingConfinement,
  weakensConfinement,
} from "./trial-confinement";

describe("weakensConfinement", () => {
  it.each([
    ["seccomp=unconfined", true],
    ["seccomp:unconfined", true],
    ["Seccomp = unconfined", true],
    ["apparmor=unconfined", true],
    ["apparmor:unconfined", true],
    ["label=disable", true],
    ["label:disable", true],
    ["label=type:spc_t", true],
    ["systempaths=unconfined", true],
    ["no-new-privileges:false", true],
    ["no-new-privileges", true],
    ['seccomp={"defaultAction":"SCMP_ACT_ERRNO"}', false],
    ["apparmor=my-profile", false],
    ["label=type:svirt_apache_t", false],
    ["label=level:s0:c100,c200", false],
  ])("%s → %s", (option, expected) => {
    expect(weakensConfinement(option)).toBe(expected);
  });
});

describe("siblingConfinement", () => {
  it("keeps runtime, isolation, userns mode and confining options; drops weakening ones", () => {
    const c = siblingConfinement({
      Runtime: "runsc",
      Isolation: "default",
      UsernsMode: "host",
      SecurityOpt: [
        "seccomp=/x.json",
        "apparmor=unconfined",
        "label=disable",
        "systempaths=unconfined",
        "apparmor=p1",
      ],
      MaskedPaths: [],
      ReadonlyPaths: ["/proc/extra"],
    });
    expect(c).toEqual({
      Runtime: "runsc",
      Isolation: "default",
      UsernsMode: "host",
      SecurityOpt: ["seccomp=/x.json", "apparmor=p1", "no-new-privileges:true"],
      MaskedPaths: DEFAULT_MASKED_PATHS,
      ReadonlyPaths: [...DEFAULT_READONLY_PATHS, "/proc/extra"],
    });
  });

  it("gives the defaults for a hostile or empty HostConfig", () => {
    expect(siblingConfinement({ SecurityOpt: [1, null], Runtime: "" })).toEqual({
      SecurityOpt: ["no-new-privileges:true"],
      MaskedPaths: DEFAULT_MASKED_PATHS,
      ReadonlyPaths: DEFAULT_READONLY_PATHS,
    });
    expect(siblingConfinement(null).SecurityOpt).toEqual(["no-new-privileges:true"]);
  });
});

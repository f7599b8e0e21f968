import { describe, expect, it } from "vitest";
import {
  DEFAULT_MASKED_PATHS,
  DEFAULT_READONLY_PATHS,
  keepsConfinement,
  siblingConfinement,
  weakensConfinement,
} from "./trial-confinement";

describe("weakensConfinement", () => {
  it.each([
    ["seccomp=unconfined", true],
    ["seccomp:unconfined", true],
    ["Seccomp = unconfined", true],
    ["seccomp=/x.json", true],
    ["seccomp=builtin", true],
    ["seccomp={not json", true],
    [
      'seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}]}',
      false,
    ],
    [
      'seccomp:{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}]}',
      false,
    ],
    [
      'seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","ptrace"],"action":"SCMP_ACT_ALLOW"}]}',
      true,
    ],
    [
      'seccomp={"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mount"],"action":"SCMP_ACT_ERRNO"}]}',
      true,
    ],
    ["apparmor=unconfined", true],
    ["apparmor:Unconfined", true],
    ["apparmor=", true],
    ["apparmor=my-profile", false],
    ["apparmor:docker-default", false],
    ["label=disable", true],
    ["label:disable", true],
    ["label=type:spc_t", true],
    ["label=type:container_runtime_t", true],
    ["label=type:unconfined_t", true],
    ["label=type:container_unconfined_t", true],
    ["label=level:s0:c0.c1023", true],
    ["label=level:s0-s0:c0.c1023", true],
    ["label=nested", true],
    ["label=filetype:x_t", true],
    ["label=user:unconfined_u", true],
    ["label=type:svirt_apache_t", false],
    ["label:type:container_t", false],
    ["label=level:s0:c100,c200", false],
    ["label=user:system_u", false],
    ["label=role:system_r", false],
    ["writable-cgroups=true", true],
    ["writable-cgroups=false", true],
    ["systempaths=unconfined", true],
    ["no-new-privileges:false", true],
    ["no-new-privileges", true],
    ["no-new-privileges:true", true],
    ["something=else", true],
    ["", true],
  ])("%s → weakens %s", (option, expected) => {
    expect(weakensConfinement(option)).toBe(expected);
    expect(keepsConfinement(option)).toBe(!expected);
  });
});

const ALLOW_LIST =
  '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}';

describe("siblingConfinement", () => {
  it("keeps runtime, isolation and allowed options; drops UsernsMode host and everything else", () => {
    const c = siblingConfinement({
      Runtime: "runsc",
      Isolation: "default",
      UsernsMode: "host",
      SecurityOpt: [
        "seccomp=/x.json",
        `seccomp=${ALLOW_LIST}`,
        "writable-cgroups=true",
        "label=type:spc_t",
        "label=type:container_t",
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
      SecurityOpt: [
        `seccomp=${ALLOW_LIST}`,
        "label=type:container_t",
        "apparmor=p1",
        "no-new-privileges:true",
      ],
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

import { describe, expect, it } from "vitest";
import type { RemediationPlan } from "@/lib/audit/remediation/types";
import { type SiblingSource, siblingHostConfig } from "./trial-sibling";

const source: SiblingSource = {
  containerId: "c",
  image: "i",
  entrypoint: null,
  cmd: null,
  user: "",
  workingDir: "",
  healthcheck: null,
  env: [],
  memoryBytes: 0,
};

describe("siblingHostConfig", () => {
  it("never puts a tmpfs or volume over a system folder, however the plan spells it", () => {
    const plan = {
      tmpfs: ["/etc", "/tmp/../usr", "//", "/lib64/", "/dev", "/tmp", "/run/./"].map((path) => ({
        path,
        options: "rw,noexec,nosuid",
      })),
      mounts: ["/var/lib", "/root", "/proc/../sys", "/data", "/var/lib/app"].map((target) => ({
        target,
        readOnly: false,
      })),
      capAdd: [],
      pidsLimit: 100,
      init: false,
    } as unknown as RemediationPlan;
    const config = siblingHostConfig(plan, source, { "roaudit.trial": "t" });
    expect(Object.keys(config.Tmpfs)).toEqual(["/tmp", "/run"]);
    expect(config.Mounts.map((m) => m.Target)).toEqual(["/data", "/var/lib/app"]);
  });
});

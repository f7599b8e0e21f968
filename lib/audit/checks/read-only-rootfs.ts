import type { Check } from "../types";

/** `HostConfig.ReadonlyRootfs`; `--privileged` makes it non-binding (the container may remount `/` rw). CIS 5.13. */
export const readOnlyRootfs: Check = {
  id: "read-only-rootfs",
  title: "Read-only root filesystem",
  defaultSeverity: "high",
  cis: "5.13",
  description:
    "A writable root filesystem lets an attacker who gains code execution install tools, replace binaries and plant backdoors. With a read-only root every such write fails with EROFS.",
  remediation: { dockerRun: "--read-only", compose: "read_only: true" },
  evaluate(s) {
    const evidence = { "HostConfig.ReadonlyRootfs": s.readonlyRootfs, "HostConfig.Privileged": s.privileged };
    if (s.privileged) {
      return {
        status: "fail",
        message: "overridden by --privileged: the container can remount / read-write",
        evidence,
      };
    }
    if (!s.readonlyRootfs) return { status: "fail", message: "root filesystem is writable", evidence };
    return { status: "pass", message: "root filesystem is read-only", evidence };
  },
};

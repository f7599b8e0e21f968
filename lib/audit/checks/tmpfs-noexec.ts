import { everyTmpfsHas } from "../mounts";
import type { Check } from "../types";
import { allOf, NOUNS } from "../wording";

/**
 * Every tmpfs mount (`HostConfig.Tmpfs` and `HostConfig.Mounts` type tmpfs) is `noexec` as the kernel applies it
 * (the engine's default is noexec; `exec` later in the options switches it off).
 */
export const tmpfsNoexec: Check = {
  id: "tmpfs-noexec",
  title: "tmpfs mounts are noexec",
  defaultSeverity: "medium",
  cis: null,
  description:
    "A read-only root still leaves tmpfs mounts writable; without noexec an attacker can drop a binary there and run it. noexec makes the kernel refuse to execute anything on that mount.",
  remediation: {
    dockerRun: "--tmpfs /tmp:rw,noexec,nosuid,size=64m",
    compose: 'tmpfs: ["/tmp:rw,noexec,nosuid,size=64m"]',
  },
  evaluate(s) {
    return everyTmpfsHas(
      s,
      (m) => m.noexec,
      (list) => `executables can run from tmpfs ${list}`,
      (n) => `${allOf(n, NOUNS.tmpfs)} noexec`,
    );
  },
};

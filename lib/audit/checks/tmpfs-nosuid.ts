import { everyTmpfsHas } from "../mounts";
import type { Check } from "../types";
import { allOf, NOUNS } from "../wording";

/** Every tmpfs mount is `nosuid` as the kernel applies it (engine default nosuid; `suid` switches it off). */
export const tmpfsNosuid: Check = {
  id: "tmpfs-nosuid",
  title: "tmpfs mounts are nosuid",
  defaultSeverity: "medium",
  cis: null,
  description:
    "Without nosuid a setuid binary written to a tmpfs takes effect, a path to root inside the container. nosuid makes the kernel ignore setuid and setgid bits there.",
  remediation: {
    dockerRun: "--tmpfs /tmp:rw,noexec,nosuid,size=64m",
    compose: 'tmpfs: ["/tmp:rw,noexec,nosuid,size=64m"]',
  },
  evaluate(s) {
    return everyTmpfsHas(
      s,
      (m) => m.nosuid,
      (list) => `setuid bits take effect on tmpfs ${list}`,
      (n) => `${allOf(n, NOUNS.tmpfs)} nosuid`,
    );
  },
};

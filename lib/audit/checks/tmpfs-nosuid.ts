import { listDestinations, tmpfsEvidence, tmpfsMounts } from "../mounts";
import type { Check } from "../types";

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
    const mounts = tmpfsMounts(s);
    if (mounts.length === 0) return { status: "na", message: "no tmpfs mounts", evidence: {} };
    const evidence = { tmpfs: tmpfsEvidence(mounts) };
    const suid = mounts.filter((m) => !m.nosuid);
    if (suid.length > 0) {
      return {
        status: "fail",
        message: `setuid bits take effect on tmpfs ${listDestinations(suid)}`,
        evidence,
      };
    }
    return { status: "pass", message: `all ${mounts.length} tmpfs mounts are nosuid`, evidence };
  },
};

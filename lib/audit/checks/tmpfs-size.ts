import { formatSize } from "../format";
import { listDestinations, tmpfsEvidence, tmpfsMounts } from "../mounts";
import type { Check } from "../types";

/**
 * Every tmpfs mount has a size limit. The engine sets none by default (`--tmpfs /tmp`, `--mount type=tmpfs`
 * without `tmpfs-size`), and `size=0` means unlimited, so such a tmpfs can take half of the host's RAM.
 */
export const tmpfsSize: Check = {
  id: "tmpfs-size",
  title: "tmpfs mounts have a size limit",
  defaultSeverity: "low",
  cis: null,
  description:
    "tmpfs lives in RAM; without a size limit a runaway or hostile process can fill it until the host runs short of memory. A size option caps what one mount can take.",
  remediation: {
    dockerRun: "--tmpfs /tmp:rw,noexec,nosuid,size=64m (or --mount type=tmpfs,dst=/tmp,tmpfs-size=67108864)",
    compose: 'tmpfs: ["/tmp:rw,noexec,nosuid,size=64m"]',
  },
  evaluate(s) {
    const mounts = tmpfsMounts(s);
    if (mounts.length === 0) return { status: "na", message: "no tmpfs mounts", evidence: {} };
    const evidence = { tmpfs: tmpfsEvidence(mounts) };
    // A read-only tmpfs cannot grow, so only writable ones need a limit.
    const unbounded = mounts.filter((m) => m.size === null && m.rw);
    if (unbounded.length > 0) {
      return { status: "fail", message: `no size limit on tmpfs ${listDestinations(unbounded)}`, evidence };
    }
    const sizes = mounts.map((m) => `${m.destination} ${m.rw ? formatSize(m.size) : "read-only"}`).join(", ");
    return { status: "pass", message: `size-limited: ${sizes}`, evidence };
  },
};

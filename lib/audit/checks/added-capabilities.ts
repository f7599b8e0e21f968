import { containerCapabilities, DANGEROUS_CAPABILITIES } from "../capabilities";
import type { Check } from "../types";

/**
 * Anything in `HostConfig.CapAdd` (normalised: `net_admin` is `CAP_NET_ADMIN`). Dangerous capabilities
 * ({@link DANGEROUS_CAPABILITIES}) fail with high severity, others with the default low. CIS 5.4.
 */
export const addedCapabilities: Check = {
  id: "added-capabilities",
  title: "No capabilities added",
  defaultSeverity: "low",
  cis: "5.4",
  description:
    "Each added capability widens what the process may ask of the kernel; CAP_SYS_ADMIN alone lets it remount / read-write and escape most isolation. Add back only what the app provably needs.",
  remediation: {
    dockerRun: "remove --cap-add …, or keep only what is needed",
    compose: "cap_add: only what is needed",
  },
  evaluate(s) {
    const evidence = { "HostConfig.CapAdd": s.capAdd };
    const added = containerCapabilities(s).add;
    if (added.length === 0) return { status: "pass", message: "no capabilities added", evidence };
    const dangerous = added.filter((c) => DANGEROUS_CAPABILITIES.has(c));
    if (dangerous.length > 0) {
      const others = added.filter((c) => !DANGEROUS_CAPABILITIES.has(c));
      return {
        status: "fail",
        severity: "high",
        message: `adds dangerous ${dangerous.join(", ")}${others.length > 0 ? ` (and ${others.join(", ")})` : ""}`,
        evidence,
      };
    }
    return { status: "fail", message: `adds ${added.join(", ")}`, evidence };
  },
};

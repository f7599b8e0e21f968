import type { Check } from "../types";

/** `HostConfig.PidsLimit` > 0; `null`, 0 and negatives all mean unlimited. CIS 5.29; case `resource-limit-encodings`. */
export const pidsLimit: Check = {
  id: "pids-limit",
  title: "PIDs limit set",
  defaultSeverity: "low",
  cis: "5.29",
  description:
    "Without a PIDs limit a fork bomb in one container can exhaust the host's process table. A limit keeps it inside the container.",
  remediation: { dockerRun: "--pids-limit 100", compose: "pids_limit: 100" },
  evaluate(s) {
    const evidence = { "HostConfig.PidsLimit": s.pidsLimit };
    if (s.pidsLimit !== null && s.pidsLimit > 0) {
      return { status: "pass", message: `at most ${s.pidsLimit} processes`, evidence };
    }
    return { status: "fail", message: "no PIDs limit", evidence };
  },
};

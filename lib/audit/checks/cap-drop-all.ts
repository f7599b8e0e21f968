import { normalizeCapabilities } from "../capabilities";
import type { Check } from "../types";

/**
 * `HostConfig.CapDrop` contains `ALL` in any spelling the engine accepts (`all`, `ALL`, `CAP_ALL`);
 * `--privileged` ignores CapDrop. Case `caps-name-forms`.
 */
export const capDropAll: Check = {
  id: "cap-drop-all",
  title: "Drops all capabilities",
  defaultSeverity: "high",
  cis: "5.4",
  description:
    "The engine's default set still grants 14 capabilities such as CAP_DAC_OVERRIDE, CAP_CHOWN and CAP_NET_RAW. Dropping ALL and adding back only what the app needs limits which kernel operations a compromised process can invoke.",
  remediation: { dockerRun: "--cap-drop ALL", compose: "cap_drop: [ALL]" },
  evaluate(s) {
    const evidence = { "HostConfig.CapDrop": s.capDrop, "HostConfig.Privileged": s.privileged };
    if (s.privileged) {
      return { status: "fail", message: "overridden by --privileged: every capability is granted", evidence };
    }
    const dropped = normalizeCapabilities(s.capDrop);
    if (dropped.includes("ALL")) return { status: "pass", message: "all capabilities dropped", evidence };
    const message =
      dropped.length === 0
        ? "keeps the engine's default capabilities"
        : `drops only ${dropped.join(", ")}; keeps the rest of the engine's default capabilities`;
    return { status: "fail", message, evidence };
  },
};

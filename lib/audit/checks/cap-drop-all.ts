import { CAPABILITIES_BY_BIT, containerCapabilities } from "../capabilities";
import type { Check } from "../types";
import { countOf, NOUNS } from "../wording";

/**
 * The effective capability set ({@link containerCapabilities}, moby's `TweakCapabilities` order) holds nothing
 * the container did not ask for in `CapAdd`: `CapDrop ALL` in any spelling (`all`, `CAP_ALL`), or every default
 * capability dropped one by one. `CapAdd ALL` overrides `CapDrop ALL` (every capability is granted) and
 * `--privileged` ignores both. CIS 5.4; cases `caps-name-forms`, `cap-add-all-beats-cap-drop-all`.
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
    const caps = containerCapabilities(s);
    const evidence = {
      "HostConfig.CapDrop": s.capDrop,
      "HostConfig.CapAdd": s.capAdd,
      "HostConfig.Privileged": s.privileged,
      effective: caps.effective,
    };
    if (caps.rule === "privileged") {
      return { status: "fail", message: "overridden by --privileged: every capability is granted", evidence };
    }
    if (caps.rule === "add-all") {
      const every = caps.effective.length === CAPABILITIES_BY_BIT.length;
      const what = every
        ? "every capability is granted"
        : `${countOf(caps.effective.length, NOUNS.capability)} granted, all but ${caps.drop.filter((c) => c !== "ALL").join(", ")}`;
      const message = caps.drop.includes("ALL")
        ? `CapDrop ALL is overridden by CapAdd ALL: ${what}`
        : `CapAdd ALL: ${what}`;
      return { status: "fail", message, evidence };
    }
    if (caps.keptDefaults.length === 0)
      return { status: "pass", message: "all capabilities dropped", evidence };
    const message =
      caps.drop.length === 0
        ? "keeps the engine's default capabilities"
        : `drops only ${caps.drop.join(", ")}; keeps the rest of the engine's default capabilities`;
    return { status: "fail", message, evidence };
  },
};

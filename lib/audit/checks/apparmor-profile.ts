import type { Check } from "../types";

/**
 * An AppArmor profile confines the container: not `apparmor=unconfined` (or `apparmor:unconfined`) in
 * `HostConfig.SecurityOpt`, not `AppArmorProfile: "unconfined"`, not `--privileged`. `na` when the host has no
 * AppArmor (`AppArmorProfile` empty and nothing asked for): there is nothing the container could set. CIS 5.1.
 */
export const apparmorProfile: Check = {
  id: "apparmor-profile",
  title: "AppArmor profile applied",
  defaultSeverity: "high",
  cis: "5.1",
  description:
    "On AppArmor hosts the engine's docker-default profile forbids mount, writes to /proc and /sys and other escape routes even for root in the container; apparmor=unconfined removes it, so a read-only root can be remounted read-write with CAP_SYS_ADMIN.",
  remediation: {
    dockerRun:
      "remove --security-opt apparmor=unconfined (or give a profile: --security-opt apparmor=<name>)",
    compose: "security_opt: remove apparmor:unconfined",
  },
  evaluate(s) {
    const asked = s.securityOpt
      .map((o) => /^apparmor[:=](.*)$/is.exec(o.trim())?.[1]?.trim())
      .filter((v): v is string => v !== undefined);
    const requested = asked.at(-1) ?? null;
    const evidence = {
      AppArmorProfile: s.appArmorProfile,
      "HostConfig.SecurityOpt": s.securityOpt.filter((o) => /^apparmor[:=]/i.test(o.trim())),
      "HostConfig.Privileged": s.privileged,
    };
    if (s.privileged) {
      return { status: "fail", message: "overridden by --privileged: AppArmor is off", evidence };
    }
    if (requested?.toLowerCase() === "unconfined" || s.appArmorProfile.toLowerCase() === "unconfined") {
      return { status: "fail", message: "AppArmor is disabled (apparmor=unconfined)", evidence };
    }
    if (s.appArmorProfile === "" && requested === null) {
      return { status: "na", message: "no AppArmor on this host: the engine applies no profile", evidence };
    }
    const name = s.appArmorProfile || requested || "";
    return {
      status: "pass",
      message: name === "docker-default" ? "engine's default AppArmor profile" : `AppArmor profile ${name}`,
      evidence,
    };
  },
};

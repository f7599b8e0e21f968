import { inlineSeccompJson, readSeccompProfile } from "../seccomp";
import type { Check } from "../types";

/**
 * A seccomp profile applies: not `seccomp=unconfined` (or `seccomp:unconfined`), not `--privileged`, the
 * engine supports seccomp (`GET /info` `SecurityOptions` has `name=seccomp`), and a custom profile (stored
 * inline as JSON) is no weaker than the engine's default: one whose `defaultAction` allows, logs, traces or
 * notifies is a deny-list and fails naming the default-blocked syscalls it lets through (high); an
 * allow-list that allows some of them fails medium. CIS 5.22.
 */
export const seccompProfile: Check = {
  id: "seccomp-profile",
  title: "seccomp profile applied",
  defaultSeverity: "high",
  cis: "5.22",
  description:
    "The default seccomp profile blocks dozens of syscalls (mount, kexec, keyctl, …) that container escapes rely on. Unconfined, the whole kernel syscall surface is open.",
  remediation: {
    dockerRun:
      "remove --security-opt seccomp=unconfined (or give a profile: --security-opt seccomp=profile.json)",
    compose: "security_opt: remove seccomp:unconfined",
  },
  evaluate(s) {
    // A custom profile is inlined as JSON in SecurityOpt: name it, don't dump it.
    const opts = s.securityOpt.map((o) =>
      /^seccomp[:=]\s*\{/.test(o) ? `seccomp=<custom profile, ${o.length} bytes>` : o,
    );
    const evidence = { "HostConfig.SecurityOpt": opts, "HostConfig.Privileged": s.privileged };
    if (s.privileged)
      return { status: "fail", message: "overridden by --privileged: seccomp is off", evidence };
    let profile: string | null = null;
    for (const opt of s.securityOpt) {
      const m = /^seccomp[:=](.*)$/is.exec(opt.trim());
      if (m) profile = (m[1] ?? "").trim();
    }
    if (profile !== null && profile.toLowerCase() === "unconfined") {
      return { status: "fail", message: "seccomp is disabled (seccomp=unconfined)", evidence };
    }
    if (s.engine.seccompSupported === false) {
      return {
        status: "fail",
        message: "the engine runs without seccomp support",
        evidence: { ...evidence, "Info.SecurityOptions": "no name=seccomp" },
      };
    }
    if (profile !== null && profile !== "" && profile.toLowerCase() !== "builtin") {
      const json = inlineSeccompJson(`seccomp=${profile}`);
      const reading = json === null ? null : readSeccompProfile(json);
      if (reading?.kind === "deny-list") {
        const list = reading.allowed.length > 0 ? `: ${reading.allowed.join(", ")} are not blocked` : "";
        return {
          status: "fail",
          message: `custom seccomp profile allows every syscall it does not list (defaultAction ${reading.defaultAction}), weaker than the engine's default${list}`,
          evidence: {
            ...evidence,
            "seccomp.defaultAction": reading.defaultAction,
            "seccomp.notBlocked": reading.allowed,
          },
        };
      }
      if (reading?.kind === "allow-list" && reading.allowed.length > 0) {
        return {
          status: "fail",
          severity: "medium",
          message: `custom seccomp profile allows ${reading.allowed.join(", ")}, which the engine's default blocks`,
          evidence: {
            ...evidence,
            "seccomp.defaultAction": reading.defaultAction,
            "seccomp.allowed": reading.allowed,
          },
        };
      }
      return { status: "pass", message: "custom seccomp profile", evidence };
    }
    return { status: "pass", message: "engine's default seccomp profile", evidence };
  },
};

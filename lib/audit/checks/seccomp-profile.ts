import type { Check } from "../types";

/**
 * A seccomp profile applies: not `seccomp=unconfined` (or `seccomp:unconfined`), not `--privileged`, and the
 * engine supports seccomp (`GET /info` `SecurityOptions` has `name=seccomp`). CIS 5.22.
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
      return { status: "pass", message: "custom seccomp profile", evidence };
    }
    return { status: "pass", message: "engine's default seccomp profile", evidence };
  },
};

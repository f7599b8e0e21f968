import type { Check } from "../types";

/**
 * `no-new-privileges` in `HostConfig.SecurityOpt` (`no-new-privileges`, `no-new-privileges:true` or `=true`;
 * a later `:false` switches it off). CIS 5.26.
 */
export const noNewPrivileges: Check = {
  id: "no-new-privileges",
  title: "no-new-privileges is set",
  defaultSeverity: "medium",
  cis: "5.26",
  description:
    "Without it a process can gain privileges through setuid binaries or file capabilities. With it the kernel's no_new_privs bit stops every exec from raising privileges.",
  remediation: {
    dockerRun: "--security-opt no-new-privileges",
    compose: 'security_opt: ["no-new-privileges:true"]',
  },
  evaluate(s) {
    const evidence = { "HostConfig.SecurityOpt": s.securityOpt };
    let enabled = false;
    for (const opt of s.securityOpt) {
      const m = /^no-new-privileges(?:[:=](.*))?$/i.exec(opt.trim());
      if (m) enabled = m[1] === undefined || m[1].trim().toLowerCase() === "true";
    }
    if (enabled) return { status: "pass", message: "no-new-privileges is set", evidence };
    return {
      status: "fail",
      message: "no-new-privileges is not set: setuid binaries can raise privileges",
      evidence,
    };
  },
};

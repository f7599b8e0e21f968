import type { Check } from "../types";

/**
 * `HostConfig.Privileged`. A privileged container gets every capability and device, no seccomp, and may
 * remount its read-only root read-write: it grades F. CIS 5.5; case `privileged-overrides-capdrop-and-readonly`.
 */
export const privileged: Check = {
  id: "privileged",
  title: "Not privileged",
  defaultSeverity: "critical",
  cis: "5.5",
  description:
    "--privileged grants every capability and host device and switches off seccomp and AppArmor, so --read-only and --cap-drop no longer bind. It is root on the host in all but name.",
  remediation: {
    dockerRun: "remove --privileged (add only the capabilities needed)",
    compose: "privileged: false",
  },
  evaluate(s) {
    const evidence = { "HostConfig.Privileged": s.privileged };
    if (s.privileged) {
      return {
        status: "fail",
        message: "runs --privileged: read-only root, capability drops and seccomp do not bind",
        evidence,
      };
    }
    return { status: "pass", message: "not privileged", evidence };
  },
};

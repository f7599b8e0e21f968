import type { Check } from "../types";
import { groupPart, resolveUser } from "../user";

/**
 * The main process does not run as uid 0. `Config.User` in all its forms; names are resolved through the
 * container's own `/etc/passwd` (so `USER toor` with uid 0 fails). CIS 4.1.
 */
export const nonRootUser: Check = {
  id: "non-root-user",
  title: "Runs as a non-root user",
  defaultSeverity: "high",
  cis: "4.1",
  description:
    "Root in a container is root on every file the container can reach and one kernel bug away from root on the host. A non-root uid limits what a compromised process can do even where writes are allowed.",
  remediation: { dockerRun: "--user 1000:1000", compose: 'user: "1000:1000"' },
  evaluate(s) {
    const resolved = resolveUser(s.user);
    const evidence = { "Config.User": s.user.configured };
    if (!resolved.ok) return { status: "fail", message: resolved.reason, evidence };
    const withUid = { ...evidence, uid: resolved.uid };
    if (resolved.how === "group-only") {
      const message = `runs as uid 0 (group ${groupPart(s.user.configured)}): --user sets only a group, the uid stays root`;
      return { status: "fail", message, evidence: withUid };
    }
    const how =
      resolved.how === "default"
        ? "no user set, the image default is root"
        : resolved.how === "passwd"
          ? `uid ${resolved.uid} (user "${resolved.name}" in /etc/passwd)`
          : `uid ${resolved.uid}`;
    if (resolved.uid === 0) return { status: "fail", message: `runs as root: ${how}`, evidence: withUid };
    return { status: "pass", message: `runs as ${how}`, evidence: withUid };
  },
};

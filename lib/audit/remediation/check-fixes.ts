/**
 * Each check's fix, cut from the container's remediation plan: the very `docker run` flags and compose keys the
 * whole hardened configuration writes for it, so a user who copies one check's fix gets what the full
 * Remediation says (the same `--pids-limit`, the same decision about `--user`).
 */
import { Document, isMap, isScalar } from "yaml";
import type { CheckId } from "../types";
import { composeObject, noInterpolation } from "./compose";
import { dockerRunLines } from "./docker-run";
import { shellQuote } from "./shell";
import type { CheckFix, RemediationPlan } from "./types";

/** Which `docker run` flags and compose service keys fix a check (the plan's lines that start with them). */
export interface FixTargets {
  flags: readonly string[];
  keys: readonly string[];
}

const MOUNTS: FixTargets = { flags: ["-v", "--mount"], keys: ["volumes"] };
const TMPFS: FixTargets = { flags: ["--tmpfs"], keys: ["tmpfs"] };
const CAPS: FixTargets = { flags: ["--cap-drop", "--cap-add"], keys: ["cap_drop", "cap_add"] };
const SECURITY_OPT: FixTargets = { flags: ["--security-opt"], keys: ["security_opt"] };

/** Flags and compose keys per check, in the order the full configuration writes them. */
export const CHECK_FIX_TARGETS: Readonly<Record<CheckId, FixTargets>> = {
  "read-only-rootfs": { flags: ["--read-only"], keys: ["read_only"] },
  "tmpfs-noexec": TMPFS,
  "tmpfs-nosuid": TMPFS,
  "tmpfs-size": TMPFS,
  "writable-bind-mount": MOUNTS,
  "writable-volume": MOUNTS,
  "sensitive-host-mount": MOUNTS,
  "docker-socket-mount": MOUNTS,
  "non-root-user": { flags: ["--user"], keys: ["user"] },
  "cap-drop-all": CAPS,
  "added-capabilities": CAPS,
  // The plan never writes --privileged: what replaces it is the capability set.
  privileged: { flags: ["--privileged", ...CAPS.flags], keys: ["privileged", ...CAPS.keys] },
  "no-new-privileges": SECURITY_OPT,
  "seccomp-profile": SECURITY_OPT,
  "apparmor-profile": SECURITY_OPT,
  "host-namespaces": {
    flags: ["--network", "--pid", "--ipc", "--uts"],
    keys: ["network_mode", "networks", "pid", "ipc", "uts"],
  },
  "kernel-paths": SECURITY_OPT,
  "host-devices": { flags: ["--device", "--device-cgroup-rule"], keys: ["devices", "device_cgroup_rules"] },
  "memory-limit": { flags: ["--memory", "--memory-swap"], keys: ["mem_limit", "memswap_limit"] },
  "pids-limit": { flags: ["--pids-limit"], keys: ["pids_limit"] },
};

/** The compose keys of the plan's service, as YAML, written as the full compose file writes them. */
function composeKeys(plan: RemediationPlan, keys: readonly string[]): string {
  const service = (composeObject(plan).services as Record<string, Record<string, unknown>>)[plan.name] ?? {};
  const picked = Object.fromEntries(keys.filter((k) => k in service).map((k) => [k, service[k]]));
  if (Object.keys(picked).length === 0) return "";
  const doc = new Document(noInterpolation(picked));
  // `1000:1000` is a base-60 number to YAML 1.1 readers: the user is quoted, as in the full file.
  const user = isMap(doc.contents) ? doc.contents.get("user", true) : null;
  if (isScalar(user)) user.type = "QUOTE_DOUBLE";
  return doc.toString({ lineWidth: 0 }).trimEnd();
}

/** Every check's fix from one plan (see {@link CheckFix}). */
export function checkFixes(plan: RemediationPlan): Record<CheckId, CheckFix> {
  const lines = dockerRunLines(plan);
  const entries = Object.entries(CHECK_FIX_TARGETS).map(([id, targets]) => {
    const dockerRun = lines
      .filter((words) => targets.flags.includes(words[0] ?? ""))
      .map((words) => words.map(shellQuote).join(" "))
      .join(" \\\n");
    const notes = plan.checks
      .filter((c) => targets.flags.includes(c.flag) || targets.keys.includes(c.key))
      .map((c) => c.text);
    return [id, { dockerRun, compose: composeKeys(plan, targets.keys), notes }];
  });
  return Object.fromEntries(entries) as Record<CheckId, CheckFix>;
}

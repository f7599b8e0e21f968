/**
 * Which `docker run` flags and compose keys fix each check: data, shared by the per-check fixes cut from a
 * remediation plan (`check-fixes.ts`), the findings report and the fleet page. No dependencies, so a browser
 * bundle can hold it.
 */
import type { CheckId } from "../types";

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

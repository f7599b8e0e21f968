/**
 * Host devices a container can reach: `HostConfig.Devices` (`--device`) and `HostConfig.DeviceCgroupRules`
 * (`--device-cgroup-rule`). Under a read-only root these are still write access to the host's hardware:
 * CAP_MKNOD is a default capability and `/dev` is a writable tmpfs without `nodev`, so a rule granting `rw` on
 * a device class lets the container create that node and open it. CIS Docker Benchmark 5.18; case
 * `device-access-under-readonly-root`.
 */
import type { HostDevice } from "./types";

/** One `--device-cgroup-rule` read as the kernel's devices cgroup reads it (`type major:minor access`). */
export interface DeviceRule {
  /** The rule as stored. */
  text: string;
  /** `a` (all), `b` (block) or `c` (character). */
  type: "a" | "b" | "c";
  /** Major and minor numbers, `*` for any. */
  major: string;
  minor: string;
  /** Grants reading / writing an opened node (`r`, `w`); `m` (mknod) alone opens nothing. */
  read: boolean;
  write: boolean;
}

/** Parses a rule; `null` when it is not one (the engine would have refused it). */
export function parseDeviceRule(text: string): DeviceRule | null {
  const m = /^\s*([abc])\s+(\d+|\*):(\d+|\*)\s+([rwm]+)\s*$/.exec(text);
  if (!m) return null;
  const access = m[4] ?? "";
  return {
    text,
    type: m[1] as DeviceRule["type"],
    major: m[2] ?? "*",
    minor: m[3] ?? "*",
    read: access.includes("r"),
    write: access.includes("w"),
  };
}

/** One device access a container has, for evidence and messages. */
export interface DeviceAccess {
  /** `"/dev/loop0 as /dev/xvdb (rwm)"` or `"rule b 7:* rwm: any block device of major 7"`. */
  what: string;
  /** It can write to the device (or the device class). */
  write: boolean;
}

/** Describes a rule's reach: `"any block device of major 7"`, `"every device"`. */
function ruleReach(r: DeviceRule): string {
  const kind = r.type === "a" ? "device" : r.type === "b" ? "block device" : "character device";
  if (r.major === "*" && r.minor === "*") return r.type === "a" ? "every device" : `every ${kind}`;
  if (r.minor === "*") return `any ${kind} of major ${r.major}`;
  if (r.major === "*") return `any ${kind} of minor ${r.minor}`;
  return `the ${kind} ${r.major}:${r.minor}`;
}

/**
 * Every device access from `devices` and `rules` that reads or writes (`m` alone is left out: creating a node
 * opens nothing). Unparseable rules are reported as writable (the auditor's safe assumption).
 */
export function deviceAccesses(devices: readonly HostDevice[], rules: readonly string[]): DeviceAccess[] {
  const out: DeviceAccess[] = [];
  for (const d of devices) {
    const perms = d.cgroupPermissions;
    if (!perms.includes("r") && !perms.includes("w")) continue;
    const as = d.pathInContainer !== d.pathOnHost ? ` as ${d.pathInContainer}` : "";
    out.push({ what: `${d.pathOnHost}${as} (${perms})`, write: perms.includes("w") });
  }
  for (const text of rules) {
    const r = parseDeviceRule(text);
    if (!r) {
      out.push({ what: `rule "${text}" (not understood)`, write: true });
      continue;
    }
    if (!r.read && !r.write) continue;
    out.push({ what: `rule ${r.text.trim()}: ${ruleReach(r)}`, write: r.write });
  }
  return out;
}

/**
 * Linux capability names as the engine stores them and as capabilities(7) names them.
 *
 * The engine keeps `HostConfig.CapAdd`/`CapDrop` verbatim from the API client, so `net_admin`, `Net_Raw`,
 * `CAP_SYS_PTRACE` and `all` all occur (moby PR 48551; case `caps-name-forms`).
 */

/**
 * Canonical form of a capability name: upper case, `CAP_` prefix, except the pseudo-name `ALL`.
 * `"net_admin"` → `"CAP_NET_ADMIN"`, `"cap_sys_ptrace"` → `"CAP_SYS_PTRACE"`, `"all"` → `"ALL"`.
 * Surrounding white space is ignored.
 */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  const bare = upper.startsWith("CAP_") ? upper.slice(4) : upper;
  return bare === "ALL" ? "ALL" : `CAP_${bare}`;
}

/** Normalised, de-duplicated, sorted capability list. */
export function normalizeCapabilities(names: readonly string[]): string[] {
  return [...new Set(names.map(normalizeCapability))].sort();
}

/**
 * Capabilities that break container isolation or let the process undo its own hardening
 * (remount `/`, load modules, read any file, trace other processes, reconfigure the network).
 * Sources: capabilities(7); CIS Docker Benchmark 5.4; moby's default set (which none of these are in).
 */
export const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  "ALL",
  "CAP_SYS_ADMIN",
  "CAP_NET_ADMIN",
  "CAP_SYS_PTRACE",
  "CAP_SYS_MODULE",
  "CAP_DAC_READ_SEARCH",
  "CAP_SYS_RAWIO",
  "CAP_SYS_BOOT",
  "CAP_SYS_TIME",
  "CAP_MAC_ADMIN",
  "CAP_MAC_OVERRIDE",
  "CAP_BPF",
  "CAP_PERFMON",
  "CAP_SYSLOG",
]);

/**
 * Every capability of capabilities(7), indexed by its bit number in `/proc/<pid>/status` masks (`CapEff`,
 * `CapBnd`, …): `CAPABILITIES_BY_BIT[21]` is `CAP_SYS_ADMIN`. Source: `include/uapi/linux/capability.h`
 * (Linux 5.9+, up to `CAP_CHECKPOINT_RESTORE` = 40).
 */
export const CAPABILITIES_BY_BIT: readonly string[] = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
];

/**
 * The capabilities the engine gives a container that neither adds nor drops any (moby `oci/caps/defaults.go`,
 * `DefaultCapabilities()`), sorted.
 */
export const ENGINE_DEFAULT_CAPABILITIES: readonly string[] = [
  "CAP_AUDIT_WRITE",
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_MKNOD",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_RAW",
  "CAP_SETFCAP",
  "CAP_SETGID",
  "CAP_SETPCAP",
  "CAP_SETUID",
  "CAP_SYS_CHROOT",
];

/**
 * The capability set the engine will give the main process, sorted: as moby's `TweakCapabilities`
 * (`oci/caps/utils.go`) computes it from the default set, `HostConfig.CapAdd`, `HostConfig.CapDrop` and
 * `HostConfig.Privileged`:
 * - privileged: every capability;
 * - `CapAdd` holds `ALL`: every capability but those in `CapDrop`;
 * - `CapDrop` holds `ALL`: exactly `CapAdd`;
 * - otherwise: the default set minus `CapDrop`, plus `CapAdd`.
 * Names may come in any form (`net_admin`, `CAP_NET_ADMIN`). "Every capability" is {@link CAPABILITIES_BY_BIT}
 * (the engine uses the running kernel's list, which may be shorter).
 */
export function effectiveCapabilities(
  capAdd: readonly string[],
  capDrop: readonly string[],
  privileged: boolean,
): string[] {
  const all = [...CAPABILITIES_BY_BIT];
  if (privileged) return all.sort();
  const add = normalizeCapabilities(capAdd);
  const drop = new Set(normalizeCapabilities(capDrop));
  if (add.includes("ALL")) return all.filter((c) => !drop.has(c)).sort();
  if (drop.has("ALL")) return add;
  return normalizeCapabilities([...ENGINE_DEFAULT_CAPABILITIES.filter((c) => !drop.has(c)), ...add]);
}

/**
 * What a container's capability settings add up to, computed once by {@link containerCapabilities} and read
 * by every check, page and probe comparison.
 */
export interface CapabilityGrant {
  /** The set the main process gets, sorted (see {@link effectiveCapabilities}). */
  effective: string[];
  /** `HostConfig.CapAdd`, normalised and sorted (`ALL` or `CAP_…`). */
  add: string[];
  /** `HostConfig.CapDrop`, normalised and sorted. */
  drop: string[];
  /**
   * Which of moby's `TweakCapabilities` rules decided the set: `privileged` (every capability), `add-all`
   * (`CapAdd` holds `ALL`: every capability but `CapDrop`, whose `ALL` is ignored), `drop-all` (exactly
   * `CapAdd`), `default` (the engine's default set minus `CapDrop` plus `CapAdd`).
   */
  rule: "privileged" | "add-all" | "drop-all" | "default";
  /** Engine-default capabilities the process keeps without asking for them in `CapAdd`, sorted. */
  keptDefaults: string[];
}

/** The {@link CapabilityGrant} of a container's `HostConfig.CapAdd`, `CapDrop` and `Privileged`. */
export function containerCapabilities(s: {
  capAdd: readonly string[];
  capDrop: readonly string[];
  privileged: boolean;
}): CapabilityGrant {
  const add = normalizeCapabilities(s.capAdd);
  const drop = normalizeCapabilities(s.capDrop);
  const effective = effectiveCapabilities(s.capAdd, s.capDrop, s.privileged);
  const rule = s.privileged
    ? "privileged"
    : add.includes("ALL")
      ? "add-all"
      : drop.includes("ALL")
        ? "drop-all"
        : "default";
  const keptDefaults = ENGINE_DEFAULT_CAPABILITIES.filter((c) => effective.includes(c) && !add.includes(c));
  return { effective, add, drop, rule, keptDefaults };
}

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

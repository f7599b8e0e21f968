/**
 * Custom seccomp profiles judged by what they allow. The docker CLI reads `--security-opt seccomp=<file>` and
 * stores the file's JSON inline in `HostConfig.SecurityOpt` (`seccomp={"defaultAction":…}`); roaudit never
 * shows that JSON, only what it means.
 */

/** Actions that let a syscall through (`SCMP_ACT_LOG`, `TRACE`, `NOTIFY` hand it to a logger or tracer, then run it). */
const PERMISSIVE_ACTIONS = new Set(["SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_NOTIFY"]);

/**
 * Syscalls the engine's default profile (moby `profiles/seccomp/default.json`) does not allow a container
 * without extra capabilities — those container escapes and host tampering rely on. A profile that lets these
 * through is weaker than the default.
 */
export const DEFAULT_BLOCKED_SYSCALLS: readonly string[] = [
  "acct",
  "add_key",
  "bpf",
  "clock_settime",
  "delete_module",
  "finit_module",
  "init_module",
  "ioperm",
  "iopl",
  "kexec_file_load",
  "kexec_load",
  "keyctl",
  "mount",
  "open_by_handle_at",
  "perf_event_open",
  "pivot_root",
  "ptrace",
  "reboot",
  "request_key",
  "setns",
  "settimeofday",
  "swapoff",
  "swapon",
  "umount2",
  "unshare",
  "userfaultfd",
];

/** What a custom profile amounts to. */
export type SeccompProfileReading =
  | { kind: "unreadable" }
  /** `defaultAction` lets every unlisted syscall through: a deny-list. `allowed`: default-blocked ones it does not block. */
  | { kind: "deny-list"; defaultAction: string; allowed: string[] }
  /** `defaultAction` blocks: an allow-list. `allowed`: default-blocked syscalls it lets through anyway. */
  | { kind: "allow-list"; defaultAction: string; allowed: string[] };

interface ProfileJson {
  defaultAction?: unknown;
  syscalls?: { names?: unknown; name?: unknown; action?: unknown }[];
}

/** Reads an inline profile's JSON (the text after `seccomp=`). Never throws. */
export function readSeccompProfile(json: string): SeccompProfileReading {
  let profile: ProfileJson;
  try {
    profile = JSON.parse(json) as ProfileJson;
  } catch {
    return { kind: "unreadable" };
  }
  if (profile === null || typeof profile !== "object" || typeof profile.defaultAction !== "string") {
    return { kind: "unreadable" };
  }
  const defaultAction = profile.defaultAction.toUpperCase();
  const permissive = new Set<string>();
  const blocking = new Set<string>();
  for (const rule of Array.isArray(profile.syscalls) ? profile.syscalls : []) {
    if (rule === null || typeof rule !== "object" || typeof rule.action !== "string") continue;
    const names = [
      ...(Array.isArray(rule.names) ? rule.names : []),
      ...(typeof rule.name === "string" ? [rule.name] : []),
    ].filter((n): n is string => typeof n === "string");
    for (const n of names) (PERMISSIVE_ACTIONS.has(rule.action.toUpperCase()) ? permissive : blocking).add(n);
  }
  if (PERMISSIVE_ACTIONS.has(defaultAction)) {
    return {
      kind: "deny-list",
      defaultAction,
      allowed: DEFAULT_BLOCKED_SYSCALLS.filter((s) => !blocking.has(s)),
    };
  }
  return {
    kind: "allow-list",
    defaultAction,
    allowed: DEFAULT_BLOCKED_SYSCALLS.filter((s) => permissive.has(s)),
  };
}

/** The JSON of an inline `seccomp=<json>` / `seccomp:<json>` option, or `null` when it is not one. */
export function inlineSeccompJson(option: string): string | null {
  const m = /^seccomp[:=]\s*(\{.*)$/is.exec(option.trim());
  return m ? (m[1] ?? null) : null;
}

/**
 * `true` when an inline `seccomp=<json>` option confines at least as much as the engine's default, by the same
 * judgement as the `seccomp-profile` check: an allow-list that lets none of the default-blocked syscalls through.
 * A deny-list, an unreadable profile or anything that is not inline JSON is `false`.
 */
export function seccompOptionNotWeaker(option: string): boolean {
  const json = inlineSeccompJson(option);
  if (json === null) return false;
  const reading = readSeccompProfile(json);
  return reading.kind === "allow-list" && reading.allowed.length === 0;
}

/**
 * The confinement a trial sibling keeps from its original: never weaker. Pure (raw `HostConfig` in, create
 * fields out), unit-tested; `trial-sibling.ts` adds its own `no-new-privileges`, capabilities and limits.
 */

/** The engine's default `MaskedPaths` (moby `oci.DefaultSpec`, Engine 20.10 and later). */
export const DEFAULT_MASKED_PATHS = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
];
/** The engine's default `ReadonlyPaths`. */
export const DEFAULT_READONLY_PATHS = [
  "/proc/bus",
  "/proc/fs",
  "/proc/irq",
  "/proc/sys",
  "/proc/sysrq-trigger",
];

/** The original's confinement as the sibling's create call takes it. */
export interface SiblingConfinement {
  /** `HostConfig.Runtime` (`runsc`, `kata`, …) when the original named one. */
  Runtime?: string;
  /** `HostConfig.Isolation` when set. */
  Isolation?: string;
  /** `HostConfig.UsernsMode` when set. */
  UsernsMode?: string;
  /** The original's `SecurityOpt` without weakening options, then `no-new-privileges:true`. */
  SecurityOpt: string[];
  /** The engine's defaults plus the original's own (never fewer than the defaults). */
  MaskedPaths: string[];
  ReadonlyPaths: string[];
}

/**
 * `true` for a `SecurityOpt` entry that weakens confinement: `seccomp`/`apparmor` `unconfined`, `label`
 * `disable` or the super-privileged type `spc_t`, `systempaths=unconfined`, and any `no-new-privileges`
 * (the sibling sets its own, `true`). `=` and `:` separators alike, any case.
 */
export function weakensConfinement(option: string): boolean {
  const o = option.trim().toLowerCase();
  const [rawKey = "", value = ""] = o.split(/[=:](.*)/s);
  const key = rawKey.trim();
  if (key === "no-new-privileges") return true;
  if ((key === "seccomp" || key === "apparmor" || key === "systempaths") && value.trim() === "unconfined")
    return true;
  if (key === "label" && (value.trim() === "disable" || /type[=:]spc_t/.test(value))) return true;
  return false;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** The sibling's confinement from the original's raw `HostConfig` (engine answer: treated as hostile). */
export function siblingConfinement(hostConfig: unknown): SiblingConfinement {
  const h = (typeof hostConfig === "object" && hostConfig !== null ? hostConfig : {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
  const out: SiblingConfinement = {
    SecurityOpt: [...strings(h.SecurityOpt).filter((o) => !weakensConfinement(o)), "no-new-privileges:true"],
    MaskedPaths: union(DEFAULT_MASKED_PATHS, strings(h.MaskedPaths)),
    ReadonlyPaths: union(DEFAULT_READONLY_PATHS, strings(h.ReadonlyPaths)),
  };
  const runtime = text(h.Runtime);
  if (runtime) out.Runtime = runtime;
  const isolation = text(h.Isolation);
  if (isolation) out.Isolation = isolation;
  const userns = text(h.UsernsMode);
  if (userns) out.UsernsMode = userns;
  return out;
}

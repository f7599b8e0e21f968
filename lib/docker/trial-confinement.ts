/**
 * The confinement a trial sibling keeps from its original: never weaker. Pure (raw `HostConfig` in, create
 * fields out), unit-tested; `trial-sibling.ts` adds its own `no-new-privileges`, capabilities and limits.
 */

import { ENGINE_MASKED_PATHS, ENGINE_READONLY_PATHS } from "@/lib/audit/kernel-paths";
import { seccompOptionNotWeaker } from "@/lib/audit/seccomp";

/** The engine's default `MaskedPaths` and `ReadonlyPaths`: the core's lists (`lib/audit/kernel-paths.ts`). */
export { ENGINE_MASKED_PATHS as DEFAULT_MASKED_PATHS, ENGINE_READONLY_PATHS as DEFAULT_READONLY_PATHS };

/** The original's confinement as the sibling's create call takes it. */
export interface SiblingConfinement {
  /** `HostConfig.Runtime` (`runsc`, `kata`, …) when the original named one. */
  Runtime?: string;
  /** `HostConfig.Isolation` when set. */
  Isolation?: string;
  /** `HostConfig.UsernsMode` when set and not `host` (`host` leaves the engine's user namespace: dropped). */
  UsernsMode?: string;
  /** The original's `SecurityOpt` entries {@link keepsConfinement} allows, then `no-new-privileges:true`. */
  SecurityOpt: string[];
  /** The engine's defaults plus the original's own (never fewer than the defaults). */
  MaskedPaths: string[];
  ReadonlyPaths: string[];
}

/** SELinux types that lift confinement (`spc_t` super-privileged, the runtime's own, any `*_unconfined_t`). */
const UNCONFINED_LABEL_TYPE = /^(spc_t|container_runtime_t|unconfined_t|.*_unconfined_t)$/;

/** `true` for a `label=` value (after `label=`) the sibling may keep: `user:`, `role:`, `type:`, `level:` that confine. */
function keepsLabel(value: string): boolean {
  const m = /^(user|role|type|level):(.+)$/s.exec(value.trim());
  if (!m) return false;
  const [, part, raw = ""] = m;
  const v = raw.trim();
  if (v === "" || /\s/.test(v)) return false;
  if (part === "type") return !UNCONFINED_LABEL_TYPE.test(v);
  if (part === "level") return !/(^|[:,])c0\.c1023(,|$)/.test(v);
  return !/unconfined/.test(v);
}

/**
 * `true` for a `SecurityOpt` entry the sibling keeps — an allow list, so the sibling is never less confined than
 * the engine's defaults: `seccomp=<json>` the `seccomp-profile` judgement finds not weaker than the default,
 * confining `label=user:/role:/type:/level:` values, `apparmor=<name>` other than `unconfined`. Anything else
 * (`label=disable`, `writable-cgroups=true`, `systempaths=unconfined`, `no-new-privileges` — the sibling sets its
 * own — and any unknown option) is dropped and the engine's default applies. `=` and `:` separators alike.
 */
export function keepsConfinement(option: string): boolean {
  const o = option.trim();
  const m = /^([a-z-]+)\s*[=:](.*)$/is.exec(o);
  if (!m) return false;
  const key = (m[1] ?? "").toLowerCase();
  const value = (m[2] ?? "").trim();
  if (key === "seccomp") return seccompOptionNotWeaker(`seccomp=${value}`);
  if (key === "apparmor") return value !== "" && !/\s/.test(value) && value.toLowerCase() !== "unconfined";
  if (key === "label") return keepsLabel(value.toLowerCase());
  return false;
}

/** `true` for a `SecurityOpt` entry the sibling drops (the negation of {@link keepsConfinement}). */
export function weakensConfinement(option: string): boolean {
  return !keepsConfinement(option);
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
    SecurityOpt: [...strings(h.SecurityOpt).filter(keepsConfinement), "no-new-privileges:true"],
    MaskedPaths: union(ENGINE_MASKED_PATHS, strings(h.MaskedPaths)),
    ReadonlyPaths: union(ENGINE_READONLY_PATHS, strings(h.ReadonlyPaths)),
  };
  const runtime = text(h.Runtime);
  if (runtime) out.Runtime = runtime;
  const isolation = text(h.Isolation);
  if (isolation) out.Isolation = isolation;
  const userns = text(h.UsernsMode);
  if (userns && userns.trim().toLowerCase() !== "host") out.UsernsMode = userns;
  return out;
}

/**
 * The remediation plan's types, shared by `plan.ts` and the files it delegates to (`plan-mounts.ts`,
 * `plan-capabilities.ts`, `plan-devices.ts`), so none of them imports another's code for its types.
 */
import type { CheckId, PortBinding } from "../types";
import type { WritePath } from "../write-paths";

/** One check's part of the plan: see `checkFixes()` in `check-fixes.ts`. */
export interface CheckFix {
  /** The plan's `docker run` flags for the check, shell-quoted, one flag per line; `""` when it writes none. */
  dockerRun: string;
  /** The plan's compose service keys for the check (YAML); `""` when it writes none. */
  compose: string;
  /** The plan's `check:` notes on these flags (e.g. that a root user needs a decision), one sentence each. */
  notes: string[];
}

/** A "check: …" note attached to one flag or key. */
export interface CheckNote {
  /** The `docker run` flag it concerns, e.g. `--user`. */
  flag: string;
  /** The compose key it concerns, e.g. `user`. */
  key: string;
  /** One sentence, without the `check:` prefix. */
  text: string;
}

/** A tmpfs mount of the plan. */
export interface PlannedTmpfs {
  path: string;
  /** Mount options, e.g. `rw,noexec,nosuid,size=64m`. */
  options: string;
}

/** A bind mount or volume of the plan. */
export interface PlannedMount {
  type: "bind" | "volume";
  /** Host path (bind) or volume name. */
  source: string;
  target: string;
  readOnly: boolean;
  /** The volume exists already (kept from today's container); `false` for volumes the plan adds. */
  existing: boolean;
}

/** Adds a check note. */
export type AddCheck = (flag: string, key: string, text: string) => void;

/** The whole plan. Strings are hostile (names, paths, arguments): writers quote every one. */
export interface RemediationPlan {
  /** Container name, also the compose service name. */
  name: string;
  /** `Config.Image`. */
  image: string;
  /**
   * The entrypoint when the container overrides its image's (or the image is unknown), `[]` when it cleared
   * the image's; `null` to keep the image's.
   */
  entrypoint: string[] | null;
  /** Arguments after the image when they differ from the image's `CMD` (or the image is unknown). */
  command: string[] | null;
  workingDir: string | null;
  /** `--user` value; `null` when the container runs as root today (a check note says so). */
  user: string | null;
  tmpfs: PlannedTmpfs[];
  mounts: PlannedMount[];
  /**
   * `--device` values kept from today (`/dev/host:/dev/in-container:rwm`), each with a check note: a device is
   * write access to the host's hardware that a read-only root does not stop (CIS 5.18).
   */
  devices: string[];
  /** `--device-cgroup-rule` values kept from today (`b 7:* rwm`), each with a check note. */
  deviceCgroupRules: string[];
  /** capabilities(7) names without `CAP_`, kept after `--cap-drop ALL`. */
  capAdd: string[];
  /** `--security-opt` values, `no-new-privileges:true` first. */
  securityOpt: string[];
  /** `--memory` as docker takes it (`256m`). */
  memory: string;
  /** `--memory-swap` kept from today (`-1`, `512m`), or `null`. */
  memorySwap: string | null;
  pidsLimit: number;
  /** Path of the env file to write, when the container has env of its own; `null` otherwise. */
  envFile: string | null;
  /** `--network`: `none`, `host`, `bridge`, `container:<id>` or a network name; `null` for the engine default. */
  network: string | null;
  /** Further networks to connect after start (`docker network connect`). */
  extraNetworks: string[];
  ports: PortBinding[];
  /** `--restart` value (`unless-stopped`, `on-failure:3`), or `null`. */
  restart: string | null;
  hostname: string | null;
  init: boolean;
  /** Namespace modes kept as they are (`pid`, `ipc`, `uts`: `host` or `container:…`). */
  namespaces: { pid: string | null; ipc: string | null; uts: string | null };
  checks: CheckNote[];
  notes: string[];
}

/** `GET /api/containers/{id}/remediation`: the hardened configuration, ready to paste. */
export interface RemediationResponse {
  /** A `docker run` command line (may span lines joined by ` \`), with `# check: …` notes where needs are unknown. */
  dockerRun: string;
  /** A compose service snippet (YAML), with `# check: …` comments likewise. */
  compose: string;
  /**
   * Each check's share of the same plan (`check-fixes.ts`): its flags and compose keys exactly as `dockerRun`
   * and `compose` write them, and the plan's `check:` notes on them.
   */
  checkFixes: Record<CheckId, CheckFix>;
  writePaths: WritePath[];
  /** Things a person should know, e.g. that the change list cannot see writes to tmpfs or volumes. */
  notes: string[];
}

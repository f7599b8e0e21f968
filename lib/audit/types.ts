import type { ScoreBreakdown } from "./score";

/**
 * Our own view of a container, built once from the Engine API's inspect answer
 * (`GET /containers/{id}/json`) at the boundary in `lib/docker/snapshot.ts`.
 * Everything in `lib/audit` reads this type, never Docker's raw one.
 *
 * Unset collections from the engine (absent, `null`, `[]`, `{}`) all arrive here as empty.
 * The container's environment (`Config.Env`) is deliberately not part of it.
 */
export interface ContainerSnapshot {
  /** Full 64-hex container id (`Id`). */
  id: string;
  /** Container name without the leading `/` (`Name`). */
  name: string;
  /** Image reference as the user gave it (`Config.Image`). */
  image: string;
  /** Lifecycle state (`State.Status`): `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`. */
  state: string;
  /** Host pid of the main process (`State.Pid`); 0 when it is not running. */
  pid: number;
  /**
   * When the container last started (`State.StartedAt`, ISO 8601; `0001-01-01T00:00:00Z` when never): names
   * its current run, so a verdict taken in an earlier run is told apart. Absent in hand-made snapshots.
   */
  startedAt?: string;
  /** `Config.Labels`; keys and values are hostile text. */
  labels: Record<string, string>;
  /** `HostConfig.ReadonlyRootfs`. */
  readonlyRootfs: boolean;
  /** `HostConfig.Privileged`. */
  privileged: boolean;
  /** Every mount the container has, sorted by destination: see {@link Mount}. */
  mounts: Mount[];
  /** `HostConfig.CapAdd`, verbatim as the engine stored it (any case, with or without `CAP_`). */
  capAdd: string[];
  /** `HostConfig.CapDrop`, verbatim as the engine stored it. */
  capDrop: string[];
  /** `HostConfig.SecurityOpt`, verbatim (e.g. `no-new-privileges`, `seccomp=unconfined`, `label=disable`). */
  securityOpt: string[];
  /**
   * `AppArmorProfile`: the profile the engine applied (`docker-default`, a custom name, `unconfined`); `""` when
   * the host has no AppArmor (then the engine applies none).
   */
  appArmorProfile: string;
  /**
   * `HostConfig.MaskedPaths`: kernel paths hidden from the container. `null` when unset (the engine's defaults
   * apply); `[]` after `--security-opt systempaths=unconfined` (which never appears in `SecurityOpt`) or from an
   * API client that emptied it.
   */
  maskedPaths: string[] | null;
  /** `HostConfig.ReadonlyPaths`: kernel paths mounted read-only; `null` when unset (the engine's defaults). */
  readonlyPaths: string[] | null;
  /** `HostConfig.Devices`: host devices given to the container (`--device`). CIS 5.18. */
  devices: HostDevice[];
  /** `HostConfig.DeviceCgroupRules` verbatim (`--device-cgroup-rule`, e.g. `b 7:* rwm`). */
  deviceCgroupRules: string[];
  /** The user the main process runs as. */
  user: UserSpec;
  /** Namespace modes from HostConfig: `NetworkMode`, `PidMode`, `IpcMode`, `UTSMode`, `UsernsMode` ("" when unset). */
  namespaces: { network: string; pid: string; ipc: string; uts: string; userns: string };
  /** `HostConfig.Memory` in bytes; 0 means unlimited. */
  memoryBytes: number;
  /** `HostConfig.MemorySwap` in bytes; -1 unlimited swap, 0 unset (engine then allows 2x Memory). */
  memorySwapBytes: number;
  /** `HostConfig.PidsLimit`; `null` when unset. The engine treats `null`, 0 and negatives as unlimited. */
  pidsLimit: number | null;
  /** Facts about the engine that change a verdict. */
  engine: EngineFacts;
  /** Engine sockets found beneath bind sources; `null` (or absent) when not scanned (not on the engine's host). */
  socketScan?: SocketScan | null;
  /** What a faithful `docker run` / compose service of this container needs (remediation): see {@link RunSpec}. */
  run: RunSpec;
}

/**
 * How the container is run, beyond what the checks read: what a hardened `docker run` or compose service
 * must keep. From `Config`, `HostConfig` and `NetworkSettings` of the inspect answer, compared with the
 * image's own `Config` (`GET /images/{Image}/json`) where that was read. Never holds an environment value.
 */
export interface RunSpec {
  /** `Config.Entrypoint` as the container runs it (the image's unless overridden); `[]` when none. */
  entrypoint: string[];
  /** `Config.Cmd` as the container runs it; `[]` when none. */
  cmd: string[];
  /** `Config.WorkingDir`; `""` when unset (then `/`). */
  workingDir: string;
  /**
   * The image's own `Config.Entrypoint`, `Config.Cmd` and `Config.WorkingDir`, to tell what the container
   * overrides; `null` when the image was not read (fleet reads skip it).
   */
  image: { entrypoint: string[]; cmd: string[]; workingDir: string } | null;
  /** `Config.ExposedPorts` keys, sorted, e.g. `["80/tcp"]`. */
  exposedPorts: string[];
  /** `HostConfig.PortBindings`, one entry per binding, sorted by container port. */
  portBindings: PortBinding[];
  /** `NetworkSettings.Networks` keys, sorted (e.g. `["bridge"]`, `["none"]`, `["app_default"]`). */
  networks: string[];
  /** `HostConfig.RestartPolicy`: `name` `""`/`no`, `always`, `unless-stopped`, `on-failure` (with `maximumRetryCount`). */
  restartPolicy: { name: string; maximumRetryCount: number };
  /** `Config.Hostname` when the user set it; `null` when it is the engine's default (the short id) or the host's. */
  hostname: string | null;
  /** `HostConfig.Init`: the engine runs `docker-init` as pid 1. */
  init: boolean;
  /**
   * The container's environment, by name only: `count` entries in `Config.Env`; `own` the names of those it sets
   * beyond its image's `Config.Env` (added or with another value), sorted; `null` when the image was not read.
   */
  env: { count: number; own: string[] | null };
}

/** One `HostConfig.Devices` entry. */
export interface HostDevice {
  /** `PathOnHost`, e.g. `/dev/sda`. */
  pathOnHost: string;
  /** `PathInContainer`; the engine fills it with `PathOnHost` when the user gave none. */
  pathInContainer: string;
  /** `CgroupPermissions`: any of `r`, `w`, `m` (`rwm` when the user gave none). */
  cgroupPermissions: string;
}

/** One `HostConfig.PortBindings` entry. */
export interface PortBinding {
  /** Container port and protocol, e.g. `"80/tcp"`. */
  containerPort: string;
  /** `HostIp`; `""` for every address. */
  hostIp: string;
  /** `HostPort`; `""` for a port the engine picks. */
  hostPort: string;
}

/** Engine-wide facts from `GET /info` that the checks need. */
export interface EngineFacts {
  /** `true` when `SecurityOptions` lists `name=seccomp`; `null` when unknown (info not read). */
  seccompSupported: boolean | null;
  /** `DockerRootDir`: where the engine keeps its storage, never shown (see `redactEngineRoot`); `null` when unknown. */
  dockerRootDir: string | null;
  /**
   * The unix socket roaudit talks to the engine through (`DOCKER_HOST=unix://…`, else `/var/run/docker.sock`);
   * `null` (or absent) over TCP/SSH. A bind of it or of a folder above it is a bind of the engine's socket.
   */
  socketPath?: string | null;
}

/**
 * Engine API sockets found beneath the host sources of a container's binds: socket files that answered
 * `GET /_ping` with `OK` (read by `lib/docker/socket-scan.ts`, only when roaudit runs on the engine's host).
 */
export interface SocketScan {
  /** One entry per socket found: the bind's host source and the socket's host path. */
  found: { source: string; socket: string }[];
  /** Sources whose scan stopped at a bound (depth, entries or time): a socket deeper down may be missed. */
  partial: string[];
}

/**
 * The configured user (`Config.User`, which already includes the image's `USER`) and, where it is a name,
 * what the container's own `/etc/passwd` says it is.
 */
export interface UserSpec {
  /** `Config.User` verbatim: `""`, `root`, `0`, `0:0`, `1000:1000`, `app`, `app:app`, … */
  configured: string;
  /**
   * Result of looking a name up in the container's `/etc/passwd` (read through the archive endpoint):
   * `null` when no lookup was needed (empty or numeric user), otherwise the file's text or why it could not be read.
   */
  passwd: null | { ok: true; text: string } | { ok: false; reason: string };
}

/**
 * One mount as the container has it. Built from the top-level `Mounts[]` (the source of truth, whatever the
 * spelling used at create time: `-v`, `--mount`, `--volumes-from`, an image `VOLUME`) merged with
 * `HostConfig.Tmpfs` and `HostConfig.Mounts` for tmpfs mounts, which top-level `Mounts[]` lacks or describes poorly.
 */
export type Mount = BindMount | VolumeMount | TmpfsMount | OtherMount;

/** A host path bind mount (`Type: "bind"`). */
export interface BindMount {
  type: "bind";
  /** Host path (`Source`). */
  source: string;
  /** Path in the container (`Destination`), cleaned (`//etc` → `/etc`). */
  destination: string;
  /** `RW` from top-level `Mounts[]` (never derived from the `Mode` text). */
  rw: boolean;
  /**
   * Set when this bind is really a `local` driver volume with `type=none,o=bind,device=<host folder>`: the
   * volume's name. Only on the effective views of `lib/audit/mounts.ts`, never in {@link ContainerSnapshot.mounts}.
   */
  volume?: string;
}

/**
 * What a volume really mounts, from the `local` driver's options (`type`, `o`, `device`: mount(8)'s), read at
 * the boundary from `GET /volumes/{name}` `Options` (named volumes) or `HostConfig.Mounts[].VolumeOptions.
 * DriverConfig.Options` (inline `--mount type=volume,volume-opt=…`). Inspect shows all of these as
 * `Type: "volume"` with a `Source` in the engine's storage (case `volume-local-driver-bind-hides-host-path`).
 * - `storage`: a folder in the engine's storage (no `type` option): what a volume usually is;
 * - `bind`: `o` holds `bind` (`type=none`): a bind of the host folder `device`;
 * - `tmpfs`: `type=tmpfs`: a tmpfs that gets none of the engine's tmpfs defaults, only `o`'s flags;
 * - `filesystem`: any other `type` (`nfs`, `cifs`, `ext4` on a block device, …): a network or device mount;
 * - `plugin`: a driver other than `local`, whose options roaudit cannot interpret;
 * - `unknown`: the options could not be read (the volume is gone, or the read failed), with why.
 */
export type VolumeBacking =
  | { kind: "storage" }
  | { kind: "bind"; hostPath: string; options: string }
  | { kind: "tmpfs"; options: string }
  | { kind: "filesystem"; fsType: string; device: string; options: string }
  | { kind: "plugin"; driver: string }
  | { kind: "unknown"; reason: string };

/** A named or anonymous volume (`Type: "volume"`). */
export interface VolumeMount {
  type: "volume";
  /** Volume name (`Name`); anonymous volumes have a 64-hex name. */
  name: string;
  /** `true` when nothing named it: an image `VOLUME` or `-v /path` (the name is 64 hex digits). */
  anonymous: boolean;
  destination: string;
  rw: boolean;
  /**
   * What the volume really is: see {@link VolumeBacking}. Always set by the boundary (`lib/docker/snapshot.ts`);
   * absent only in hand-written test mounts, where it reads as `storage`.
   */
  backing?: VolumeBacking;
}

/** A tmpfs mount, with the flags the kernel will really apply. */
export interface TmpfsMount {
  type: "tmpfs";
  destination: string;
  /**
   * Where it was declared: `--tmpfs` (`HostConfig.Tmpfs`), `--mount type=tmpfs` (`HostConfig.Mounts`), or a
   * `local` volume with `type=tmpfs` (`volume`: only on the effective views of `lib/audit/mounts.ts`).
   */
  origin: "tmpfs-flag" | "mount" | "volume";
  /** For `origin: "volume"`: the volume's name. */
  volume?: string;
  /** The options as given (`HostConfig.Tmpfs` value, or rebuilt from `TmpfsOptions`), for evidence. */
  options: string;
  rw: boolean;
  noexec: boolean;
  nosuid: boolean;
  nodev: boolean;
  /** Size limit in bytes, or a percentage of RAM as `"50%"`; `null` when unlimited (tmpfs then may grow to half of RAM). */
  size: number | string | null;
}

/** Anything else (`npipe`, `cluster`, unknown future types). */
export interface OtherMount {
  type: "other";
  /** The engine's `Type` value. */
  engineType: string;
  destination: string;
  rw: boolean;
}

/** Severity of a finding, highest first. */
export type Severity = "critical" | "high" | "medium" | "low";

/**
 * Outcome of one check on one container. `na`: the check does not apply (e.g. no tmpfs mounts).
 * `waived`: it failed, and a waiver (see {@link Waiver}) accepts the finding.
 */
export type CheckStatus = "pass" | "fail" | "na" | "waived";

/** Why a failed check is accepted: a `roaudit.waive.<check-id>=<reason>` label or the server's policy file. */
export interface Waiver {
  /** The user's reason: hostile text, escaped wherever shown. Never empty (a waiver without one is ignored). */
  reason: string;
  source: "label" | "policy";
}

/** A check result decided (or corrected) by a live probe rather than by the inspect data. */
export interface RuntimeFinding {
  /** The probe whose reading decided it. */
  probe: ProbeId;
  /** ISO 8601 time of that Verify. */
  checkedAt: string;
}

/** JSON-safe evidence value. */
export type EvidenceValue =
  | string
  | number
  | boolean
  | null
  | EvidenceValue[]
  | { [key: string]: EvidenceValue };

/**
 * The engine fields a verdict was decided on, keyed by Engine API field path
 * (e.g. `{ "HostConfig.ReadonlyRootfs": true }`). Never holds an environment value.
 */
export type Evidence = Record<string, EvidenceValue>;

/** What a check's `evaluate` returns. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One line a person can read, e.g. `"root filesystem is writable"`. */
  message: string;
  evidence: Evidence;
  /** Set when this outcome is more (or less) severe than the check's default, e.g. a read-only sensitive mount. */
  severity?: Severity;
}

/** A check: data describing it, plus a pure `evaluate`. */
export interface Check {
  /** Stable kebab-case id, equal to the file name in `lib/audit/checks/`. */
  id: CheckId;
  title: string;
  defaultSeverity: Severity;
  /** CIS Docker Benchmark v1.6.0 item, e.g. `"5.13"`; `null` where the benchmark has none. */
  cis: string | null;
  /** Why it matters, in a sentence or two. */
  description: string;
  /** The exact fix: the `docker run` flag and the compose key. */
  remediation: { dockerRun: string; compose: string };
  evaluate(snapshot: ContainerSnapshot): CheckOutcome;
}

/** Check ids, in report column order. */
export const CHECK_IDS = [
  "read-only-rootfs",
  "tmpfs-noexec",
  "tmpfs-nosuid",
  "tmpfs-size",
  "writable-bind-mount",
  "writable-volume",
  "sensitive-host-mount",
  "docker-socket-mount",
  "non-root-user",
  "cap-drop-all",
  "added-capabilities",
  "privileged",
  "no-new-privileges",
  "seccomp-profile",
  "apparmor-profile",
  "host-namespaces",
  "kernel-paths",
  "host-devices",
  "memory-limit",
  "pids-limit",
] as const;

/** A stable check id. */
export type CheckId = (typeof CHECK_IDS)[number];

/** One check's result on one container, as reported. */
export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** The check's default severity, the outcome's own, or the configured override. */
  severity: Severity;
  message: string;
  evidence: Evidence;
  /** Present when status is `waived`. */
  waiver?: Waiver;
  /** Present when a live probe decided this result (issue 5: e.g. "uid 0 at runtime"). */
  runtime?: RuntimeFinding;
}

/** Letter grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F; any failed critical check is F. */
export type Grade = "A" | "B" | "C" | "D" | "F";

/** A container with all its check results, score and grade. */
export interface ContainerAudit {
  id: string;
  name: string;
  image: string;
  state: string;
  /** 0–100, see `score()` in `lib/audit/score.ts`. */
  score: number;
  grade: Grade;
  /** Which checks cost how many points and what capped the score: see `scoreBreakdown()` (same computation). */
  breakdown: ScoreBreakdown;
  /** One result per check, in {@link CHECK_IDS} order. */
  checks: CheckResult[];
  /** The Compose project and service it belongs to, or `null` when it has no Compose labels. */
  compose: ComposeRef | null;
  /**
   * Waivers that were ignored, one line each (e.g. a `roaudit.waive.*` label with no reason or an unknown
   * check id); empty when there are none. Hostile text (it quotes the label), escaped wherever shown.
   */
  waiverProblems: string[];
}

/** A container's place in a Compose application, from the labels Compose sets on every container it creates. */
export interface ComposeRef {
  /** `com.docker.compose.project`; hostile text. */
  project: string;
  /** `com.docker.compose.service`, or `null` when absent; hostile text. */
  service: string | null;
}

/** Overall verdict of Verify (see `overallVerdict` in `lib/audit/runtime/verdict.ts`). */
export type VerifyVerdict = "enforced" | "not-enforced" | "inconclusive";

/** Probe ids of Verify, in report column order (`probe_<id>` CSV columns). */
export const PROBE_IDS = [
  "root-write",
  "mount-table",
  "process-identity",
  "tmpfs-exec",
  "ro-mount-write",
] as const;

/** A stable probe id. */
export type ProbeId = (typeof PROBE_IDS)[number];

/** Outcome of one probe: `skipped` when it could not run or proves nothing, with the reason as evidence. */
export type ProbeStatus = "pass" | "fail" | "skipped";

/** One probe's outcome in a Verify. */
export interface ProbeResult {
  id: ProbeId;
  status: ProbeStatus;
  /** The exact error text, the relevant line, or why it was skipped; one line. */
  evidence: string;
  /** Further lines a person may want (e.g. one per mount of the mount table); absent when there are none. */
  details?: string[];
}

/** A verify outcome as stored and reported. */
export interface Verification {
  verdict: VerifyVerdict;
  /** One line: what happened, e.g. `touch: /etc/.roaudit-…: Read-only file system`. */
  detail: string;
  /** ISO 8601 time the probe finished. */
  checkedAt: string;
  /** Every probe, in {@link PROBE_IDS} order. */
  probes: ProbeResult[];
  /** What the probes read from the kernel, for the runtime findings (`lib/audit/runtime-findings.ts`). */
  observed?: RuntimeObservation;
  /** The probed run: the container's `State.StartedAt` when Verify read it (absent in older verdicts). */
  startedAt?: string;
  /**
   * Set on verdicts a view shows (`lib/audit/verification-run.ts`): `current` when the verdict probed the run
   * the container is in now, `previous` when it has restarted (or stopped) since, or the run is unknown.
   */
  run?: VerificationRun;
}

/** Whether a verdict is about the container's current run (see {@link Verification.run}). */
export type VerificationRun = "current" | "previous";

/**
 * Kernel facts a Verify read, each `null` when its probe did not run or proved nothing. Mount points are
 * paths in the container; nothing here names engine storage.
 */
export interface RuntimeObservation {
  /** `/` as PID 1's mount table has it (mount-table probe): `true` read-only, `false` read-write. */
  rootReadOnly: boolean | null;
  /** PID 1's identity and privileges (process-identity probe). */
  process: ProcessIdentity | null;
  /** tmpfs mount points where a written executable ran, and where the kernel refused it (tmpfs-exec probe). */
  tmpfsExec: { ran: string[]; refused: string[] } | null;
  /**
   * `true` when `rootReadOnly` and `process` were read from the host's `/proc/<State.Pid>` (the kernel's own
   * answer); `false` or absent when read through exec inside the container, whose programs could fake them.
   * Only host readings may clear a finding; readings from inside can only confirm or worsen one.
   */
  procFromHost?: boolean;
}

/** PID 1's identity and privileges from `/proc/<pid>/status` (proc(5)), ids as the container sees them. */
export interface ProcessIdentity {
  /** Effective uid (2nd field of `Uid:`) inside the container's user namespace. */
  uid: number;
  /** Effective gid (2nd field of `Gid:`). */
  gid: number;
  /** The uid on the host when a user namespace maps it elsewhere (userns-remap, rootless); `null` when identical or unknown. */
  hostUid: number | null;
  /** `CapEff` decoded to capabilities(7) names, sorted. */
  capEff: string[];
  /**
   * `true` when the process lives in a non-initial user namespace (its `uid_map` is not `0 0 4294967295`): its
   * capabilities act on that namespace's own mounts and ids only, not on the host. Absent in older records.
   */
  capsNamespaced?: boolean;
  /** `CapBnd` (the bounding set: the most any process in the container can ever hold), decoded and sorted. */
  capBnd: string[];
  /** `NoNewPrivs: 1`; `null` when the kernel does not show it (before Linux 4.10). */
  noNewPrivs: boolean | null;
  /** `Seccomp`: 0 off, 1 strict, 2 filter; `null` when not shown (kernel without CONFIG_SECCOMP). */
  seccomp: 0 | 1 | 2 | null;
}

/**
 * The one boundary where Docker's inspect answer becomes our {@link ContainerSnapshot}.
 * Pure: no engine calls (the caller reads `/etc/passwd` and engine facts and passes them in).
 */
import { normalizeHostPath } from "@/lib/audit/host-paths";
import { tmpfsFlags } from "@/lib/audit/tmpfs-options";
import type {
  ContainerSnapshot,
  EngineFacts,
  Mount,
  PortBinding,
  RunSpec,
  TmpfsMount,
  UserSpec,
  VolumeBacking,
} from "@/lib/audit/types";
import { volumeBacking } from "@/lib/audit/volume-backing";
import { envDigest, type ParsedImageInspect, type ParsedInspect } from "./inspect-schema";

/** What the snapshot needs besides the inspect answer. */
export interface SnapshotExtras {
  /** `/etc/passwd` lookup result; `null` when `Config.User` needed none (see `needsPasswd`). */
  passwd: UserSpec["passwd"];
  engine: EngineFacts;
  /**
   * The image's inspect answer (`GET /images/{Image}/json`), to tell what the container sets beyond its image
   * (command, working folder, environment names); absent or `null` when not read (fleet reads skip it).
   */
  image?: ParsedImageInspect | null;
  /**
   * Named volumes' driver and options (`GET /volumes/{name}`, read by `lib/docker/volumes.ts`), by volume
   * name; a volume missing here was not read. Absent: none were read (its named volumes' backing is then
   * `unknown`).
   */
  volumes?: ReadonlyMap<string, VolumeRead>;
}

/** One volume read: its driver and options, or why they could not be read (e.g. it was removed since). */
export type VolumeRead =
  | { ok: true; driver: string; options: Record<string, string> }
  | { ok: false; reason: string };

const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

/**
 * Builds the snapshot. Every mount destination is cleaned as the runtime cleans it before mounting
 * (`//etc` is `/etc`, `/tmp/` is `/tmp`, `/srv/./static` is `/srv/static`: runc resolves it with securejoin),
 * since `HostConfig.Tmpfs` keys and `HostConfig.Mounts` targets are stored as given (case
 * `tmpfs-destination-not-normalized`). Mounts come from top-level `Mounts[]` (the truth for binds and volumes, whatever the
 * spelling used at create time) merged with `HostConfig.Tmpfs` and `HostConfig.Mounts` tmpfs entries, whose
 * options only those fields carry; sorted by destination, since the engine returns them in random order.
 */
export function toSnapshot(inspect: ParsedInspect, extras: SnapshotExtras): ContainerSnapshot {
  const hc = inspect.HostConfig;
  return {
    id: inspect.Id,
    name: inspect.Name.replace(/^\//, ""),
    image: inspect.Config.Image,
    state: inspect.State.Status,
    pid: inspect.State.Pid,
    startedAt: inspect.State.StartedAt,
    labels: inspect.Config.Labels,
    readonlyRootfs: hc.ReadonlyRootfs,
    privileged: hc.Privileged,
    mounts: mountsOf(inspect, extras.volumes),
    capAdd: hc.CapAdd,
    capDrop: hc.CapDrop,
    securityOpt: hc.SecurityOpt,
    appArmorProfile: inspect.AppArmorProfile,
    maskedPaths: hc.MaskedPaths,
    readonlyPaths: hc.ReadonlyPaths,
    devices: hc.Devices.map((d) => ({
      pathOnHost: d.PathOnHost,
      pathInContainer: d.PathInContainer || d.PathOnHost,
      cgroupPermissions: d.CgroupPermissions || "rwm",
    })),
    deviceCgroupRules: hc.DeviceCgroupRules,
    user: { configured: inspect.Config.User, passwd: extras.passwd },
    namespaces: {
      network: hc.NetworkMode,
      pid: hc.PidMode,
      ipc: hc.IpcMode,
      uts: hc.UTSMode,
      userns: hc.UsernsMode,
    },
    memoryBytes: hc.Memory,
    memorySwapBytes: hc.MemorySwap,
    pidsLimit: hc.PidsLimit,
    engine: extras.engine,
    run: runSpecOf(inspect, extras.image ?? null),
  };
}

/**
 * The {@link RunSpec}. `Config.Hostname` is the user's only when it is not the engine's default, the first
 * 12 hex digits of the id (with `--network host` the engine copies the host's name, never the user's).
 * Environment: names of entries whose `NAME=value` digest the image's `Config.Env` lacks; values never leave
 * the digests.
 */
function runSpecOf(inspect: ParsedInspect, image: ParsedImageInspect | null): RunSpec {
  const c = inspect.Config;
  const hc = inspect.HostConfig;
  // With the host's or another container's network the name is theirs (and --hostname is refused).
  const sharedNetwork = hc.NetworkMode === "host" || hc.NetworkMode.startsWith("container:");
  const userHostname = c.Hostname !== "" && c.Hostname !== inspect.Id.slice(0, 12) && !sharedNetwork;
  const imageDigests = new Set(image?.Config.Env.map((e) => e.digest));
  // The engine gives a container its default PATH when the image sets none: not the user's own.
  if (image && !image.Config.Env.some((e) => e.name === "PATH")) imageDigests.add(DEFAULT_PATH_DIGEST);
  const own = image
    ? [...new Set(c.Env.filter((e) => !imageDigests.has(e.digest)).map((e) => e.name))].sort()
    : null;
  const bindings: PortBinding[] = Object.entries(hc.PortBindings)
    .flatMap(([containerPort, list]) =>
      list.map((b) => ({
        containerPort,
        hostIp: b.HostIp,
        hostPort: b.HostPort,
      })),
    )
    .sort((a, b) => compareText(a.containerPort, b.containerPort) || compareText(a.hostPort, b.hostPort));
  return {
    entrypoint: c.Entrypoint,
    cmd: c.Cmd,
    workingDir: c.WorkingDir,
    image: image
      ? { entrypoint: image.Config.Entrypoint, cmd: image.Config.Cmd, workingDir: image.Config.WorkingDir }
      : null,
    exposedPorts: c.ExposedPorts,
    portBindings: bindings,
    networks: inspect.NetworkSettings.Networks,
    restartPolicy: { name: hc.RestartPolicy.Name, maximumRetryCount: hc.RestartPolicy.MaximumRetryCount },
    hostname: userHostname ? c.Hostname : null,
    init: hc.Init,
    env: { count: c.Env.length, own },
  };
}

/** moby's `oci.DefaultPathEnv` for Linux, which the engine adds when the image has no `PATH`. */
const DEFAULT_PATH_DIGEST = envDigest("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mountsOf(inspect: ParsedInspect, volumes: ReadonlyMap<string, VolumeRead> | undefined): Mount[] {
  const byDestination = new Map<string, Mount>();
  // Inline volume options (`--mount type=volume,volume-opt=…`), by cleaned target.
  const inline = new Map<string, { Name: string; Options: Record<string, string> }>();
  for (const m of inspect.HostConfig.Mounts) {
    const config = m.VolumeOptions?.DriverConfig;
    if (m.Type === "volume" && config) inline.set(normalizeHostPath(m.Target), config);
  }
  for (const m of inspect.Mounts) {
    const destination = normalizeHostPath(m.Destination);
    if (m.Type === "bind")
      byDestination.set(destination, { type: "bind", source: m.Source, destination, rw: m.RW });
    else if (m.Type === "volume") {
      const anonymous = ANONYMOUS_VOLUME.test(m.Name);
      byDestination.set(destination, {
        type: "volume",
        name: m.Name,
        anonymous,
        destination,
        rw: m.RW,
        backing: backingOf(
          m.Driver,
          anonymous,
          volumes?.get(m.Name),
          inline.get(destination),
          volumes !== undefined,
        ),
      });
    } else if (m.Type === "tmpfs")
      byDestination.set(destination, tmpfsMount(destination, "mount", m.RW ? "" : "ro"));
    else byDestination.set(destination, { type: "other", engineType: m.Type, destination, rw: m.RW });
  }
  for (const m of inspect.HostConfig.Mounts) {
    if (m.Type !== "tmpfs") continue;
    const destination = normalizeHostPath(m.Target);
    byDestination.set(destination, tmpfsMount(destination, "mount", mountTmpfsOptions(m)));
  }
  for (const [given, options] of Object.entries(inspect.HostConfig.Tmpfs)) {
    const destination = normalizeHostPath(given);
    byDestination.set(destination, tmpfsMount(destination, "tmpfs-flag", options));
  }
  return [...byDestination.values()].sort((a, b) =>
    a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0,
  );
}

/**
 * A volume's {@link VolumeBacking}: from the volume's own inspect answer when it was read (the truth: an
 * existing named volume ignores inline options), else from the inline `DriverConfig`, else from the driver
 * alone; an anonymous volume without inline options (`-v /path`, an image `VOLUME`) is engine storage.
 */
function backingOf(
  driver: string,
  anonymous: boolean,
  read: VolumeRead | undefined,
  inline: { Name: string; Options: Record<string, string> } | undefined,
  wereRead: boolean,
): VolumeBacking {
  if (read?.ok) return volumeBacking(read.driver, read.options);
  if (inline) return volumeBacking(inline.Name || driver, inline.Options);
  if (driver !== "" && driver !== "local") return volumeBacking(driver, {});
  if (anonymous) return { kind: "storage" };
  if (read) return { kind: "unknown", reason: read.reason };
  return {
    kind: "unknown",
    reason: wereRead ? "the volume was not read" : "the volume's options were not read",
  };
}

function tmpfsMount(destination: string, origin: TmpfsMount["origin"], options: string): TmpfsMount {
  return { type: "tmpfs", destination, origin, options, ...tmpfsFlags(options) };
}

/**
 * Rebuilds the option string the engine derives from a `--mount type=tmpfs` entry: `ro`, `size=<bytes>`,
 * `mode=<octal>` (the API's `Mode` is decimal: 1016 is 1770 octal), then API 1.46+ `Options` pairs.
 */
function mountTmpfsOptions(m: ParsedInspect["HostConfig"]["Mounts"][number]): string {
  const options: string[] = [];
  if (m.ReadOnly) options.push("ro");
  const t = m.TmpfsOptions;
  if (t?.SizeBytes) options.push(`size=${t.SizeBytes}`);
  if (t?.Mode) options.push(`mode=${t.Mode.toString(8)}`);
  for (const pair of t?.Options ?? [])
    if (pair[0]) options.push(pair.length > 1 ? `${pair[0]}=${pair[1]}` : pair[0]);
  return options.join(",");
}

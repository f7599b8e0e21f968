/**
 * The one boundary where Docker's inspect answer becomes our {@link ContainerSnapshot}.
 * Pure: no engine calls (the caller reads `/etc/passwd` and engine facts and passes them in).
 */
import { tmpfsFlags } from "@/lib/audit/tmpfs-options";
import type { ContainerSnapshot, EngineFacts, Mount, TmpfsMount, UserSpec } from "@/lib/audit/types";
import type { ParsedInspect } from "./inspect-schema";

/** What the snapshot needs besides the inspect answer. */
export interface SnapshotExtras {
  /** `/etc/passwd` lookup result; `null` when `Config.User` needed none (see `needsPasswd`). */
  passwd: UserSpec["passwd"];
  engine: EngineFacts;
}

const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

/**
 * Builds the snapshot. Mounts come from top-level `Mounts[]` (the truth for binds and volumes, whatever the
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
    labels: inspect.Config.Labels,
    readonlyRootfs: hc.ReadonlyRootfs,
    privileged: hc.Privileged,
    mounts: mountsOf(inspect),
    capAdd: hc.CapAdd,
    capDrop: hc.CapDrop,
    securityOpt: hc.SecurityOpt,
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
  };
}

function mountsOf(inspect: ParsedInspect): Mount[] {
  const byDestination = new Map<string, Mount>();
  for (const m of inspect.Mounts) {
    const destination = m.Destination;
    if (m.Type === "bind")
      byDestination.set(destination, { type: "bind", source: m.Source, destination, rw: m.RW });
    else if (m.Type === "volume") {
      byDestination.set(destination, {
        type: "volume",
        name: m.Name,
        anonymous: ANONYMOUS_VOLUME.test(m.Name),
        destination,
        rw: m.RW,
      });
    } else if (m.Type === "tmpfs")
      byDestination.set(destination, tmpfsMount(destination, "mount", m.RW ? "" : "ro"));
    else byDestination.set(destination, { type: "other", engineType: m.Type, destination, rw: m.RW });
  }
  for (const m of inspect.HostConfig.Mounts) {
    if (m.Type !== "tmpfs") continue;
    byDestination.set(m.Target, tmpfsMount(m.Target, "mount", mountTmpfsOptions(m)));
  }
  for (const [destination, options] of Object.entries(inspect.HostConfig.Tmpfs)) {
    byDestination.set(destination, tmpfsMount(destination, "tmpfs-flag", options));
  }
  return [...byDestination.values()].sort((a, b) =>
    a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0,
  );
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

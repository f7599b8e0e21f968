/**
 * Selectors and evidence shapes over {@link ContainerSnapshot.mounts}, shared by the mount checks.
 * The selectors give each mount its effective kind: a `local` volume that is a bind of a host folder is a
 * bind here, one that is a tmpfs is a tmpfs (with none of the engine's tmpfs defaults), so every bind and
 * tmpfs check judges it for what it is (see {@link VolumeBacking}).
 */
import { formatSize } from "./format";
import { tmpfsFlags } from "./tmpfs-options";
import type {
  BindMount,
  CheckOutcome,
  ContainerSnapshot,
  EvidenceValue,
  TmpfsMount,
  VolumeBacking,
  VolumeMount,
} from "./types";
import { describeBacking } from "./volume-backing";

/** A volume's backing; `storage` when the mount carries none (hand-written test mounts). */
export function backingOf(v: VolumeMount): VolumeBacking {
  return v.backing ?? { kind: "storage" };
}

/** `"volume <name>"` or `"anonymous volume"`. */
export function volumeLabel(v: { name: string; anonymous: boolean }): string {
  return v.anonymous ? "anonymous volume" : `volume ${v.name}`;
}

/**
 * Bind mounts by effect, sorted by destination: `Type: "bind"` mounts and `local` volumes with `o=bind`
 * (their `source` the volume's `device`, `volume` its name).
 */
export function bindMounts(s: ContainerSnapshot): BindMount[] {
  return s.mounts.flatMap((m): BindMount[] => {
    if (m.type === "bind") return [m];
    if (m.type !== "volume") return [];
    const b = backingOf(m);
    if (b.kind !== "bind") return [];
    return [{ type: "bind", source: b.hostPath, destination: m.destination, rw: m.rw, volume: m.name }];
  });
}

/**
 * Volumes that are volumes by effect, sorted by destination: engine storage, network or device filesystems,
 * other drivers' volumes, and those whose options could not be read. Bind and tmpfs volumes are left to
 * {@link bindMounts} and {@link tmpfsMounts}.
 */
export function volumeMounts(s: ContainerSnapshot): VolumeMount[] {
  return s.mounts.filter(
    (m): m is VolumeMount => m.type === "volume" && !["bind", "tmpfs"].includes(backingOf(m).kind),
  );
}

/**
 * tmpfs mounts by effect, from every source, sorted by destination: `--tmpfs`, `--mount type=tmpfs` and
 * `local` volumes with `type=tmpfs`, whose flags are their `o` option alone (the volume driver adds none of
 * the engine's `noexec,nosuid,nodev`), read-only also when the volume is mounted `:ro`.
 */
export function tmpfsMounts(s: ContainerSnapshot): TmpfsMount[] {
  return s.mounts.flatMap((m): TmpfsMount[] => {
    if (m.type === "tmpfs") return [m];
    if (m.type !== "volume") return [];
    const b = backingOf(m);
    if (b.kind !== "tmpfs") return [];
    const flags = tmpfsFlags(b.options, "none");
    return [
      {
        type: "tmpfs",
        destination: m.destination,
        origin: "volume",
        volume: m.name,
        options: b.options,
        ...flags,
        rw: flags.rw && m.rw,
      },
    ];
  });
}

/** Evidence for bind mounts: `{ "<destination>": "<source> (rw|ro)" }`, plus `via volume <name>` for bind volumes. */
export function bindEvidence(binds: readonly BindMount[]): EvidenceValue {
  return Object.fromEntries(
    binds.map((b) => [
      b.destination,
      `${b.source} (${b.rw ? "rw" : "ro"})${b.volume ? ` via ${volumeLabel({ name: b.volume, anonymous: /^[0-9a-f]{64}$/.test(b.volume) })}` : ""}`,
    ]),
  );
}

/**
 * Evidence for volumes: `{ "<destination>": "volume <name|anonymous> (rw|ro)" }`, plus what it is when it is
 * not plain engine storage (`: a nfs mount of …`). Never the engine's storage path.
 */
export function volumeEvidence(volumes: readonly VolumeMount[]): EvidenceValue {
  return Object.fromEntries(
    volumes.map((v) => {
      const b = backingOf(v);
      const what = b.kind === "storage" ? "" : `: ${describeBacking(b)}`;
      return [v.destination, `${volumeLabel(v)} (${v.rw ? "rw" : "ro"})${what}`];
    }),
  );
}

/**
 * Evidence for tmpfs mounts: `{ "<destination>": { source, options, effective } }` where `source` is the
 * Engine API field it came from and `effective` the flags the kernel applies.
 */
export function tmpfsEvidence(mounts: readonly TmpfsMount[]): EvidenceValue {
  return Object.fromEntries(
    mounts.map((m) => [
      m.destination,
      {
        source:
          m.origin === "tmpfs-flag"
            ? "HostConfig.Tmpfs"
            : m.origin === "mount"
              ? "HostConfig.Mounts"
              : `${volumeLabel({ name: m.volume ?? "", anonymous: /^[0-9a-f]{64}$/.test(m.volume ?? "") })} (local driver type=tmpfs: no engine defaults)`,
        options: m.options,
        effective: effectiveTmpfsOptions(m),
      },
    ]),
  );
}

/** `"rw,noexec,nosuid,nodev,size=64 MiB"`-style summary of what the kernel applies. */
export function effectiveTmpfsOptions(m: TmpfsMount): string {
  return [
    m.rw ? "rw" : "ro",
    m.noexec ? "noexec" : "exec",
    m.nosuid ? "nosuid" : "suid",
    m.nodev ? "nodev" : "dev",
    `size=${formatSize(m.size)}`,
  ].join(",");
}

/** `"/a, /b"` */
export function listDestinations(mounts: readonly { destination: string }[]): string {
  return mounts.map((m) => m.destination).join(", ");
}

/**
 * Outcome of a check that every tmpfs mount has a kernel flag: `na` without tmpfs mounts; `fail` with
 * `failMessage(list of destinations without it)`; otherwise `pass` with `passMessage(count)`. Evidence: the
 * tmpfs mounts with their effective flags.
 */
export function everyTmpfsHas(
  s: ContainerSnapshot,
  has: (m: TmpfsMount) => boolean,
  failMessage: (destinations: string) => string,
  passMessage: (count: number) => string,
): CheckOutcome {
  const mounts = tmpfsMounts(s);
  if (mounts.length === 0) return { status: "na", message: "no tmpfs mounts", evidence: {} };
  const evidence = { tmpfs: tmpfsEvidence(mounts) };
  const lacking = mounts.filter((m) => !has(m));
  if (lacking.length > 0)
    return { status: "fail", message: failMessage(listDestinations(lacking)), evidence };
  return { status: "pass", message: passMessage(mounts.length), evidence };
}

/**
 * Selectors and evidence shapes over {@link ContainerSnapshot.mounts}, shared by the mount checks.
 */
import { formatSize } from "./format";
import type {
  BindMount,
  CheckOutcome,
  ContainerSnapshot,
  EvidenceValue,
  TmpfsMount,
  VolumeMount,
} from "./types";

/** Bind mounts, sorted by destination. */
export function bindMounts(s: ContainerSnapshot): BindMount[] {
  return s.mounts.filter((m): m is BindMount => m.type === "bind");
}

/** Named and anonymous volumes, sorted by destination. */
export function volumeMounts(s: ContainerSnapshot): VolumeMount[] {
  return s.mounts.filter((m): m is VolumeMount => m.type === "volume");
}

/** tmpfs mounts from every source, sorted by destination. */
export function tmpfsMounts(s: ContainerSnapshot): TmpfsMount[] {
  return s.mounts.filter((m): m is TmpfsMount => m.type === "tmpfs");
}

/** Evidence for bind mounts: `{ "<destination>": "<source> (rw|ro)" }`. */
export function bindEvidence(binds: readonly BindMount[]): EvidenceValue {
  return Object.fromEntries(binds.map((b) => [b.destination, `${b.source} (${b.rw ? "rw" : "ro"})`]));
}

/** Evidence for volumes: `{ "<destination>": "volume <name|anonymous> (rw|ro)" }`. Never the host path. */
export function volumeEvidence(volumes: readonly VolumeMount[]): EvidenceValue {
  return Object.fromEntries(
    volumes.map((v) => [
      v.destination,
      `${v.anonymous ? "anonymous volume" : `volume ${v.name}`} (${v.rw ? "rw" : "ro"})`,
    ]),
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
        source: m.origin === "tmpfs-flag" ? "HostConfig.Tmpfs" : "HostConfig.Mounts",
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

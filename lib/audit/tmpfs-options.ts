/**
 * How the engine turns tmpfs declarations into the flags the kernel applies.
 *
 * moby `daemon/oci_linux.go` (20.10 and later) mounts every tmpfs, whether from `--tmpfs`
 * (`HostConfig.Tmpfs`) or `--mount type=tmpfs` (`HostConfig.Mounts`), with the options
 * `noexec,nosuid,nodev` followed by the user's own, merged left to right so that the last of a
 * pair (`exec`/`noexec`, `suid`/`nosuid`, `dev`/`nodev`, `rw`/`ro`) wins. No size is set by default:
 * the kernel then lets a tmpfs grow to half of RAM. Case `tmpfs-flag-vs-mount-options`.
 */

/** The flags a tmpfs ends up with. */
export interface TmpfsFlags {
  rw: boolean;
  noexec: boolean;
  nosuid: boolean;
  nodev: boolean;
  /** Bytes, a `"NN%"` share of RAM, or `null` when unbounded (no `size`/`nr_blocks`, or `size=0`). */
  size: number | string | null;
}

/** The engine's defaults, before the user's options. */
export const ENGINE_TMPFS_DEFAULTS = "noexec,nosuid,nodev";

const SIZE_UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const PAGE_SIZE = 4096;

/**
 * Parses a tmpfs `size=` value as the kernel does (mm/shmem.c): a number with an optional
 * `k`/`m`/`g`/`t` suffix (any case, powers of 1024) or a percentage of RAM.
 * Returns bytes, `"NN%"`, `null` for 0 (unbounded), or `undefined` when it is not a size at all.
 */
export function parseTmpfsSize(value: string): number | string | null | undefined {
  const v = value.trim();
  const pct = /^(\d+)%$/.exec(v);
  if (pct) return Number(pct[1]) === 0 ? null : `${Number(pct[1])}%`;
  const m = /^(\d+)([kmgt]?)$/i.exec(v);
  if (!m) return undefined;
  const bytes = Number(m[1]) * (SIZE_UNITS[(m[2] ?? "").toLowerCase()] ?? 1);
  return bytes === 0 ? null : bytes;
}

/**
 * Flags that result from mounting a tmpfs with the engine's defaults followed by `userOptions`
 * (a comma-separated mount option string, e.g. `"rw,exec,size=64m"`; `""` for none).
 * `defaults: "none"` applies `userOptions` alone: a `local` volume with `type=tmpfs` is mounted by the volume
 * driver with exactly its `o` option (moby `volume/local`), none of the engine's tmpfs defaults.
 * Unknown options (`mode=`, `uid=`, `relatime`…) are ignored. Never throws.
 */
export function tmpfsFlags(userOptions: string, defaults: "engine" | "none" = "engine"): TmpfsFlags {
  const flags: TmpfsFlags = { rw: true, noexec: false, nosuid: false, nodev: false, size: null };
  const options = (defaults === "engine" ? `${ENGINE_TMPFS_DEFAULTS},${userOptions}` : userOptions).split(
    ",",
  );
  for (const raw of options) {
    const option = raw.trim();
    const [key = "", value] = option.split("=", 2) as [string, string | undefined];
    switch (key.toLowerCase()) {
      case "ro":
        flags.rw = false;
        break;
      case "rw":
        flags.rw = true;
        break;
      case "noexec":
        flags.noexec = true;
        break;
      case "exec":
        flags.noexec = false;
        break;
      case "nosuid":
        flags.nosuid = true;
        break;
      case "suid":
        flags.nosuid = false;
        break;
      case "nodev":
        flags.nodev = true;
        break;
      case "dev":
        flags.nodev = false;
        break;
      case "size":
        if (value !== undefined) {
          const size = parseTmpfsSize(value);
          if (size !== undefined) flags.size = size;
        }
        break;
      case "nr_blocks":
        if (value !== undefined && /^\d+[kmgt]?$/i.test(value.trim())) {
          const blocks = parseTmpfsSize(value);
          flags.size = typeof blocks === "number" ? blocks * PAGE_SIZE : null;
        }
        break;
      default:
        break;
    }
  }
  return flags;
}

/**
 * `/proc/<pid>/mountinfo` as proc(5) describes it: one mount per line,
 * `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`
 * (mount id, parent id, major:minor, root, mount point, per-mount options, optional fields up to `-`,
 * filesystem type, source, super options). Paths escape space, TAB, LF and backslash as octal (`\040`).
 */

/** One mount of a mount table. */
export interface MountinfoEntry {
  /** Unique mount id (field 1). */
  mountId: number;
  /** Parent mount id (field 2). */
  parentId: number;
  /** `major:minor` of the filesystem's device (field 3), e.g. `254:0`. */
  device: string;
  /**
   * The folder of the filesystem that is mounted here (field 4), octal escapes decoded: `/` for a whole
   * filesystem, the host folder's path within its filesystem for a bind. May name engine storage: never shown.
   */
  root: string;
  /** Path in the container where it is mounted (field 5), octal escapes decoded. */
  mountPoint: string;
  /** Per-mount options (field 6), e.g. `["ro", "nosuid", "relatime"]`. */
  mountOptions: string[];
  /** Filesystem type (after `-`), e.g. `overlay`, `tmpfs`, `ext4`. */
  fsType: string;
  /**
   * Super block options (last field), e.g. `["rw", "size=65536k"]`. May name engine storage
   * (overlay `lowerdir=`/`upperdir=`): never shown, see {@link mountLine}.
   */
  superOptions: string[];
}

/** Decodes the kernel's octal escapes (`\040` space, `\011` TAB, `\012` LF, `\134` backslash). */
export function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Parses a mountinfo text. Lines that do not have the proc(5) shape (fewer than 10 fields, no `-`
 * separator, non-numeric ids) are skipped rather than guessed at.
 */
export function parseMountinfo(text: string): MountinfoEntry[] {
  const entries: MountinfoEntry[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(" ");
    const separator = fields.indexOf("-", 6);
    if (fields.length < 10 || separator < 0 || fields.length < separator + 4) continue;
    const mountId = Number(fields[0]);
    const parentId = Number(fields[1]);
    if (!Number.isInteger(mountId) || !Number.isInteger(parentId)) continue;
    entries.push({
      mountId,
      parentId,
      device: fields[2] ?? "",
      root: unescapeMountPath(fields[3] ?? ""),
      mountPoint: unescapeMountPath(fields[4] ?? ""),
      mountOptions: (fields[5] ?? "").split(","),
      fsType: fields[separator + 1] ?? "",
      superOptions: (fields[separator + 3] ?? "").split(","),
    });
  }
  return entries;
}

/** The flags the kernel applies to a mount: read-only if the mount or its super block is `ro`. */
export interface MountFlags {
  readOnly: boolean;
  noexec: boolean;
  nosuid: boolean;
  nodev: boolean;
  /** tmpfs `size=` super option as written (`65536k`), or `null`. */
  size: string | null;
}

/** The kernel's flags of a mount. */
export function mountFlags(entry: MountinfoEntry): MountFlags {
  const has = (o: string) => entry.mountOptions.includes(o);
  const size = entry.superOptions.find((o) => o.startsWith("size="));
  return {
    readOnly: has("ro") || entry.superOptions.includes("ro"),
    noexec: has("noexec"),
    nosuid: has("nosuid"),
    nodev: has("nodev"),
    size: entry.fsType === "tmpfs" && size ? size.slice("size=".length) : null,
  };
}

/**
 * The mount visible at a path: the last entry for that mount point (later mounts stack over earlier
 * ones), or `undefined`. Trailing slashes are ignored.
 */
export function mountAt(entries: readonly MountinfoEntry[], mountPoint: string): MountinfoEntry | undefined {
  const want = mountPoint === "/" ? "/" : mountPoint.replace(/\/+$/, "");
  return entries.findLast((e) => e.mountPoint === want);
}

/**
 * One line a person can read: mount point, type and the kernel's flags, e.g.
 * `/tmp tmpfs rw,noexec,nosuid,nodev size=16384k`. Never the source, root or other super options, which
 * name engine storage (`/var/lib/docker/overlay2/…`).
 */
export function mountLine(entry: MountinfoEntry): string {
  const f = mountFlags(entry);
  const flags = [f.readOnly ? "ro" : "rw", f.noexec && "noexec", f.nosuid && "nosuid", f.nodev && "nodev"]
    .filter(Boolean)
    .join(",");
  return `${entry.mountPoint} ${entry.fsType} ${flags}${f.size ? ` size=${f.size}` : ""}`;
}

/**
 * The mount table as a second witness for volumes: what PID 1's mountinfo shows at a volume's destination
 * (filesystem type, the folder mounted, its device) compared with what the volume's driver options say
 * (`lib/audit/volume-backing.ts`). Inspect calls every one of them `Type: "volume"`; the kernel says what was
 * really mounted, and a volume is judged by what the kernel shows.
 */
import type { VolumeBacking, VolumeMount } from "../types";
import type { MountinfoEntry } from "./mountinfo";

/** What the kernel shows a volume to be: its filesystem type and, for people, where it comes from. */
export interface VolumeWitness {
  /** The volume's destination in the container. */
  destination: string;
  /** Volume name. */
  name: string;
  /** The filesystem type the kernel shows (`tmpfs`, `ext4`, `nfs4`, …). */
  fsType: string;
  /** Where the driver options and the kernel disagree, one sentence each; empty when they agree. */
  disagreements: string[];
}

/** `true` when `path` ends with `tail` at a path component boundary (`/a/b/c` ends with `/b/c`, not `/c` of `/bc`). */
function endsWithPath(path: string, tail: string): boolean {
  if (tail === "/" || tail === "") return true;
  return path === tail || path.endsWith(tail.startsWith("/") ? tail : `/${tail}`);
}

/**
 * Compares one volume with its mount table entry. `volumesDevice` is `major:minor` of the engine's volumes
 * folder (`<DockerRootDir>/volumes`) when roaudit could read it on the engine's host, else `null`.
 * - `tmpfs` (`type=tmpfs`): the kernel must show a tmpfs.
 * - `bind` (`o=bind`): the folder mounted (mountinfo's root) must be the device folder — its path within its
 *   own filesystem, so the device folder's path must end with it.
 * - `storage` (plain local): the folder mounted must be `…/volumes/<name>/_data`, on the volumes folder's
 *   filesystem (same device, when known), and not a tmpfs.
 * - `filesystem` (`type=nfs`, `ext4`, …): the kernel's type must be that type (`nfs` also matches `nfs4`).
 * - `plugin`, `unknown`: nothing to compare.
 */
export function witnessVolume(
  mount: VolumeMount,
  entry: MountinfoEntry,
  volumesDevice: string | null,
): VolumeWitness {
  const backing: VolumeBacking = mount.backing ?? { kind: "storage" };
  const disagreements: string[] = [];
  const shows = `the kernel shows ${entry.fsType}`;
  switch (backing.kind) {
    case "tmpfs":
      if (entry.fsType !== "tmpfs") disagreements.push(`the driver options say tmpfs, ${shows}`);
      break;
    case "bind":
      if (!endsWithPath(backing.hostPath.replace(/\/+$/, ""), entry.root))
        disagreements.push(
          `the driver options say a bind of ${backing.hostPath}, but the folder mounted is ${entry.root} (${entry.fsType})`,
        );
      break;
    case "storage": {
      const own = `/volumes/${mount.name}/_data`;
      if (entry.fsType === "tmpfs" || !endsWithPath(entry.root, own))
        disagreements.push(
          `the driver options say a folder in the engine's storage, but ${shows}${entry.root === "/" ? " (a whole filesystem)" : ", not the volume's own folder"}`,
        );
      else if (volumesDevice !== null && entry.device !== volumesDevice)
        disagreements.push(
          `the driver options say a folder in the engine's storage, but it is on device ${entry.device}, not the volumes folder's ${volumesDevice}`,
        );
      break;
    }
    case "filesystem":
      if (!entry.fsType.startsWith(backing.fsType))
        disagreements.push(`the driver options say type=${backing.fsType}, ${shows}`);
      break;
    case "plugin":
    case "unknown":
      break;
  }
  return { destination: mount.destination, name: mount.name, fsType: entry.fsType, disagreements };
}

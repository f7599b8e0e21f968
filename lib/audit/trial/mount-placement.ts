import { coversSystemFolder } from "../write-paths";

/** Mount points of a `/proc/<pid>/mountinfo` text (field 5, octal escapes such as `\040` decoded). Never throws. */
export function mountPoints(mountinfo: string): Set<string> {
  const points = new Set<string>();
  for (const line of mountinfo.split("\n")) {
    const field = line.split(" ")[4];
    if (!field?.startsWith("/")) continue;
    points.add(field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8))));
  }
  return points;
}

/**
 * Why a trial round's added mounts are not where the plan declared them, or `null`: each declared destination
 * must be a mount point of the running sibling exactly (an image symlink such as `/app/conf -> /etc` makes the
 * engine mount elsewhere) and must not cover a system folder. Pure; not yet called by `lib/docker/trial*.ts`.
 */
export function misplacedMount(declared: readonly string[], mountinfo: string): string | null {
  const points = mountPoints(mountinfo);
  for (const path of declared) {
    if (coversSystemFolder(path)) return `${path} covers a system folder: refused`;
    if (!points.has(path))
      return `${path} is not mounted at its declared place (a symlink in the image?): refused`;
  }
  return null;
}

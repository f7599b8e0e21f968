/**
 * A path as the kernel reaches it in a container's filesystem: every symlink on the way followed *inside the
 * container's root* (an absolute target starts again at the container's `/`, `..` never climbs above it), the
 * way runc resolves a mount destination (securejoin) before mounting. `/var/run/app` where the image has
 * `/var/run -> /run` is mounted at `/run/app`: that is what the mount table shows.
 */
import { posix } from "node:path";

/** Symlinks followed at most, as the kernel's own limit (`ELOOP` after 40). */
export const MAX_SYMLINKS = 40;

/**
 * Resolves `path` (absolute) in a container's scope. `readlink(p)` gives the target of `p` (an absolute path
 * in the container, every component before the last already resolved) when `p` is a symlink, `null`
 * otherwise (not a link, missing, unreadable: resolution stops following there). Returns the clean resolved
 * path, or `null` after {@link MAX_SYMLINKS} links (a loop).
 */
export function resolveInScope(path: string, readlink: (p: string) => string | null): string | null {
  let pending = posix.normalize(path).split("/").filter(Boolean);
  let resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === ".") continue;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const candidate = `/${[...resolved, part].join("/")}`;
    const target = readlink(candidate);
    if (target === null || target === "") {
      resolved.push(part);
      continue;
    }
    links += 1;
    if (links > MAX_SYMLINKS) return null;
    const parts = target.split("/").filter(Boolean);
    if (target.startsWith("/")) resolved = [];
    pending = [...parts, ...pending];
  }
  return `/${resolved.join("/")}`;
}

/**
 * Files read again only when they change (the policy file, the engines file): a file's version is its
 * mtime, size and inode, or the code of the error `stat` gave — so a file that appears, disappears, is
 * rewritten in place or replaced by a rename is read again, and an unchanged one is not.
 */
import { statSync } from "node:fs";

/** The last read of a file: which file, at which version, and what reading it gave. */
export interface FileReadCache<T> {
  entry?: { file: string; key: string; value: T };
}

/** `"<mtimeMs>:<size>:<ino>"`, or `"error:<code>"` when `stat` fails. Never throws. */
export function fileVersion(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch (error) {
    return `error:${(error as NodeJS.ErrnoException).code ?? "unknown"}`;
  }
}

/**
 * `read(file)`'s value, from `cache` while the file's {@link fileVersion} is unchanged; otherwise read again,
 * `onRead` told of the new value (e.g. to log that the file turned invalid), and kept. `read` should not throw:
 * return the error as a value so that a bad file is not read again until it changes.
 */
export function readOnChange<T>(
  cache: FileReadCache<T>,
  file: string,
  read: (file: string) => T,
  onRead?: (value: T) => void,
): T {
  const key = fileVersion(file);
  const hit = cache.entry;
  if (hit && hit.file === file && hit.key === key) return hit.value;
  const value = read(file);
  onRead?.(value);
  cache.entry = { file, key, value };
  return value;
}

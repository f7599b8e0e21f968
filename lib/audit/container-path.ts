/**
 * The one normaliser for paths inside a container that enter the write-path rules — the engine's change list,
 * the open files of a container's processes, the paths a trial round's logs name. Pure.
 */
import { cleanDestination } from "./runtime/mount-targets";

/**
 * `true` when `text` holds NUL or another C0/C1 control character not in `allowed` (by default all but the
 * newline): no path roaudit acts on holds one. A newline is a byte
 * a real file name may hold (the change list's hostile fixture makes `/var/lib/x\ny`; the remediation quotes
 * it); a log line never carries one, being split on it.
 */
export function hasControlCharacter(text: string, allowed = "\n"): boolean {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 || (code >= 0x7f && code <= 0x9f)) && !allowed.includes(ch)) return true;
  }
  return false;
}

/**
 * `path` as the kernel resolves it from `/` (`//etc/./x` → `/etc/x`, `/tmp/../etc` → `/etc`, `/run/` →
 * `/run`; the same rules as {@link cleanDestination}), or `null` when it is not absolute or holds a control
 * character other than the newline (hostile text: never guessed into a path). Rules about system folders apply to the result only.
 */
export function normalizeContainerPath(path: string): string | null {
  if (!path.startsWith("/") || hasControlCharacter(path)) return null;
  return cleanDestination(path);
}

/**
 * Resolving mount destinations through the container's own symlinks when roaudit is off the engine's host
 * (on it, `hostReadlink` reads the links through `/proc/<pid>/root`): one fixed probe, run like the others
 * (`probe-exec.ts`: uid 65534, the absolute `/bin/sh`, the fixed environment, paths as arguments, globbing off),
 * using shell built-ins only (`cd -P`, `pwd -P`: no program of the container's is run but `sh` itself). It
 * reads, never writes. Its answer comes from inside the container, which could lie: Verify uses a resolved
 * path only where the clean one is not in the mount table and the resolved one is.
 */
import type { ProbeRun } from "../root-write-probe";
import { boundedCommand } from "./probe-exec";

// For each destination: a folder is entered physically (`cd -P`: every symlink followed, as the kernel does)
// and its physical path printed; anything else has its parent folder resolved and its name appended (a
// single-file bind). One result line per destination, by index; `unresolved` where uid 65534 cannot enter.
const RESOLVE = `set -f; i=0
for d in "$@"; do
  i=$((i+1))
  if [ -d "$d" ]; then p=$(cd -P "$d" 2>/dev/null && pwd -P) || p=""
  else q=\${d%/*}; [ -n "$q" ] || q=/; p=$(cd -P "$q" 2>/dev/null && pwd -P) && p="\${p%/}/\${d##*/}" || p=""
  fi
  if [ -n "$p" ]; then printf 'roaudit-result %s %s\\n' "$i" "$p"; else echo "roaudit-result $i unresolved"; fi
done`;

/** The resolve command over `destinations` (absolute, cleaned). Throws on a path that is not absolute. */
export function resolveCommand(destinations: readonly string[], innerTimeoutSeconds: number): string[] {
  for (const d of destinations)
    if (!d.startsWith("/") || d.includes("\0") || d.includes("\n"))
      throw new Error(`invalid mount path: ${d}`);
  return boundedCommand(RESOLVE, innerTimeoutSeconds, destinations);
}

/**
 * The resolved path of each destination (in command order) from a resolve run: a map from destination to its
 * physical path, holding only destinations with an answer that is an absolute path. Empty when the run did
 * not exit 0.
 */
export function readResolved(run: ProbeRun, destinations: readonly string[]): Map<string, string> {
  const resolved = new Map<string, string>();
  if (run.kind !== "exited" || run.exitCode !== 0) return resolved;
  for (const line of run.stdout.split("\n")) {
    const m = /^roaudit-result (\d+) (\/.*)$/.exec(line);
    const destination = m ? destinations[Number(m[1]) - 1] : undefined;
    if (m?.[2] && destination !== undefined) resolved.set(destination, m[2]);
  }
  return resolved;
}

/**
 * How every Verify exec runs: as whom, with what environment, through which program. One place, so no probe
 * can drift from it.
 *
 * The rule (issue 8): no probe ever runs, with more privilege than the container's own processes have, a
 * file or path those processes can create, replace or rename. A container's processes can plant `sh` on
 * its `PATH`, set `ENV`/`BASH_ENV` in its image, or swap a probe's file between its write and its run; an
 * exec as uid 0 would run what they planted as root. So every exec runs as uid/gid 65534 (`nobody`, no
 * capabilities: the kernel clears a non-root exec's permitted and effective sets), through the absolute
 * `/bin/sh`, with a fixed `PATH` and every variable a shell or the dynamic loader reads on start emptied.
 * Whatever such a process plants then runs as 65534 at most.
 *
 * Writing as 65534 still proves a read-only mount: the kernel refuses a create on a read-only mount with
 * EROFS before it checks any permission (`mnt_want_write` comes first in `open(2)`'s create path), and a
 * create refused with EACCES on a folder 65534 can search got past that check, so the mount is writable.
 */

/** Exec `User`: numeric uid:gid, so no `/etc/passwd` of the container's is needed to resolve it. */
export const PROBE_USER = "65534:65534";

/** The uid {@link PROBE_USER} runs as, for evidence. */
export const PROBE_UID = 65534;

/** The one program an exec starts: an absolute path, never looked up on the container's `PATH`. */
export const PROBE_SHELL = "/bin/sh";

/** `PATH` for the probe scripts' few external commands (`timeout`, `rm`, `chmod`, `mkdir`, `rmdir`). */
export const PROBE_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * Exec `Env`. The engine merges it into the container's `Config.Env`, so every dangerous name is set here
 * explicitly (emptied) rather than left out: shells' start-up files (`ENV`, `BASH_ENV`), bash's option and
 * function imports, word splitting and `cd` search (`IFS` set to its default, `CDPATH`), and the dynamic
 * loader's preload and search paths. `LC_ALL=C` keeps the kernel's errors in the words the classifiers read.
 */
export const PROBE_ENV: readonly string[] = [
  `PATH=${PROBE_PATH}`,
  "HOME=/",
  "ENV=",
  "BASH_ENV=",
  "SHELLOPTS=",
  "BASHOPTS=",
  "POSIXLY_CORRECT=",
  "PS4=",
  "GLOBIGNORE=",
  "CDPATH=",
  "IFS= \t\n",
  "LD_PRELOAD=",
  "LD_LIBRARY_PATH=",
  "LD_AUDIT=",
  "LD_DEBUG=",
  "LD_PROFILE=",
  "LD_BIND_NOW=",
  "GCONV_PATH=",
  "LOCPATH=",
  "NLSPATH=",
  "MALLOC_CHECK_=",
  "TMPDIR=",
  "LANG=C",
  "LC_ALL=C",
  "LANGUAGE=",
];

/**
 * Runs `script` with `args`, under busybox/coreutils `timeout` where the image has it (the Engine API cannot
 * kill an exec). `umask 077`: whatever a probe creates is its own alone.
 */
const BOUNDED = `umask 077; s=$1; t=$2; shift 2; if command -v timeout >/dev/null 2>&1; then exec timeout "$t" ${PROBE_SHELL} -c "$s" roaudit-probe "$@"; fi; exec ${PROBE_SHELL} -c "$s" roaudit-probe "$@"`;

/** `["/bin/sh", "-c", <bounded runner>, "roaudit-probe", script, seconds, ...args]`. Throws on a bad timeout. */
export function boundedCommand(
  script: string,
  innerTimeoutSeconds: number,
  args: readonly string[],
): string[] {
  if (!Number.isInteger(innerTimeoutSeconds) || innerTimeoutSeconds < 1 || innerTimeoutSeconds > 600) {
    throw new Error(`invalid probe timeout: ${innerTimeoutSeconds}`);
  }
  return [PROBE_SHELL, "-c", BOUNDED, "roaudit-probe", script, String(innerTimeoutSeconds), ...args];
}

/** A time bound as people read it: whole seconds as `2 s`, anything else in ms (`500 ms`, `1500 ms`). */
export function formatBound(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

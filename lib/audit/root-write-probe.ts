/**
 * The `touch /etc/test-file` check of the field guide, made safe to run on production containers,
 * and the classifier that reads its answer.
 *
 * The probe runs as uid 65534 ({@link PROBE_USER}, see `runtime/probe-exec.ts`), never as uid 0: the kernel
 * refuses a create on a read-only mount with EROFS before any permission check, and a create refused with
 * EACCES in a folder the probe could enter got past that check, so the mount is writable (case
 * `verify-as-nonroot-permission-denied` was about reading "Permission denied" as "read-only"; here it is
 * read as what it is). It creates a file whose name cannot collide and removes it in the same exec when the
 * create succeeded, so the container is left as it was.
 */
import { forkFailure } from "./runtime/pids-limit";
import { boundedCommand, formatBound, PROBE_UID, PROBE_USER } from "./runtime/probe-exec";

export { PROBE_USER };

/** Folder the probe writes in: the field guide's `/etc`, unless a mount covers it (then `/`, which no mount can). */
export const PROBE_DIR = "/etc";

/**
 * Where the probe must write to test the root filesystem, given the container's mount destinations:
 * `/etc` unless a mount (a volume or tmpfs on `/etc`, say) covers it — then the root folder `/` itself.
 */
export function probeDirFor(mountDestinations: readonly string[]): "/etc" | "/" {
  const covered = mountDestinations.some((d) => {
    const dest = d.replace(/\/+$/, "");
    return dest !== "" && (dest === PROBE_DIR || PROBE_DIR.startsWith(`${dest}/`));
  });
  return covered ? "/" : PROBE_DIR;
}

/** Marker the probe prints when uid 65534 cannot enter the probe folder (a folder on the way is not searchable). */
const NO_SEARCH = "roaudit-nosearch";

// `$1` the folder, `$2` the probe path. First: can uid 65534 reach the folder at all? (A refused lookup says
// nothing about the mount.) Then the create, by a shell redirection in a subshell (a failed redirection of a
// special built-in would end the shell itself); the shell's error goes to stderr, the removal's too.
const CREATE_AND_REMOVE = `set -f; d=$1; f=$2
if ! e=$(cd "$d" 2>&1); then echo "${NO_SEARCH}" $e; exit 3; fi
if e=$( { : > "$f"; } 2>&1 ); then rm -f "$f"; exit $?; fi
printf '%s\\n' "$e" >&2; exit 1`;

/**
 * The fixed probe command for a probe file path (`/etc/.roaudit-<hex>`, or `/.roaudit-<hex>`), run as
 * {@link PROBE_USER} through `/bin/sh` (never the container's `PATH`). Nothing in it comes from a request.
 * Where the image has `timeout` (busybox, coreutils), the step is bounded inside the container too, after
 * `innerTimeoutSeconds` (1–600), since the Engine API cannot kill an exec.
 */
export function rootWriteCommand(probePath: string, innerTimeoutSeconds = 8): string[] {
  if (!/^(\/etc)?\/\.roaudit-[0-9a-f]{16,64}$/.test(probePath))
    throw new Error(`invalid probe path: ${probePath}`);
  const dir = probePath.slice(0, probePath.lastIndexOf("/")) || "/";
  return boundedCommand(CREATE_AND_REMOVE, innerTimeoutSeconds, [dir, probePath]);
}

/** `<dir>/.roaudit-<hex>` from a probe folder (`/etc` or `/`) and random hex (16–64 lowercase hex digits). */
export function probePathFor(randomHex: string, dir: "/etc" | "/" = PROBE_DIR): string {
  return `${dir === "/" ? "" : dir}/.roaudit-${randomHex}`;
}

/** What happened when the probe was run, as the engine layer observed it. */
export type ProbeRun =
  /** The exec ran to its end. `exitCode` is `null` when the engine could not tell (e.g. container gone). */
  | { kind: "exited"; exitCode: number | null; stdout: string; stderr: string }
  /** No answer within `afterMs` milliseconds. */
  | { kind: "timeout"; afterMs: number; stdout: string; stderr: string }
  /** The container disappeared (HTTP 404 on exec create/start/inspect). */
  | { kind: "gone"; message: string }
  /** The engine refused the exec (HTTP 409: paused, stopped, restarting). */
  | { kind: "refused"; message: string }
  /** Any other engine error. */
  | { kind: "error"; message: string };

/** A verdict with its one-line reason. */
export interface ProbeVerdict {
  verdict: "enforced" | "not-enforced" | "inconclusive";
  detail: string;
  /** `true` when the image has no `/bin/sh`: no probe that writes or runs a file can run either. */
  noShell?: boolean;
  /** `true` when no process could be started in the container (its PIDs limit, `pids-limit.ts`). */
  forkFailed?: boolean;
}

const MAX_DETAIL = 300;
const SIGNAL_NAMES: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 15: "SIGTERM" };
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\x00-\x1f\x7f]+/g;

/** One printable line: control characters (ANSI escapes, CR) dropped, white space folded, at most 300 chars. */
export function cleanLine(text: string): string {
  const line = text.replace(ANSI_ESCAPE, "").replace(CONTROL_CHARS, " ").replace(/\s+/g, " ").trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map(cleanLine)
    .filter((l) => l !== "");
}

/**
 * Classifies a probe run.
 * - `enforced`: the create failed with EROFS ("Read-only file system") on the probe file.
 * - `not-enforced`: the create succeeded (exit 0; or `rm` then failed, which still proves the write), or it
 *   was refused with EACCES in a folder uid 65534 could enter (the kernel checks permissions only on a
 *   writable mount).
 * - `inconclusive`: anything that proves nothing — no shell (the runtime's error arrives on stdout with exit
 *   126/127, case `verify-no-touch-binary`), a folder uid 65534 cannot enter, EPERM, unknown exit status,
 *   timeout, exec refused, container gone, or any other answer.
 * Reads stdout and stderr together: the runtime writes its own errors to stdout.
 */
export function classifyRootWrite(run: ProbeRun, probePath: string): ProbeVerdict {
  switch (run.kind) {
    case "timeout":
      return { verdict: "inconclusive", detail: `no answer within ${formatBound(run.afterMs)}` };
    case "gone":
      return {
        verdict: "inconclusive",
        detail: `container went away during the probe: ${cleanLine(run.message)}`,
      };
    case "refused":
      return { verdict: "inconclusive", detail: `the engine refused the exec: ${cleanLine(run.message)}` };
    case "error":
      return { verdict: "inconclusive", detail: `the probe could not run: ${cleanLine(run.message)}` };
    case "exited":
      return classifyExited(run, probePath);
  }
}

function classifyExited(run: Extract<ProbeRun, { kind: "exited" }>, probePath: string): ProbeVerdict {
  const output = lines(`${run.stdout}\n${run.stderr}`);
  const first = output[0] ?? "";
  const about = (re: RegExp) => output.find((l) => l.includes(probePath) && re.test(l));
  const dir = probePath.slice(0, probePath.lastIndexOf("/")) || "/";
  // The shell names itself (and a line number) before its error: noise for a person.
  const shown = (l: string) => l.replace(/^((\/bin\/)?(ba|da)?sh|roaudit-probe): (line \d+: |\d+: )?/, "");

  if (run.exitCode === null) {
    return {
      verdict: "inconclusive",
      detail: "exit status unknown: the container may have stopped during the probe",
    };
  }
  if (run.exitCode === 0) {
    return { verdict: "not-enforced", detail: `write to ${dir} succeeded (probe file created and removed)` };
  }
  // At a PIDs limit the runtime's own error looks like "no shell" (exit 126): it is not.
  const cannotFork = forkFailure(run);
  if (cannotFork && !output.some((l) => l.includes(probePath))) {
    return {
      verdict: "inconclusive",
      detail: `the probe could not start a process: ${cleanLine(cannotFork)}`,
      forkFailed: true,
    };
  }
  const erofs = about(/Read-only file system/i);
  const removal = output.find((l) => /^rm:/.test(l) && l.includes(probePath));
  if (removal) {
    return {
      verdict: "not-enforced",
      detail: `write to ${dir} succeeded, but the probe file could not be removed: ${removal}`,
    };
  }
  if (erofs) return { verdict: "enforced", detail: shown(erofs) };
  const noSearch = output.find((l) => l.startsWith(NO_SEARCH));
  if (noSearch) {
    const why = noSearch.slice(NO_SEARCH.length).trim();
    return {
      verdict: "inconclusive",
      detail: `uid ${PROBE_UID} cannot enter ${dir} (a folder on the way is not searchable), so no write could be tried: ${why || "no reason given"}`,
    };
  }
  const deniedCreate = about(/Permission denied/i);
  if (deniedCreate && run.exitCode === 1) {
    return {
      verdict: "not-enforced",
      detail: `the kernel checked permissions on uid ${PROBE_UID}'s write to ${dir} (${shown(deniedCreate)}): a read-only mount refuses with EROFS before any permission check, so the mount is writable`,
    };
  }

  const missingTool = output.find((l) => /\btouch\b.*(not found|No such file)/i.test(l));
  if (missingTool) return { verdict: "inconclusive", detail: `no touch in the image: ${missingTool}` };
  if (
    run.exitCode === 126 ||
    run.exitCode === 127 ||
    /OCI runtime exec failed|executable file not found/i.test(first)
  ) {
    return {
      verdict: "inconclusive",
      detail: `no shell in the image (exit ${run.exitCode}): ${first || "no output"}`,
      noShell: true,
    };
  }
  if (run.exitCode === 124 && output.length === 0) {
    return { verdict: "inconclusive", detail: "the probe timed out inside the container" };
  }
  if (run.exitCode > 128 && output.length === 0) {
    const signal = run.exitCode - 128;
    const name = SIGNAL_NAMES[signal] ?? `signal ${signal}`;
    return {
      verdict: "inconclusive",
      detail: `the probe was killed by ${name}: the container stopped or went away during the probe`,
    };
  }
  const denied = about(/Permission denied|Operation not permitted/i);
  if (denied) {
    return {
      verdict: "inconclusive",
      detail: `write refused, but not as a read-only filesystem refuses: ${shown(denied)}`,
    };
  }
  return {
    verdict: "inconclusive",
    detail: `unexpected answer (exit ${run.exitCode}): ${first || "no output"}`,
  };
}

/**
 * The fixed commands of the exec probes (mount-table, process-identity, tmpfs-exec, ro-mount-write) and
 * the classifiers that read their answers. Every command is `/bin/sh -c <fixed script> roaudit-probe <args>`
 * run as uid 65534 with a fixed environment (`probe-exec.ts`): paths from the container's own inspect data
 * arrive as arguments (`"$@"`), never in the script text, and globbing is off (`set -f`). Each probe removes
 * what it creates in the same exec.
 */
import { cleanLine, type ProbeRun } from "../root-write-probe";
import type { ProbeResult } from "../types";
import { forkFailure } from "./pids-limit";
import { boundedCommand, formatBound, PROBE_UID } from "./probe-exec";

/** Start of the reason a probe gives when no process could be started in the container. */
export const FORK_REASON = "the probe could not start a process";

export { boundedCommand };

/** Marker line between the files the read command prints. */
export const FILE_MARKER = "--roaudit-file--";

// `read` and `printf` are shell built-ins: no `cat` needed. A file that cannot be read prints the shell's error.
const READ_FILES = `set -f; p=$1; shift; for f in "$@"; do echo "${FILE_MARKER} $f"; while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done < "/proc/$p/$f"; done`;

/** What `/proc/<pid>/…` files the read command may print. */
export type ProcFile = "mountinfo" | "status" | "uid_map";

/**
 * Command printing `/proc/<pid>/<file>` for each file, each after a `--roaudit-file-- <file>` line. `pid` is
 * 1, or the host pid when the container shares the host's pid namespace.
 */
export function readProcCommand(
  pid: number,
  files: readonly ProcFile[],
  innerTimeoutSeconds: number,
): string[] {
  if (!Number.isInteger(pid) || pid < 1) throw new Error(`invalid pid: ${pid}`);
  return boundedCommand(READ_FILES, innerTimeoutSeconds, [String(pid), ...files]);
}

/** The files' texts, or why they could not be read (`noShell`: the image has no `sh`). */
export type ReadOutcome =
  | { ok: true; files: Partial<Record<ProcFile, string>> }
  | { ok: false; reason: string; noShell: boolean };

/** Reads the answer of {@link readProcCommand}. A file is present only when its text followed its marker. */
export function classifyReadRun(run: ProbeRun): ReadOutcome {
  const failed = runFailure(run);
  if (failed) return failed;
  const exited = run as Extract<ProbeRun, { kind: "exited" }>;
  const files: Partial<Record<ProcFile, string>> = {};
  let current: ProcFile | null = null;
  const lines: string[] = [];
  const flush = () => {
    if (current && lines.length > 0) files[current] = `${lines.join("\n")}\n`;
    lines.length = 0;
  };
  for (const line of exited.stdout.split("\n")) {
    const m = new RegExp(`^${FILE_MARKER} (mountinfo|status|uid_map)$`).exec(line);
    if (m) {
      flush();
      current = m[1] as ProcFile;
    } else if (current && line !== "") lines.push(line);
  }
  flush();
  if (exited.exitCode !== 0 || Object.keys(files).length === 0) {
    // The shell's complaint is on stderr; the markers on stdout say nothing.
    const stdout = exited.stdout
      .split("\n")
      .filter((l) => !l.startsWith(FILE_MARKER))
      .join("\n");
    const why = firstLine({ ...exited, stdout }, true) || `exit ${exited.exitCode}`;
    return { ok: false, reason: `could not read /proc in the container: ${why}`, noShell: false };
  }
  return { ok: true, files };
}

/** Why a run proves nothing, or `null` when it exited with an answer to read. */
function runFailure(run: ProbeRun): { ok: false; reason: string; noShell: boolean } | null {
  switch (run.kind) {
    case "timeout":
      return { ok: false, reason: `no answer within ${formatBound(run.afterMs)}`, noShell: false };
    case "gone":
      return { ok: false, reason: `the container went away: ${cleanLine(run.message)}`, noShell: false };
    case "refused":
      return { ok: false, reason: `the engine refused the exec: ${cleanLine(run.message)}`, noShell: false };
    case "error":
      return { ok: false, reason: `the probe could not run: ${cleanLine(run.message)}`, noShell: false };
    case "exited":
      if (run.exitCode === null) {
        return { ok: false, reason: "exit status unknown: the container may have stopped", noShell: false };
      }
      if (forkFailure(run) !== null) {
        return { ok: false, reason: `${FORK_REASON}: ${cleanLine(forkFailure(run) ?? "")}`, noShell: false };
      }
      if (hasNoShell(run)) {
        return { ok: false, reason: `no shell in the image: ${firstLine(run)}`, noShell: true };
      }
      if (run.exitCode === 124 && `${run.stdout}${run.stderr}`.trim() === "") {
        return { ok: false, reason: "the probe timed out inside the container", noShell: false };
      }
      if (run.exitCode > 128) {
        return {
          ok: false,
          reason: `the probe was killed by signal ${run.exitCode - 128}: the container stopped or went away`,
          noShell: false,
        };
      }
      return null;
  }
}

/** `true` when the runtime could not start `sh` (exit 126/127 with the runtime's own error). */
export function hasNoShell(run: Extract<ProbeRun, { kind: "exited" }>): boolean {
  return (
    (run.exitCode === 126 || run.exitCode === 127) &&
    /OCI runtime exec failed|executable file not found|"(\/bin\/)?sh": .*no such file/i.test(
      `${run.stdout}\n${run.stderr}`,
    )
  );
}

/** The first non-empty output line; the runtime writes its own errors to stdout, a shell to stderr. */
function firstLine(run: Extract<ProbeRun, { kind: "exited" }>, stderrFirst = false): string {
  const text = stderrFirst ? `${run.stderr}\n${run.stdout}` : `${run.stdout}\n${run.stderr}`;
  return (
    text
      .split("\n")
      .map(cleanLine)
      .find((l) => l !== "") ?? ""
  );
}

/** Probe file name: `.roaudit-<hex>`, 16–64 lowercase hex digits. */
function checkHex(randomHex: string): void {
  if (!/^[0-9a-f]{16,64}$/.test(randomHex)) throw new Error(`invalid probe name: ${randomHex}`);
}

function checkDirs(dirs: readonly string[]): void {
  for (const d of dirs)
    if (!d.startsWith("/") || d.includes("\0")) throw new Error(`invalid mount path: ${d}`);
}

// For each folder, as uid 65534: make a private folder (`mkdir` of a random name fails on anything already
// there, a planted symlink included), enter it and check it is ours and where it should be (`pwd -P`: no
// symlink was followed; `-O`: owned by us, so no one else planted it — only root or 65534 can make one).
// From then on everything is relative to that folder, which only we can write into and which cannot leave
// the tmpfs (rename never crosses mounts), so a swap of its path changes nothing that runs. Write a two-line
// script there, make it executable, run it, remove it. One result line per folder, by index (never echoing
// the hostile path). `$o` unquoted on purpose: folds lines, globbing is off.
const TMPFS_EXEC = `set -f; r=$1; shift; i=0
for d in "$@"; do
  i=$((i+1)); p="$d/.roaudit-$r"; f="./.roaudit-$r"
  if ! e=$(mkdir "$p" 2>&1); then echo "roaudit-result $i nowrite" $e; continue; fi
  w="$(cd -P "$d" 2>/dev/null && pwd -P)/.roaudit-$r"
  if ! cd -P "$p" 2>/dev/null || [ "$(pwd -P)" != "$w" ] || [ ! -O . ]; then cd /; echo "roaudit-result $i swapped"; continue; fi
  if ! e=$( { printf '#!/bin/sh\\necho roaudit-ran-%s\\n' "$r" > "$f"; } 2>&1 ); then cd /; rmdir "$p" 2>/dev/null; echo "roaudit-result $i nowrite" $e; continue; fi
  if ! e=$(chmod 700 "$f" 2>&1); then rm -f "$f"; cd /; rmdir "$p" 2>/dev/null; echo "roaudit-result $i nochmod" $e; continue; fi
  o=$("$f" 2>&1); rc=$?
  rm -f "$f"
  if [ -e "$f" ]; then echo "roaudit-result $i kept"; fi
  if [ "$(pwd -P)" = "$w" ]; then cd /; rmdir "$p" 2>/dev/null; else cd /; echo "roaudit-result $i moved"; fi
  echo "roaudit-result $i rc=$rc" $o
done`;

/**
 * The one builder of the per-mount commands: `script` (tmpfs-exec's or ro-mount-write's) over `dirs`, with the
 * probe's random name first. Throws on a bad name or a path that is not absolute.
 */
function perMountCommand(
  script: string,
  randomHex: string,
  dirs: readonly string[],
  innerTimeoutSeconds: number,
): string[] {
  checkHex(randomHex);
  checkDirs(dirs);
  return boundedCommand(script, innerTimeoutSeconds, [randomHex, ...dirs]);
}

/**
 * The tmpfs-exec command: for each tmpfs folder, in a private folder of its own (`.roaudit-<hex>`), write
 * `#!/bin/sh` + `echo roaudit-ran-<hex>`, `chmod 700`, run it as uid 65534 (noexec binds every user), remove
 * both.
 */
export function tmpfsExecCommand(
  randomHex: string,
  dirs: readonly string[],
  innerTimeoutSeconds: number,
): string[] {
  return perMountCommand(TMPFS_EXEC, randomHex, dirs, innerTimeoutSeconds);
}

// For each mount: a regular file (a single-file bind, the usual config-file mount) is opened for append and
// closed at once (`: >>`: O_WRONLY|O_APPEND, nothing written, nothing truncated; a read-only mount answers
// EROFS). A folder: can uid 65534 enter it (a refused lookup proves nothing about the mount)? Then create an
// empty file with a shell redirection (no `touch` needed); remove it at once if that worked. Anything else (a
// socket, a device) is never opened.
const RO_MOUNT_WRITE = `set -f; r=$1; shift; i=0
for d in "$@"; do
  i=$((i+1)); f="$d/.roaudit-$r"
  if [ -f "$d" ]; then
    if e=$( { : >> "$d"; } 2>&1 ); then echo "roaudit-result $i appended"; else echo "roaudit-result $i file-refused" $e; fi
    continue
  fi
  if [ -e "$d" ] && [ ! -d "$d" ]; then echo "roaudit-result $i notregular"; continue; fi
  if ! e=$(cd "$d" 2>&1); then echo "roaudit-result $i nosearch" $e; continue; fi
  if e=$( { : > "$f"; } 2>&1 ); then
    rm -f "$f"
    if [ -e "$f" ]; then echo "roaudit-result $i created-kept"; else echo "roaudit-result $i created"; fi
  else echo "roaudit-result $i refused" $e; fi
done`;

/**
 * The ro-mount-write command: for each mount meant read-only, as uid 65534, open a single-file mount for
 * append (writing nothing) or create `.roaudit-<hex>` in a folder mount.
 */
export function roMountWriteCommand(
  randomHex: string,
  dirs: readonly string[],
  innerTimeoutSeconds: number,
): string[] {
  return perMountCommand(RO_MOUNT_WRITE, randomHex, dirs, innerTimeoutSeconds);
}

/** Result lines by folder index (1-based), the text after `roaudit-result <i> `. */
function resultLines(stdout: string): Map<number, string[]> {
  const byIndex = new Map<number, string[]>();
  for (const line of stdout.split("\n")) {
    const m = /^roaudit-result (\d+) (.*)$/.exec(line);
    if (!m) continue;
    const i = Number(m[1]);
    byIndex.set(i, [...(byIndex.get(i) ?? []), m[2] ?? ""]);
  }
  return byIndex;
}

/**
 * The shell's error with the probe's real file name, `<dir>/.roaudit-<hex>` (a relative `./.roaudit-<hex>`
 * made absolute), so the evidence names the file the probe really tried to create.
 */
function shown(text: string, dir: string, randomHex: string): string {
  const probeFile = `${dir === "/" ? "" : dir}/.roaudit-${randomHex}`;
  const named = text.replaceAll(`./.roaudit-${randomHex}`, probeFile);
  // The shell names its script `roaudit-probe` and the line: noise for a person.
  return cleanLine(named.replace(/roaudit-probe: (line )?\d+: /g, ""));
}

/** A per-mount probe's outcome and what the runtime findings need. */
export interface PerMountReading {
  probe: ProbeResult;
  /** Folders where the probe's write (ro-mount-write) or run (tmpfs-exec) succeeded. */
  failed: string[];
  /** Folders where the kernel refused as expected (EROFS, or EACCES on exec). */
  passed: string[];
}

function skipped(id: ProbeResult["id"], evidence: string): PerMountReading {
  return { probe: { id, status: "skipped", evidence }, failed: [], passed: [] };
}

/** One folder's outcome: `reported` is shown in `details` but counts neither way (the engine's own `/dev`). */
type RowOutcome = "pass" | "fail" | "unknown" | "reported";

/**
 * Sums per-folder outcomes, each folder for itself: `fail` when any folder failed; `pass` when at least one
 * folder was proven and none failed — a folder that proved nothing is named in the evidence ("not proven
 * on …") and never discards the others' proofs; `skipped` only when no folder proved anything. `details`
 * has one line per folder.
 */
export function summarise(
  id: ProbeResult["id"],
  rows: { dir: string; outcome: RowOutcome; line: string }[],
  words: { pass: string; fail: string },
): PerMountReading {
  const failed = rows.filter((r) => r.outcome === "fail").map((r) => r.dir);
  const passed = rows.filter((r) => r.outcome === "pass").map((r) => r.dir);
  const unknown = rows.filter((r) => r.outcome === "unknown");
  const reported = rows.filter((r) => r.outcome === "reported");
  const details = rows.map((r) => `${r.dir}: ${r.line}`);
  const notProven =
    unknown.length === 0 ? "" : `; not proven on ${unknown.map((r) => `${r.dir} (${r.line})`).join(", ")}`;
  const noted = reported.length === 0 ? "" : `; ${reported.map((r) => `${r.dir}: ${r.line}`).join("; ")}`;
  if (failed.length > 0) {
    return {
      probe: { id, status: "fail", evidence: `${words.fail}: ${failed.join(", ")}`, details },
      failed,
      passed,
    };
  }
  if (passed.length > 0) {
    const only = rows.length === 1 ? rows[0] : undefined;
    const evidence = only
      ? `${only.dir}: ${only.line}`
      : `${words.pass}: ${passed.join(", ")}${notProven}${noted}`;
    return { probe: { id, status: "pass", evidence, details }, failed, passed };
  }
  const why = [...unknown, ...reported].map((r) => `${r.dir}: ${r.line}`).join("; ");
  const evidence = unknown.length > 0 ? `could not prove it on any mount: ${why}` : why;
  return { probe: { id, status: "skipped", evidence, details }, failed, passed };
}

/** A mount a probe shows but does not test, and why (the engine's own `/dev`). */
export interface ReportedMount {
  dir: string;
  line: string;
}

/** What one folder's result lines prove: `null` when they are no answer the probe knows. */
type MountRow = { outcome: RowOutcome; line: string } | null;

/**
 * The shared shape of the per-mount probes: skipped with `none` when there are no folders, or with the
 * exec's failure; otherwise each folder's result lines (and its last line, shown as {@link shown} words
 * it) go to `rowOf`, an unknown answer proves nothing, and {@link summarise} sums the folders.
 */
function classifyPerMount(
  id: ProbeResult["id"],
  run: ProbeRun,
  dirs: readonly string[],
  randomHex: string,
  none: string,
  words: { pass: string; fail: string },
  rowOf: (lines: string[], last: string, text: string, dir: string) => MountRow,
  reported: readonly ReportedMount[] = [],
): PerMountReading {
  const noted = reported.map((r) => ({ dir: r.dir, outcome: "reported" as const, line: r.line }));
  if (dirs.length === 0) return noted.length === 0 ? skipped(id, none) : summarise(id, noted, words);
  const failed = runFailure(run);
  if (failed) return skipped(id, failed.reason);
  const results = resultLines((run as Extract<ProbeRun, { kind: "exited" }>).stdout);
  const rows = dirs.map((dir, index) => {
    const lines = results.get(index + 1) ?? [];
    const last = lines.at(-1) ?? "";
    const text = shown(last, dir, randomHex);
    const row = rowOf(lines, last, text, dir) ?? {
      outcome: "unknown" as const,
      line: text === "" ? "no answer" : `unexpected answer: ${text}`,
    };
    return { dir, ...row };
  });
  return summarise(id, [...rows, ...noted], words);
}

/**
 * Classifies a tmpfs-exec run over `dirs` (in command order).
 * Per folder: the script ran and printed exactly its marker (`rc=0 roaudit-ran-<hex>`) → fail; the kernel
 * refused to run it ("Permission denied", exit 126: `noexec` holds) → pass; something else ran or answered
 * (another output, a folder not ours, no write, no chmod) → proves nothing, never a pass. Where uid 65534
 * cannot write (a tmpfs of mode 0755 on `/etc`), `kernelNoexec` — the tmpfs's `noexec` flag by folder, from
 * the host's `/proc` mountinfo, the kernel's own answer — decides it when it has the folder.
 */
export function classifyTmpfsExec(
  run: ProbeRun,
  dirs: readonly string[],
  randomHex: string,
  kernelNoexec: ReadonlyMap<string, boolean> = new Map(),
  reported: readonly ReportedMount[] = [],
): PerMountReading {
  const words = { pass: "the kernel refused to run a file on", fail: "a written file ran on" };
  const marker = `roaudit-ran-${randomHex}`;
  return classifyPerMount(
    "tmpfs-exec",
    run,
    dirs,
    randomHex,
    "no tmpfs mounts",
    words,
    (lines, last, text, dir) => {
      if (lines.includes("swapped")) {
        const line =
          "the probe's private folder was not its own when entered (replaced or a symlink): nothing run";
        // Nothing ran, but the kernel's own table (from the host) still answers for the mount.
        if (kernelNoexec.get(dir) === false)
          return {
            outcome: "fail",
            line: `${line}; the kernel's mount table says exec is allowed (no noexec)`,
          };
        return { outcome: "unknown", line };
      }
      if (lines.includes("kept"))
        return { outcome: "fail", line: "ran or not, the test file could not be removed" };
      if (last === `rc=0 ${marker}`)
        return { outcome: "fail", line: "a written file ran: the mount allows exec" };
      if (/^rc=126\b.*Permission denied/i.test(last)) {
        // A refusal the kernel's own mount table contradicts was not the kernel's (a lying shell, a path
        // swapped on the way to the tmpfs): it proves nothing.
        if (kernelNoexec.get(dir) === false)
          return {
            outcome: "unknown",
            line: "refused to run, but the kernel's mount table says exec is allowed: the refusal proves nothing",
          };
        return { outcome: "pass", line: `refused: ${text.replace(/^rc=126 /, "")}` };
      }
      if (/^rc=\d+/.test(last))
        return {
          outcome: "unknown",
          line: `ran something else (not the probe's own answer): ${text.replace(/ ?roaudit-ran-[0-9a-f]+/g, "").slice(0, 120)}`,
        };
      if (last.startsWith("nowrite") && /Read-only file system/i.test(last))
        return {
          outcome: "pass",
          line: `mounted read-only: nothing can be written, so nothing can run (${text.slice(8)})`,
        };
      if (last.startsWith("nowrite")) {
        const why = `uid ${PROBE_UID} could not write the test file (${text.slice(8)})`;
        const noexec = kernelNoexec.get(dir);
        if (noexec === true) return { outcome: "pass", line: `${why}; the kernel's mount table says noexec` };
        if (noexec === false)
          return {
            outcome: "fail",
            line: `${why}; the kernel's mount table says exec is allowed (no noexec)`,
          };
        return { outcome: "unknown", line: `${why}` };
      }
      return null;
    },
    reported,
  );
}

/**
 * Classifies a ro-mount-write run over `dirs` (every mount meant read-only: binds, volumes, tmpfs mounted
 * `ro`). Per folder: created → fail (and removed; "created-kept" says it could not be); refused with "Read-only
 * file system" (EROFS) → pass; refused with "Permission denied" (EACCES) after uid 65534 entered the folder →
 * fail: for a create the kernel checks the mount (EROFS) before any permission; a folder uid 65534 cannot
 * enter, or any other refusal → proves nothing. Per single-file mount (opened for append, nothing written):
 * opened → fail; EROFS → pass; EACCES proves nothing by itself — for an existing file the kernel checks
 * permission *before* the mount — so `kernelReadOnly` (the mount's `ro` flag by path, from the host's `/proc`
 * mountinfo: the kernel's own answer) decides it when it has the path.
 */
export function classifyRoMountWrite(
  run: ProbeRun,
  dirs: readonly string[],
  randomHex: string,
  kernelReadOnly: ReadonlyMap<string, boolean> = new Map(),
): PerMountReading {
  const none = "no read-only bind, volume or tmpfs mounts";
  const words = { pass: "writes refused (read-only) on", fail: "writable, though mounted read-only" };
  return classifyPerMount("ro-mount-write", run, dirs, randomHex, none, words, (_lines, last, text, dir) => {
    if (last === "created")
      return { outcome: "fail", line: "write succeeded (test file created and removed)" };
    if (last === "created-kept")
      return { outcome: "fail", line: "write succeeded, and the test file could not be removed" };
    if (last === "appended")
      return {
        outcome: "fail",
        line: `uid ${PROBE_UID} opened the file for writing (append, nothing written): the mount is writable`,
      };
    if (/^file-refused .*Read-only file system/i.test(last))
      return { outcome: "pass", line: `append-open refused: ${text.replace(/^file-refused /, "")}` };
    if (/^file-refused .*Permission denied/i.test(last)) {
      const why = `uid ${PROBE_UID} may not write the file (${text.replace(/^file-refused /, "")}; for an existing file the kernel checks permission before the mount)`;
      const ro = kernelReadOnly.get(dir);
      if (ro === true) return { outcome: "pass", line: `${why}; the kernel's mount table says ro` };
      if (ro === false)
        return { outcome: "fail", line: `${why}; the kernel's mount table says rw: the mount is writable` };
      return { outcome: "unknown", line: why };
    }
    if (last.startsWith("file-refused"))
      return {
        outcome: "unknown",
        line: `append-open refused, but not as read-only: ${text.replace(/^file-refused ?/, "")}`,
      };
    if (last === "notregular")
      return { outcome: "unknown", line: "neither a folder nor a regular file: never opened" };
    if (/^refused .*Read-only file system/i.test(last))
      return { outcome: "pass", line: text.replace(/^refused /, "") };
    if (/^refused .*Permission denied/i.test(last))
      return {
        outcome: "fail",
        line: `the kernel checked permissions on uid ${PROBE_UID}'s write (${text.replace(/^refused /, "")}): a read-only mount refuses with EROFS first, so this one is writable`,
      };
    if (last.startsWith("refused"))
      return { outcome: "unknown", line: `refused, but not as read-only: ${text.replace(/^refused ?/, "")}` };
    if (last.startsWith("nosearch"))
      return {
        outcome: "unknown",
        line: `uid ${PROBE_UID} cannot enter the folder, so no write could be tried: ${text.replace(/^nosearch ?/, "")}`,
      };
    return null;
  });
}

/**
 * The journal of what trial runs created: every sibling container (by id) and every volume (by name), with its
 * trial id and engine. Kept in process memory and in a small file (`trial-journal.json` in the state folder),
 * so that a roaudit stopped mid-trial removes, at its next start, exactly what it created and nothing else.
 * A container or volume is removed only when its id or name is recorded here AND it still carries the label
 * `roaudit.trial` with the recorded trial id: never by label alone (an image or a user may set that label).
 * No `server-only` marker: the start-up sweep (`instrumentation.ts`) reads it too.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { TRIAL_LABEL } from "./trial-label";

/** One thing a trial created. */
export interface JournalEntry {
  kind: "container" | "volume";
  /** Container id (full) or volume name, as the engine answered the create. */
  ref: string;
  /** The trial id, the value of the `roaudit.trial` label roaudit put on it. */
  trialId: string;
  /** The engine endpoint it was created on (`unix:///run/docker.sock`). */
  engine: string;
}

/** The journal file cannot be written: trials are refused rather than leave siblings untracked. */
export class TrialJournalError extends Error {
  override name = "TrialJournalError";
}

/**
 * The state folder: `ROAUDIT_STATE_DIR`, else `$XDG_STATE_HOME/roaudit`, else `/var/lib/roaudit/state` for
 * root, else `~/.local/state/roaudit`.
 */
export function trialStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ROAUDIT_STATE_DIR?.trim()) return path.resolve(env.ROAUDIT_STATE_DIR.trim());
  if (env.XDG_STATE_HOME?.trim()) return path.join(path.resolve(env.XDG_STATE_HOME.trim()), "roaudit");
  if (typeof process.getuid === "function" && process.getuid() === 0) return "/var/lib/roaudit/state";
  return path.join(homedir(), ".local", "state", "roaudit");
}

/** The journal file's path in the state folder. */
export function journalPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(trialStateDir(env), "trial-journal.json");
}

/** A container id as the engine answers a create: 64 lowercase hex digits. */
const CONTAINER_ID = /^[0-9a-f]{64}$/;
/** A volume name the engine accepts (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`), bounded. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/;
/** A trial id as `trial.ts` makes it: 6 random bytes in hex. */
const TRIAL_ID = /^[0-9a-f]{12}$/;

/** True for a well-formed entry; anything else read from the file is dropped (the file may be tampered with). */
export const isEntry = (e: unknown): e is JournalEntry => {
  const o = e as Record<string, unknown> | null;
  return (
    typeof o === "object" &&
    o !== null &&
    (o.kind === "container" || o.kind === "volume") &&
    typeof o.ref === "string" &&
    (o.kind === "container" ? CONTAINER_ID : VOLUME_NAME).test(o.ref) &&
    typeof o.trialId === "string" &&
    TRIAL_ID.test(o.trialId) &&
    typeof o.engine === "string" &&
    o.engine.length <= 4096
  );
};

const uid = () => (typeof process.getuid === "function" ? process.getuid() : undefined);

/**
 * Throws unless `p` (when it exists) is not a symlink, is of the expected type, is owned by our uid and is not
 * writable by group or others. A missing path is fine (returns false).
 */
function assertOwnedPrivate(p: string, type: "dir" | "file"): boolean {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  if (st.isSymbolicLink()) throw new Error(`${p} is a symlink`);
  if (type === "dir" ? !st.isDirectory() : !st.isFile())
    throw new Error(`${p} is not a ${type === "dir" ? "folder" : "file"}`);
  const me = uid();
  if (me !== undefined && st.uid !== me) throw new Error(`${p} is owned by uid ${st.uid}, not ${me}`);
  if ((st.mode & 0o022) !== 0) throw new Error(`${p} is writable by group or others`);
  return true;
}

/** Checks the state folder and journal file (ownership, mode, no symlink); TrialJournalError when unsafe. */
function assertSafeState(file: string): void {
  try {
    assertOwnedPrivate(path.dirname(file), "dir");
    assertOwnedPrivate(file, "file");
  } catch (error) {
    throw new TrialJournalError(
      `roaudit does not trust its trial journal ${file} (${(error as Error).message}): set ROAUDIT_STATE_DIR to a folder of its own (0700); trials are refused until then`,
    );
  }
}

/** The journal's entries; an absent, unreadable or unsafe file is an empty journal (never throws). */
export function readJournal(env: NodeJS.ProcessEnv = process.env): JournalEntry[] {
  try {
    const file = journalPath(env);
    assertSafeState(file);
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/**
 * Writes the journal atomically: the folder made 0700 if missing, a temporary file of unpredictable name opened
 * exclusively without following symlinks, then renamed. TrialJournalError on failure or an unsafe state folder.
 */
export function writeJournal(entries: readonly JournalEntry[], env: NodeJS.ProcessEnv = process.env): void {
  const file = journalPath(env);
  mkdirSafe(file);
  assertSafeState(file);
  const tmp = `${file}.${randomBytes(12).toString("hex")}.tmp`;
  try {
    const fd = openSync(
      tmp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
    try {
      writeSync(fd, JSON.stringify(entries));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // Not created, or already renamed.
    }
    throw new TrialJournalError(
      `roaudit cannot write its trial journal ${file} (${(error as Error).message}): set ROAUDIT_STATE_DIR to a writable folder; trials are refused until then`,
    );
  }
}

/** Creates the state folder 0700 when missing; TrialJournalError when it cannot. */
function mkdirSafe(file: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new TrialJournalError(
      `roaudit cannot write its trial journal ${file} (${(error as Error).message}): set ROAUDIT_STATE_DIR to a writable folder; trials are refused until then`,
    );
  }
}

/** Process memory of what this process created, mirrored to the file on every change. */
const memory = (): JournalEntry[] => {
  const g = globalThis as { __roauditTrialJournal?: JournalEntry[] };
  g.__roauditTrialJournal ??= [];
  return g.__roauditTrialJournal;
};

const same = (a: JournalEntry, b: JournalEntry) =>
  a.kind === b.kind && a.ref === b.ref && a.engine === b.engine;

/** Records `entry` (memory and file); TrialJournalError when the file cannot be written. */
export function recordCreated(entry: JournalEntry, env: NodeJS.ProcessEnv = process.env): void {
  const mem = memory();
  if (!mem.some((e) => same(e, entry))) mem.push(entry);
  const onFile = readJournal(env).filter((e) => !same(e, entry));
  writeJournal([...onFile, entry], env);
}

/** Forgets `entries` (removed, or found not to be ours); a file that cannot be written keeps them for later. */
export function forget(entries: readonly JournalEntry[], env: NodeJS.ProcessEnv = process.env): void {
  const gone = (e: JournalEntry) => entries.some((x) => same(x, e));
  const mem = memory();
  const keep = mem.filter((e) => !gone(e));
  mem.splice(0, mem.length, ...keep);
  try {
    writeJournal(
      readJournal(env).filter((e) => !gone(e)),
      env,
    );
  } catch {
    // The entries stay on file; the next sweep finds them gone (404) or not ours and forgets them then.
  }
}

/** Throws TrialJournalError unless the journal can be written now (checked before a trial creates anything). */
export function assertJournalWritable(env: NodeJS.ProcessEnv = process.env): void {
  writeJournal(readJournal(env), env);
}

const statusOf = (error: unknown) => (error as { statusCode?: unknown } | null)?.statusCode;

/** What a sweep did. */
export interface SweepCount {
  containers: number;
  volumes: number;
}

/**
 * Removes the recorded things of engine `engine` that still carry `roaudit.trial=<recorded trial id>`:
 * containers first (`force`, `v`: their anonymous volumes go with them), then recorded volumes. Entries found
 * gone or not ours (label missing or different) are forgotten without touching anything; entries whose
 * removal failed stay for the next sweep. `onContainer` hears each container removal attempt.
 */
export async function sweepJournal(
  docker: Docker,
  engine: string,
  onContainer: (id: string, name: string, outcome: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SweepCount> {
  const recorded = [...readJournal(env), ...memory()].filter((e) => e.engine === engine);
  const entries = recorded.filter((e, i) => recorded.findIndex((x) => same(x, e)) === i);
  const done: JournalEntry[] = [];
  const count: SweepCount = { containers: 0, volumes: 0 };
  for (const e of entries.filter((x) => x.kind === "container")) {
    let info: { Name?: string; Config?: { Labels?: Record<string, string> | null } };
    try {
      info = await docker.getContainer(e.ref).inspect();
    } catch (error) {
      if (statusOf(error) === 404) done.push(e);
      continue;
    }
    if (info.Config?.Labels?.[TRIAL_LABEL] !== e.trialId) {
      done.push(e);
      continue;
    }
    const name = (info.Name ?? e.ref).replace(/^\//, "");
    try {
      await docker.getContainer(e.ref).remove({ force: true, v: true });
      onContainer(e.ref, name, "ok");
      count.containers++;
      done.push(e);
    } catch (error) {
      const status = statusOf(error);
      onContainer(e.ref, name, status === 404 ? "gone" : String(status ?? "error"));
      if (status === 404) done.push(e);
    }
  }
  for (const e of entries.filter((x) => x.kind === "volume")) {
    let labels: Record<string, string> | null | undefined;
    try {
      labels = ((await docker.getVolume(e.ref).inspect()) as { Labels?: Record<string, string> | null })
        .Labels;
    } catch (error) {
      if (statusOf(error) === 404) done.push(e);
      continue;
    }
    if (labels?.[TRIAL_LABEL] !== e.trialId) {
      done.push(e);
      continue;
    }
    try {
      await docker.getVolume(e.ref).remove();
      count.volumes++;
      done.push(e);
    } catch (error) {
      // In use by a sibling still being removed: the next sweep takes it.
      if (statusOf(error) === 404) done.push(e);
    }
  }
  if (done.length > 0) forget(done, env);
  return count;
}

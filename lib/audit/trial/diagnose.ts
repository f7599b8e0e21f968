/**
 * Reading a failed trial round's logs for what failed, and the smallest change that answers it — the field
 * guide's method ("start the container in read-only mode … let it fail … add a tmpfs mount … and retry"),
 * made a function. Pure: lines in, a {@link TrialDiagnosis} out.
 */
import { hasControlCharacter } from "../container-path";
import { writePathForRefusedWrite } from "../write-paths";
import type { TrialChange, TrialDiagnosis } from "./types";

/** A write refused by a read-only root: `Read-only file system`, `EROFS`, `errno 30`, nginx's `(30: …)`. */
const EROFS = /read-only file system|\bEROFS\b|errno[ =:]*30\b|\(30:/i;
/** `Operation not permitted`: EPERM, nginx's `(1: …)`. */
const EPERM = /operation not permitted|\bEPERM\b|\(1:/i;
/** `Permission denied`: EACCES, nginx's `(13: …)`. */
const EACCES = /permission denied|\bEACCES\b|\(13:/i;

/** System calls whose EPERM a capability answers, first match wins (capabilities(7)). */
const EPERM_CAPABILITIES: readonly [RegExp, string][] = [
  [/\b[fl]?chown\w*\b/i, "CAP_CHOWN"],
  [/\bset(res|re)?uid\b/i, "CAP_SETUID"],
  [/\b(set(res|re)?gid|setgroups|initgroups)\b/i, "CAP_SETGID"],
  [/\b(f?chmod|utimes?|utimensat)\b/i, "CAP_FOWNER"],
  [/\bkill\b/i, "CAP_KILL"],
  [/\bbind\b/i, "CAP_NET_BIND_SERVICE"],
];

/**
 * The first absolute path a line names: quoted (`"…"`, `'…'`, `“…”`) first, else a bare `/…` word; `null` for
 * a line holding a control character other than a tab (`\r`, escapes: a line made to look like another). The
 * path is as written: {@link writePathForRefusedWrite} normalises it before any rule.
 */
export function pathInLine(line: string): string | null {
  if (hasControlCharacter(line, "\t")) return null;
  const quoted = /["'“‘](\/[^"'”’\s]*)["'”’]/.exec(line);
  if (quoted?.[1]) return quoted[1];
  const bare = /(?:^|[\s(=:])(\/[^\s"'(),:;]+)/.exec(line);
  return bare?.[1] ?? null;
}

/** What the trial knows before it reads a round's logs. */
export interface DiagnoseContext {
  /** capabilities(7) names with `CAP_` the container has today: only those may come back. */
  capabilitiesToday: readonly string[];
  /** Changes made already (a change is never made twice: the same failure again ends the trial). */
  applied: readonly TrialChange[];
  /** `true` when the sibling runs as root (uid 0): a DAC `Permission denied` is then a dropped capability. */
  runsAsRoot: boolean;
}

const sameChange = (a: TrialChange, b: TrialChange): boolean =>
  a.kind === "capability"
    ? b.kind === "capability" && a.capability === b.capability
    : b.kind !== "capability" && a.path === b.path;

/** The change one log line asks for, or `null`. */
export function changeForLine(line: string, context: DiagnoseContext): TrialChange | null {
  const capBack = (capability: string): TrialChange | null =>
    context.capabilitiesToday.includes(capability) ? { kind: "capability", capability } : null;
  if (EROFS.test(line)) {
    const path = pathInLine(line);
    const target = path === null ? null : writePathForRefusedWrite(path);
    return target ? { kind: target.kind, path: target.path } : null;
  }
  if (EPERM.test(line)) {
    for (const [call, capability] of EPERM_CAPABILITIES) if (call.test(line)) return capBack(capability);
    return null;
  }
  if (EACCES.test(line)) {
    // A low port: bind() as root without NET_BIND_SERVICE is EACCES.
    if (/\bbind\b/i.test(line)) return capBack("CAP_NET_BIND_SERVICE");
    // Root is denied a file only when DAC_OVERRIDE (or, for reads and searches, DAC_READ_SEARCH) is gone.
    if (context.runsAsRoot && pathInLine(line) !== null) return capBack("CAP_DAC_OVERRIDE");
  }
  return null;
}

/**
 * The first change, in log order, that the lines ask for and that was not made already; `null` when none
 * (the failure is not one a mount or a capability answers, or the same failure came back after its change).
 */
export function diagnose(lines: readonly string[], context: DiagnoseContext): TrialDiagnosis | null {
  for (const line of lines) {
    const change = changeForLine(line, context);
    if (change && !context.applied.some((a) => sameChange(a, change))) return { evidence: line, change };
  }
  return null;
}

/** `tmpfs /run`, `volume /var/lib/postgresql/data`, `cap CHOWN`: a change in a few words. */
export function describeTrialChange(change: TrialChange): string {
  return change.kind === "capability"
    ? `cap ${change.capability.replace(/^CAP_/, "")}`
    : `${change.kind} ${change.path}`;
}

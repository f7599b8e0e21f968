/**
 * Write-path discovery: which paths a container writes on its root filesystem, from the engine's change list
 * (`GET /containers/{id}/changes`, what `docker diff` prints), grouped into the tmpfs mounts (scratch) and
 * volumes (data that must persist) its read-only configuration needs. Pure.
 *
 * What the change list cannot show: writes to tmpfs mounts and volumes (they never touch the writable layer),
 * and anything the app has not written yet. Callers pass {@link WritePathResult.notes} on.
 */
import { normalizeContainerPath } from "./container-path";
import type { KnownImage } from "./known-images";
import type { ContainerSnapshot } from "./types";

/** A path the app writes, and how its read-only configuration should provide it. */
export interface WritePath {
  /** Absolute path in the container, e.g. `/var/cache/nginx`. */
  path: string;
  /** `tmpfs` for scratch (lost on restart), `volume` for data that must persist. */
  kind: "tmpfs" | "volume";
  /** What showed the need: files from the engine's change list, or the field guide's known-image table. */
  evidence: string[];
}

/**
 * One entry of the change list (`Kind` 0 modified, 1 added, 2 deleted), or `opened`: a file one of the
 * container's processes holds open for writing (`/proc/<pid>/fd` read from the engine's host), which the
 * change list misses until the app writes to it (nginx's logs).
 */
export interface FileChange {
  /** Absolute path in the container. Hostile text: any byte but NUL, newlines included. */
  path: string;
  kind: "modified" | "added" | "deleted" | "opened";
}

/** A write that no mount can serve without hiding or freezing the image's own files (e.g. `/etc/passwd`). */
export interface UnplacedWrite {
  /** The folder a mount would have to cover. */
  folder: string;
  /** The entries, as in {@link WritePath.evidence}. */
  evidence: string[];
}

/** What {@link discoverWritePaths} found. */
export interface WritePathResult {
  /** Sorted by path. */
  writePaths: WritePath[];
  /** Writes no mount fits; the remediation says so rather than guess. */
  unplaced: UnplacedWrite[];
  /** Entries left out as made by the engine or by a person's shell, e.g. `"/sbin/docker-init (docker-init)"`. */
  ignored: string[];
  /**
   * tmpfs write paths (other than the scratch roots) that the list marks `modified`: folders the image has,
   * whose files a tmpfs would hide.
   */
  hidesImageFiles: string[];
  /** Sentences for people: what the list could not see, and why entries were left out. */
  notes: string[];
}

/** Most files kept as evidence per write path; the rest are counted. */
export const MAX_EVIDENCE = 20;

/** Scratch folders that get one tmpfs each, whatever is written below them. */
const SCRATCH_ROOTS = ["/tmp", "/var/tmp", "/run", "/var/run", "/dev/shm"];
/** Below this, each child folder is a cache of its own and gets its own tmpfs (`/var/cache/nginx`). */
const CACHE_PARENT = "/var/cache";
/** Run-state files: pid files, unix sockets, lock files. Their folder gets a tmpfs. */
const RUN_STATE_FILE = /\.(pid|sock|socket|lock|lck)$/i;
/** Files a person's interactive shell or tools write (`docker exec -it … sh`), not the app. */
const INTERACTIVE_FILE =
  /^\.(ash_history|bash_history|sh_history|zsh_history|lesshst|viminfo|python_history|node_repl_history)$/;
/**
 * Folders of the image's own programs and system files: a mount over one of them (or over a folder above them)
 * would hide or freeze what the image ships. Writes directly into them cannot be placed.
 */
const SYSTEM_FOLDERS = [
  "/",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/usr",
  "/usr/bin",
  "/usr/sbin",
  "/usr/lib",
  "/usr/share",
  "/etc",
  "/boot",
  "/dev",
  "/proc",
  "/sys",
  "/root",
];
/** Shared parents: a mount goes on the app's own folder below them (`/var/lib/app`), never on them. */
const SHARED_PARENTS = ["/var", "/var/lib", "/var/log", "/usr/local", "/opt", "/srv", "/home", "/mnt"];

/** `/lib`, `/lib32`, `/lib64`, `/libx32`, `/libexec`, …: every `/lib*` folder is the image's own. */
const LIB_FOLDER = /^\/lib[^/]*$/;

/** The top system folder `path` is or lies below (`/usr/local` excepted), or `null`. Normalised paths only. */
function systemFolderOf(path: string): string | null {
  if (isUnder(path, "/usr/local")) return null;
  const lib = /^\/lib[^/]*/.exec(path)?.[0];
  if (lib && LIB_FOLDER.test(lib)) return lib;
  return SYSTEM_FOLDERS.find((s) => s !== "/" && isUnder(path, s)) ?? null;
}

/**
 * `true` when a tmpfs or volume on `path` would cover a system folder: `path` (normalised first) is `/`, a
 * system folder (`/etc`, `/usr`, `/bin`, `/sbin`, `/lib*`, `/sys`, `/proc`, `/dev`, `/boot`, `/root`, …), a
 * shared parent (`/var`, `/var/lib`, …), or not a clean absolute path. The last guard before a mount is made.
 */
export function coversSystemFolder(path: string): boolean {
  const clean = normalizeContainerPath(path);
  if (clean === null || clean === "/") return true;
  if (SHARED_PARENTS.includes(clean)) return true;
  return systemFolderOf(clean) === clean || SYSTEM_FOLDERS.some((s) => s !== "/" && isUnder(s, clean));
}

const parentOf = (path: string): string => {
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
};
const isUnder = (path: string, folder: string): boolean =>
  path === folder || folder === "/" || path.startsWith(`${folder}/`);
const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/** The folders above `path`, nearest first, `/` excluded. */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let p = parentOf(path); p !== "/"; p = parentOf(p)) out.push(p);
  return out;
}

/** `"added /tmp/x"`, as shown in evidence. */
export function describeChange(change: FileChange): string {
  return `${change.kind} ${change.path}`;
}

/**
 * Entries the engine makes itself in the writable layer, with why: mount points of every mount (and the folders
 * above them it had to create), the working folder (`Config.WorkingDir`, created at start) and, with `--init`,
 * `/sbin/docker-init`. Observed on Engine 20.10: a fresh container's list is `null`, and a read-only container
 * with a tmpfs on a new folder lists that folder.
 */
function engineMade(snapshot: ContainerSnapshot): Map<string, string> {
  const made = new Map<string, string>();
  const add = (path: string, why: string) => {
    if (!made.has(path)) made.set(path, why);
    for (const a of ancestors(path)) if (!made.has(a)) made.set(a, why);
  };
  for (const m of snapshot.mounts) add(m.destination, "mount point");
  if (snapshot.run.workingDir !== "") add(snapshot.run.workingDir, "working folder");
  if (snapshot.run.init) add("/sbin/docker-init", "docker-init");
  return made;
}

interface Target {
  path: string;
  kind: WritePath["kind"];
}

/**
 * Where a mount must go so that `leaf` can be written, and which kind; `null` when none fits.
 * `added` holds the paths the list marks added (folders the app made).
 */
function targetOf(leaf: FileChange, added: ReadonlySet<string>, known: KnownImage | null): Target | null {
  const path = leaf.path;
  for (const k of known?.writePaths ?? []) if (isUnder(path, k.path)) return { path: k.path, kind: k.kind };
  for (const root of SCRATCH_ROOTS) if (isUnder(path, root)) return { path: root, kind: "tmpfs" };
  if (path.startsWith(`${CACHE_PARENT}/`)) {
    const child = path.slice(CACHE_PARENT.length + 1).split("/")[0] ?? "";
    // A leaf right in /var/cache may be a file: the tmpfs then goes on /var/cache itself.
    return {
      path: path === `${CACHE_PARENT}/${child}` ? CACHE_PARENT : `${CACHE_PARENT}/${child}`,
      kind: "tmpfs",
    };
  }
  const kind: WritePath["kind"] = RUN_STATE_FILE.test(baseName(path)) ? "tmpfs" : "volume";
  // The topmost folder the app created on the way to `leaf`: a mount there hides nothing of the image.
  let top = path;
  while (added.has(parentOf(top)) && parentOf(top) !== "/") top = parentOf(top);
  let folder = kind === "tmpfs" || top === path ? parentOf(path) : top;
  // Never on a shared parent: step down towards the leaf, onto the app's own folder.
  while (SHARED_PARENTS.includes(folder) || folder === "/") {
    const rest = path.slice(folder === "/" ? 1 : folder.length + 1).split("/");
    if (rest.length < 2) return null;
    folder = folder === "/" ? `/${rest[0]}` : `${folder}/${rest[0]}`;
  }
  // A folder the app made hides nothing of the image, even below /etc or /usr.
  if (coversSystemFolder(folder)) return null;
  if (systemFolderOf(folder) !== null && !added.has(folder)) return null;
  return { path: folder, kind };
}

/**
 * Groups a change list into write paths.
 * - Entries the engine made (see {@link engineMade}) and interactive-shell files are left out.
 * - Only leaves count (an entry with listed entries below it is a folder changed because of them).
 * - Each leaf goes to: a known image's path that holds it; a scratch root (`/tmp`, `/var/tmp`, `/run`,
 *   `/var/run`, `/dev/shm`) as tmpfs; its own `/var/cache/<name>` as tmpfs; the folder of a pid, socket or lock
 *   file as tmpfs (a volume when the same folder also holds data); otherwise the topmost folder the app created for it (or its folder) as a volume, stepping
 *   below shared parents (`/var/lib` → `/var/lib/app`). Writes into system folders (`/etc`, `/usr`, …) are
 *   {@link WritePathResult.unplaced}.
 * - A write path inside another of the same kind merges into it; evidence is capped at {@link MAX_EVIDENCE}.
 * - A known image's paths are added even unseen, unless an existing mount already covers them.
 * `changes` is the engine's answer: `null` when the writable layer is empty.
 */
export function discoverWritePaths(
  changes: readonly FileChange[] | null,
  snapshot: ContainerSnapshot,
  known: KnownImage | null,
): WritePathResult {
  const made = engineMade(snapshot);
  const ignored: string[] = [];
  const relevant: FileChange[] = [];
  const normalised: FileChange[] = [];
  for (const change of changes ?? []) {
    const path = normalizeContainerPath(change.path);
    if (path === null) ignored.push(`${JSON.stringify(change.path)} (not a clean absolute path)`);
    else normalised.push({ path, kind: change.kind });
  }
  for (const change of normalised) {
    const why = made.get(change.path);
    // An open file in a mount (tmpfs, volume, bind) is written there already, not on the root filesystem.
    if (change.kind === "opened" && snapshot.mounts.some((m) => isUnder(change.path, m.destination)))
      continue;
    if (why && change.kind !== "deleted") ignored.push(`${change.path} (${why})`);
    else if (INTERACTIVE_FILE.test(baseName(change.path))) ignored.push(`${change.path} (interactive shell)`);
    else relevant.push(change);
  }
  // Leaves over the whole list: a folder whose only changes below were left out is still not a write itself.
  const paths = new Set(normalised.map((c) => c.path));
  const hasChild = new Set<string>();
  for (const p of paths) for (const a of ancestors(p)) if (paths.has(a)) hasChild.add(a);
  const leaves = relevant.filter((c) => !hasChild.has(c.path));
  const added = new Set(relevant.filter((c) => c.kind === "added").map((c) => c.path));

  const groups = new Map<string, { kind: WritePath["kind"]; evidence: string[] }>();
  const unplaced = new Map<string, string[]>();
  for (const leaf of leaves) {
    const target = targetOf(leaf, added, known);
    if (!target) {
      const folder = parentOf(leaf.path);
      unplaced.set(folder, [...(unplaced.get(folder) ?? []), describeChange(leaf)]);
      continue;
    }
    const group = groups.get(target.path) ?? { kind: target.kind, evidence: [] };
    // Data beside pid or lock files in one folder must outlive a restart: the folder becomes a volume.
    if (target.kind === "volume") group.kind = "volume";
    group.evidence.push(describeChange(leaf));
    groups.set(target.path, group);
  }
  for (const k of known?.writePaths ?? []) {
    if (snapshot.mounts.some((m) => isUnder(k.path, m.destination))) continue;
    const group = groups.get(k.path) ?? { kind: k.kind, evidence: [] };
    group.evidence.unshift(known?.source ?? "");
    groups.set(k.path, group);
  }
  // Merge a path into an enclosing one of the same kind (shortest first, so chains collapse onto the top).
  const sorted = [...groups.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  for (const path of sorted) {
    const group = groups.get(path);
    if (!group) continue;
    const outer = sorted.find((o) => o !== path && isUnder(path, o) && groups.get(o)?.kind === group.kind);
    const into = outer ? groups.get(outer) : undefined;
    if (into) {
      into.evidence.push(...group.evidence);
      groups.delete(path);
    }
  }
  const writePaths = [...groups.entries()]
    .map(([path, g]) => ({ path, kind: g.kind, evidence: capEvidence(g.evidence) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const modified = new Set(relevant.filter((c) => c.kind === "modified").map((c) => c.path));
  return {
    writePaths,
    hidesImageFiles: writePaths
      .filter((w) => w.kind === "tmpfs" && modified.has(w.path) && !SCRATCH_ROOTS.includes(w.path))
      .map((w) => w.path),
    unplaced: [...unplaced.entries()]
      .map(([folder, evidence]) => ({ folder, evidence: capEvidence(evidence) }))
      .sort((a, b) => (a.folder < b.folder ? -1 : 1)),
    ignored,
    notes: notesFor(changes, snapshot, ignored),
  };
}

function capEvidence(evidence: string[]): string[] {
  if (evidence.length <= MAX_EVIDENCE) return evidence;
  return [...evidence.slice(0, MAX_EVIDENCE), `… and ${evidence.length - MAX_EVIDENCE} more`];
}

function notesFor(
  changes: readonly FileChange[] | null,
  snapshot: ContainerSnapshot,
  ignored: readonly string[],
): string[] {
  const notes: string[] = [];
  if (snapshot.state === "created") {
    notes.push("The container has never run, so the engine's change list shows nothing it writes.");
  } else if (changes === null) {
    notes.push(
      snapshot.readonlyRootfs
        ? "The engine's change list is empty (null): the root filesystem is read-only already, so only its existing mounts take writes."
        : "The engine's change list is empty (null): the container has not written to its root filesystem so far.",
    );
  }
  notes.push(
    "The change list never shows writes to tmpfs mounts or volumes, and only what was written so far: run the app through its usual work (start-up, requests, jobs) before relying on the list.",
  );
  if (ignored.length > 0) {
    notes.push(
      `Left out ${ignored.length} ${ignored.length === 1 ? "entry" : "entries"} made by the engine or an interactive shell, not the app: ${ignored.slice(0, 5).join(", ")}${ignored.length > 5 ? ", …" : ""}.`,
    );
  }
  return notes;
}

/**
 * Where a mount must go for a write the kernel refused with `EROFS` on a read-only root (a trial run's log
 * names the path): the refused path's folder, which exists (else the error would be `ENOENT`), so a mount
 * there hides only that folder. A tmpfs below a scratch root or `/var/cache`, or for a pid, socket or lock
 * file; a volume otherwise. The path itself when its folder is `/` or a shared parent (a `mkdir /var/lib/app`
 * refused). `null` when the mount would cover a system folder (`/etc`, `/usr`, …).
 */
export function writePathForRefusedWrite(path: string): { path: string; kind: WritePath["kind"] } | null {
  const clean = normalizeContainerPath(path);
  if (clean === null || clean === "/") return null;
  let folder = parentOf(clean);
  if (folder === "/" || SHARED_PARENTS.includes(folder)) folder = clean;
  if (SHARED_PARENTS.includes(folder)) return null;
  const scratch =
    SCRATCH_ROOTS.some((root) => isUnder(folder, root)) ||
    isUnder(folder, CACHE_PARENT) ||
    RUN_STATE_FILE.test(baseName(clean));
  if (systemFolderOf(folder) !== null || coversSystemFolder(folder)) return null;
  return { path: folder, kind: scratch ? "tmpfs" : "volume" };
}

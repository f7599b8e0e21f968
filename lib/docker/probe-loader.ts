/**
 * What else decides what runs when a probe execs a program: the kernel runs a script's `#!` interpreter and an
 * ELF program's `PT_INTERP` loader; the loader maps `/etc/ld.so.preload` and what it lists, then the program's
 * libraries, found through `/etc/ld.so.cache` (built from `/etc/ld.so.conf(.d)`) and the standard library
 * folders (musl: `/etc/ld-musl-<arch>.path`). Every one of those files and folders must be owned by the
 * container's root and writable by no one else, as the programs themselves (`probe-programs.ts`). Libraries
 * are judged conservatively, not by `DT_NEEDED`: every entry of every folder the loader may search (and of
 * its `glibc-hwcaps`, `tls` and `<triplet>` subfolders) and every path the cache names.
 */
import { posix } from "node:path";
import { EXEC_HEAD_BYTES, execFormat } from "./exec-format";
import type { ContainerFiles } from "./probe-programs";

/** `#!` interpreters and loaders followed at most, one below another (the kernel allows 4 levels of `#!`). */
const MAX_INTERPRETER_DEPTH = 5;
/** Largest `/etc/ld.so.preload`, `ld.so.conf` or musl path file read, in bytes. */
const MAX_LIST_BYTES = 64 * 1024;
/** Largest `/etc/ld.so.cache` read, in bytes; a larger one is refused. */
const MAX_CACHE_BYTES = 8 * 1024 * 1024;
/** Paths in the cache, `ld.so.conf` files and folders judged at most; past that Verify refuses. */
const MAX_PATHS = 20_000;
/** `ld.so.conf` `include` levels followed at most. */
const MAX_INCLUDE_DEPTH = 4;

/** The standard folders the loaders search, whatever their configuration says. */
export const STANDARD_LIBRARY_DIRS = ["/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib"];

/** musl's architecture names, for its `/etc/ld-musl-<arch>.path` folder list. */
const MUSL_ARCHES = [
  "x86_64",
  "aarch64",
  "armhf",
  "arm",
  "i386",
  "ppc64le",
  "s390x",
  "riscv64",
  "mips64",
  "loongarch64",
];

/** Depth below a library folder the loader's search reaches (`<triplet>/glibc-hwcaps/<level>`, `tls/<platform>/<hwcap>`). */
const LIBRARY_DEPTH = 3;

/**
 * Subfolders of a library folder judged too: EVERY subfolder one level down (a named list misses legacy hwcaps
 * and platform folders), and below that those the loader searches — `<triplet>`, `glibc-hwcaps`, `tls`,
 * platform and hwcap names (`i686`, `sse2`, `x86_64`, `haswell`, `avx512_1`, `xeon_phi`, `x86-64-v3`,
 * `power9`, `z15`, …). Bounded by {@link LIBRARY_DEPTH} and the per-folder entry limit.
 */
export const librarySubfolder = (name: string, depth: number = LIBRARY_DEPTH) =>
  depth >= LIBRARY_DEPTH ||
  /-linux-/.test(name) ||
  /^(glibc-hwcaps|tls|i[3-6]86|sse2|x86_64|haswell|xeon_phi|avx512_\d+|x86-64-v\d|power\d+|z\d+|aarch64|ppc64le|s390x)$/.test(
    name,
  );

/**
 * Why a container process could change what the loader or the kernel runs along with `programs` (resolved
 * paths of the probes' programs, already judged), or `null`.
 */
export async function loaderPlantable(fs: ContainerFiles, programs: string[]): Promise<string | null> {
  let dynamic = false;
  const seen = new Set<string>();
  let level = programs.map((p) => ({ path: p, via: p }));
  for (let depth = 0; level.length > 0; depth += 1) {
    const next: typeof level = [];
    for (const { path, via } of level) {
      if (seen.has(path)) continue;
      seen.add(path);
      const head = await fs.readHead(path, EXEC_HEAD_BYTES);
      if (head === null) continue;
      const format = execFormat(head);
      if (format.kind === "malformed") return `${path} is ${format.why}`;
      if (format.kind === "other") continue;
      if (format.kind === "elf") dynamic ||= format.interpreter !== null || format.dynamic;
      const interpreter = format.kind === "elf" ? format.interpreter : format.interpreter;
      if (interpreter === null) continue;
      if (!interpreter.startsWith("/")) return `${via} names a relative interpreter (${interpreter})`;
      if (depth + 1 >= MAX_INTERPRETER_DEPTH) return `${via} has interpreters nested too deep`;
      const checked = await fs.check(interpreter);
      if (checked.why) return checked.why;
      if (checked.resolved !== null) next.push({ path: checked.resolved, via });
    }
    level = next;
  }

  // The loader reads these whatever the program; /etc itself, or a rename there replaces them.
  for (const file of ["/etc", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d"]) {
    const { why } = await fs.check(file);
    if (why) return why;
  }
  const preload = await fs.check("/etc/ld.so.preload");
  if (preload.why) return preload.why;
  if (preload.resolved !== null) {
    const why = await checkPreload(fs, preload.resolved);
    if (why) return why;
  }
  if (!dynamic) return null;

  const dirs = new Set(STANDARD_LIBRARY_DIRS);
  const conf = await confFolders(fs);
  if (typeof conf === "string") return conf;
  for (const dir of conf) dirs.add(dir);
  for (const arch of MUSL_ARCHES) {
    const { why, resolved: file } = await fs.check(`/etc/ld-musl-${arch}.path`);
    if (why) return why;
    if (file === null) continue;
    const text = await readText(fs, file, MAX_LIST_BYTES);
    if (text === null) return `${file} is too large or unreadable`;
    for (const dir of text.split(/[\s:]+/).filter(Boolean)) dirs.add(dir);
  }
  const cached = await cachePaths(fs);
  if (typeof cached === "string") return cached;
  for (const path of cached) {
    const { why } = await fs.check(path);
    if (why) return why;
  }
  if (dirs.size > MAX_PATHS) return "the loader's configuration names too many library folders";
  for (const dir of dirs) {
    if (!dir.startsWith("/")) return `the loader's configuration names a relative folder (${dir})`;
    const { why, resolved } = await fs.check(dir);
    if (why) return why;
    if (resolved === null) continue;
    const entries = await fs.checkEntries(resolved, LIBRARY_DEPTH, librarySubfolder);
    if (entries.why) return entries.why;
    // A library left unchecked could be anyone's: too big a folder is refused, not judged by its owner.
    if (entries.truncated) return `${resolved} (or a subfolder) holds too many entries to judge`;
  }
  return null;
}

/** Each path `/etc/ld.so.preload` lists (whitespace or `:` apart) must be safe; `$LIB`-style or relative ones are refused. */
async function checkPreload(fs: ContainerFiles, resolved: string): Promise<string | null> {
  const text = await readText(fs, resolved, MAX_LIST_BYTES);
  if (text === null) return "/etc/ld.so.preload is too large or not a regular file";
  for (const path of text
    .split(/[\s:]+/)
    .filter(Boolean)
    .slice(0, MAX_PATHS)) {
    if (!path.startsWith("/") || path.includes("$"))
      return `/etc/ld.so.preload lists ${path}, not a plain absolute path`;
    const { why } = await fs.check(path);
    if (why) return why;
  }
  return null;
}

/**
 * The library folders `/etc/ld.so.conf` names, `include` globs followed (their folder's entries matched by
 * `*`/`?` as a whole name; each included file judged first); a string says why it cannot be judged.
 */
async function confFolders(fs: ContainerFiles): Promise<Set<string> | string> {
  const dirs = new Set<string>();
  const pending: { path: string; depth: number }[] = [{ path: "/etc/ld.so.conf", depth: 0 }];
  let files = 0;
  while (pending.length > 0) {
    const { path, depth } = pending.shift() as { path: string; depth: number };
    files += 1;
    if (files > MAX_PATHS) return "/etc/ld.so.conf includes too many files";
    const { why, resolved } = await fs.check(path);
    if (why) return why;
    if (resolved === null) continue;
    const text = await readText(fs, resolved, MAX_LIST_BYTES);
    if (text === null) continue; // a folder or special file: the loader's ldconfig reads nothing from it either
    for (const raw of text.split("\n")) {
      const line = raw.replace(/#.*/, "").trim();
      if (line === "" || line.startsWith("hwcap ")) continue;
      const include = /^include\s+(.+)$/.exec(line);
      if (!include) {
        dirs.add(line.replace(/=.*$/, ""));
        continue;
      }
      if (depth + 1 > MAX_INCLUDE_DEPTH) return "/etc/ld.so.conf includes too deep";
      for (const pattern of include[1]?.split(/\s+/) ?? []) {
        const absolute = pattern.startsWith("/") ? pattern : posix.join(posix.dirname(resolved), pattern);
        const folder = posix.dirname(absolute);
        const name = posix.basename(absolute);
        if (/[*?[]/.test(folder)) return `/etc/ld.so.conf includes ${pattern}: a wildcard folder`;
        const dir = await fs.check(folder);
        if (dir.why) return dir.why;
        if (dir.resolved === null) continue;
        const entries = await fs.checkEntries(dir.resolved);
        if (entries.why) return entries.why;
        if (entries.truncated) return `${dir.resolved} holds too many entries to judge`;
        const match = globName(name);
        for (const file of entries.files)
          if (match.test(posix.basename(file))) pending.push({ path: file, depth: depth + 1 });
      }
    }
  }
  return dirs;
}

/** The absolute paths `/etc/ld.so.cache` holds (its NUL-terminated strings that start with `/`). */
async function cachePaths(fs: ContainerFiles): Promise<string[] | string> {
  const { resolved } = await fs.check("/etc/ld.so.cache");
  if (resolved === null) return [];
  const cache = await fs.readHead(resolved, MAX_CACHE_BYTES + 1);
  if (cache === null) return [];
  if (cache.length > MAX_CACHE_BYTES) return "/etc/ld.so.cache is too large to judge";
  const paths = new Set<string>();
  for (const s of cache.toString("latin1").split("\0")) {
    if (!s.startsWith("/")) continue;
    paths.add(s);
    if (paths.size > MAX_PATHS) return "/etc/ld.so.cache names too many libraries to judge";
  }
  return [...paths];
}

async function readText(fs: ContainerFiles, resolved: string, max: number): Promise<string | null> {
  const buf = await fs.readHead(resolved, max + 1);
  if (buf === null || buf.length > max) return null;
  return buf.toString("latin1");
}

function globName(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

/**
 * The mounts of the plan: today's, then the write paths. An existing tmpfs keeps its options, made
 * `noexec,nosuid` (with a check note when it allows exec or suid today), and gets a size when it has none. Existing binds and volumes are kept; read-only ones stay so; a writable one whose destination looks like
 * configuration gets `:ro`, the others stay writable, each with a check note (the change list cannot see
 * writes into mounts). Each write path becomes a tmpfs `rw,noexec,nosuid,size=…` or a named volume
 * `<container>-<path>`.
 */
import type { KnownImage } from "../known-images";
import { tmpfsFlags } from "../tmpfs-options";
import type { ContainerSnapshot, VolumeMount } from "../types";
import { describeBacking } from "../volume-backing";
import type { WritePathResult } from "../write-paths";
import type { AddCheck, PlannedMount, PlannedTmpfs } from "./types";

/** Default tmpfs sizes by path when the known-image table gives none: scratch 64m, run state 16m. */
function tmpfsSize(path: string, known: KnownImage | null): string {
  const k = known?.writePaths.find((w) => w.path === path)?.size;
  if (k) return k;
  return path === "/run" || path === "/var/run" || path.startsWith("/run/") ? "16m" : "64m";
}

/** What `redactEngineRoot` puts in place of the engine's storage root (`DockerRootDir`). */
const ENGINE_ROOT = "<docker-root>";

/** Engine sockets: `:ro` means nothing for them (connecting is not a write). */
const SOCKET = /\.sock$|^\/(var\/)?run$/;
/** Mount destinations that hold configuration, which an app usually only reads. */
const CONFIG_LIKE =
  /^\/etc(\/|$)|(^|\/)(conf|config|configs|cfg|settings|secrets?|certs?|ssl|tls|keys?)(\/|$)|\.(conf|cfg|ini|ya?ml|json|toml|pem|crt|key)$/i;

/** The slug of a write path in the engine's volume name alphabet: `/var/lib/app` → `var-lib-app`. */
function pathSlug(path: string): string {
  const slug = path
    .replace(/^\/+/, "")
    .replace(/[^a-zA-Z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "data";
}

/** FNV-1a 32-bit of a string's UTF-16 units, as 8 hex digits: a short, stable tag, not a security hash. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * Volume names for the new write paths: `<container>-<slug>`, or `<container>-<slug>-<hash of the path>` when
 * the slug is shared by another write path (`/a b`, `/a-b` and `/a.b` all slug to `a-b`) or the name is
 * already a volume the container mounts, so that no two paths ever share (and mix) their data. Deterministic:
 * the same paths and mounts always give the same names, whatever their order. Names stay within 128
 * characters, the hash kept whole.
 */
export function volumeNames(
  container: string,
  paths: readonly string[],
  taken: ReadonlySet<string>,
): Map<string, string> {
  const base = (p: string) => `${container}-${pathSlug(p)}`.slice(0, 128);
  const count = new Map<string, number>();
  for (const p of new Set(paths)) count.set(base(p), (count.get(base(p)) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const p of paths) {
    const plain = base(p);
    const clash = (count.get(plain) ?? 0) > 1 || taken.has(plain);
    names.set(p, clash ? `${plain.slice(0, 128 - 9)}-${shortHash(p)}` : plain);
  }
  return names;
}

/**
 * A tmpfs as `--mount type=tmpfs` and compose's long syntax (`type: tmpfs`) can write it, for a path holding a
 * `:` that `--tmpfs path:options` would split on. Both carry only a size (`tmpfs-size`, `tmpfs.size`) and
 * read-only (`readonly`, `read_only`); `noexec`, `nosuid` and `nodev` need no option, since the engine mounts
 * every tmpfs, `HostConfig.Mounts` ones included, with `noexec,nosuid,nodev` first (moby
 * `daemon/oci_linux.go`, see `../tmpfs-options.ts`). Checked on Docker 20.10.24: a container run with
 * `--mount type=tmpfs,destination=/a:b,tmpfs-size=1m` shows `/a:b rw,nosuid,nodev,noexec` in
 * `/proc/1/mountinfo` (and `lib/docker/remediation.integration.test.ts` runs one). Any other option (`exec`,
 * `mode=`, `uid=`…) cannot be written and is listed in `lost`.
 * @param options A planned tmpfs's options, e.g. `rw,noexec,nosuid,size=64m`.
 */
export function tmpfsMountFields(options: string): {
  size: string | null;
  readOnly: boolean;
  lost: string[];
} {
  let size: string | null = null;
  let readOnly = false;
  const lost: string[] = [];
  for (const raw of options.split(",")) {
    const o = raw.trim();
    if (o.startsWith("size=")) size = o.slice(5);
    else if (o === "ro") readOnly = true;
    else if (o !== "" && o !== "rw" && o !== "noexec" && o !== "nosuid" && o !== "nodev") lost.push(o);
  }
  return { size, readOnly, lost };
}

/**
 * What the person must know about a volume that is not plain engine storage (`lib/audit/volume-backing.ts`):
 * it is kept as it is (other containers may share it), with what it really mounts; `null` for plain volumes.
 */
function backingNote(m: VolumeMount): string | null {
  const b = m.backing ?? { kind: "storage" };
  const what = `${m.destination} is the volume ${m.anonymous ? `${m.name.slice(0, 12)}…` : m.name}, ${describeBacking(b)}`;
  switch (b.kind) {
    case "bind":
      return `${what}: the container writes the host's files there unless it is :ro; bind only the folder the app needs, read-only where it only reads`;
    case "tmpfs": {
      const f = tmpfsFlags(b.options, "none");
      const missing = [
        !f.noexec && "noexec",
        !f.nosuid && "nosuid",
        !f.nodev && "nodev",
        f.size === null && "size=",
      ]
        .filter(Boolean)
        .join(", ");
      return missing
        ? `${what}: the volume driver adds none of the engine's tmpfs defaults, so it lacks ${missing}; re-create the volume with --opt o=noexec,nosuid,nodev,size=… or use --tmpfs ${m.destination}:rw,noexec,nosuid,size=… if no other container shares it`
        : null;
    }
    case "filesystem":
      return `${what}: writes there reach that ${b.fsType} filesystem outside the engine's storage; mount it :ro where the app only reads`;
    case "unknown":
      return `${m.destination} is the volume ${m.name}, whose driver options could not be read (${b.reason}): check with docker volume inspect what it mounts`;
    default:
      return null;
  }
}

/** The tmpfs mounts and the binds and volumes of the plan, each sorted by path. */
export function planMounts(
  snapshot: ContainerSnapshot,
  found: WritePathResult,
  known: KnownImage | null,
  check: AddCheck,
  notes: string[],
): { tmpfs: PlannedTmpfs[]; mounts: PlannedMount[] } {
  const tmpfs: PlannedTmpfs[] = [];
  const mounts: PlannedMount[] = [];
  for (const m of snapshot.mounts) {
    if (m.type === "tmpfs") {
      const kept = m.options
        .split(",")
        .map((o) => o.trim())
        .filter((o) => o !== "" && !/^(rw|ro|noexec|nosuid|nodev)$/.test(o));
      // Always noexec,nosuid (the field guide's tmpfs-noexec): a tmpfs that allows exec or suid today loses
      // it, with a note, since only the app's owner knows whether it runs programs from there.
      const options = [
        m.rw ? "rw" : "ro",
        "noexec",
        "nosuid",
        ...kept.filter((o) => o !== "exec" && o !== "suid"),
      ];
      if (m.size === null) options.push(`size=${tmpfsSize(m.destination, known)}`);
      if (!m.noexec || !m.nosuid) {
        const allowed = [!m.noexec && "exec", !m.nosuid && "suid"].filter(Boolean).join(" and ");
        check(
          "--tmpfs",
          "tmpfs",
          `the tmpfs ${m.destination} allows ${allowed} today and is made noexec,nosuid here: the app may need ${allowed} there; put it back only if it does`,
        );
      }
      if (m.size === null) {
        check("--tmpfs", "tmpfs", `the tmpfs ${m.destination} had no size limit; size= is a guess`);
      }
      tmpfs.push({ path: m.destination, options: options.join(",") });
    } else if (m.type === "bind" || m.type === "volume") {
      const source = m.type === "bind" ? m.source : m.name;
      let readOnly = !m.rw;
      if (m.rw && !SOCKET.test(m.destination)) {
        if (CONFIG_LIKE.test(m.destination)) {
          readOnly = true;
          check(
            "-v",
            "volumes",
            `${m.destination} is mounted read-only on the assumption that the app only reads it (writes into mounts are not in the change list); drop :ro if it writes there`,
          );
        } else {
          check(
            "-v",
            "volumes",
            `${m.destination} stays writable: add :ro if the app only reads it (writes into mounts are not in the change list)`,
          );
        }
      }
      if (m.type === "bind" && (source === ENGINE_ROOT || source.startsWith(`${ENGINE_ROOT}/`))) {
        // The path stays redacted (never shown), so this mount cannot run as written.
        check(
          "-v",
          "volumes",
          `the source of ${m.destination} is the engine's own storage (shown as ${ENGINE_ROOT}, its path withheld): replace it with a host folder or a named volume before running this; binding engine storage into a container is itself a finding`,
        );
      }
      if (m.type === "volume") {
        const note = backingNote(m);
        if (note) check("-v", "volumes", note);
      }
      if (m.type === "volume" && m.anonymous) {
        check(
          "-v",
          "volumes",
          `${m.destination} is an anonymous volume (${m.name.slice(0, 12)}…), reused by its id to keep its data: remove the old container without -v, and better give the data a named volume`,
        );
      }
      mounts.push({ type: m.type, source, target: m.destination, readOnly, existing: true });
    } else {
      notes.push(`The ${m.engineType} mount at ${m.destination} is not carried over: add it by hand.`);
    }
  }
  const names = volumeNames(
    snapshot.name,
    found.writePaths.filter((w) => w.kind === "volume").map((w) => w.path),
    new Set(mounts.filter((m) => m.type === "volume").map((m) => m.source)),
  );
  for (const w of found.writePaths) {
    if (w.kind === "tmpfs") {
      tmpfs.push({ path: w.path, options: `rw,noexec,nosuid,size=${tmpfsSize(w.path, known)}` });
    } else {
      mounts.push({
        type: "volume",
        source: names.get(w.path) ?? "",
        target: w.path,
        readOnly: false,
        existing: false,
      });
    }
  }
  tmpfs.sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const t of tmpfs.filter((x) => x.path.includes(":"))) {
    const { lost } = tmpfsMountFields(t.options);
    if (lost.length > 0) {
      check(
        "--mount",
        "volumes",
        `the tmpfs ${t.path} is written as --mount type=tmpfs (its path holds a ':'), which cannot carry ${lost.join(",")}: those are left out (it still gets noexec,nosuid,nodev from the engine); add them by hand if the app needs them`,
      );
    }
  }
  mounts.sort((a, b) => (a.target < b.target ? -1 : 1));
  if (found.writePaths.some((w) => w.kind === "tmpfs")) {
    check(
      "--tmpfs",
      "tmpfs",
      "tmpfs sizes are guesses (64m for scratch, 16m for run state) and count against the memory limit: size them from the app's real use",
    );
  }
  for (const path of found.hidesImageFiles) {
    check("--tmpfs", "tmpfs", `the image has files in ${path}: a tmpfs there hides them`);
  }
  if (found.writePaths.some((w) => w.kind === "volume")) {
    check(
      "-v",
      "volumes",
      "new volumes start with the image's files, not with what the container wrote so far: copy that over (docker cp) if it matters",
    );
  }
  for (const u of found.unplaced) {
    check(
      "--read-only",
      "read_only",
      `the app writes in ${u.folder} (${u.evidence.slice(0, 3).join(", ")}${u.evidence.length > 3 ? ", …" : ""}), where no mount fits without hiding the image's files: change the app, or mount just that file`,
    );
  }
  return { tmpfs, mounts };
}

/**
 * What well-known images need to run read-only, as data: the field guide's table ("Read-Only Mode with
 * Specific Applications": nginx, Node.js applications, PostgreSQL). Write-path discovery starts from these and
 * adds what the engine's change list shows; no code branches on an image name.
 */

/** One path a known image writes. */
export interface KnownWritePath {
  /** Absolute path in the container. */
  path: string;
  /** `tmpfs` for scratch, `volume` for data that must persist. */
  kind: "tmpfs" | "volume";
  /** tmpfs size as `--tmpfs size=` takes it (`64m`); absent for volumes. */
  size?: string;
}

/** A known image: which repositories it covers and what it needs. */
export interface KnownImage {
  /** Stable id, e.g. `nginx`. */
  id: string;
  /** Repository names as {@link imageRepository} returns them (`nginx`, `bitnami/nginx`, `ghcr.io/x/y`). */
  repositories: readonly string[];
  /** Where the knowledge comes from, shown as evidence. */
  source: string;
  writePaths: readonly KnownWritePath[];
  /**
   * Capabilities (capabilities(7) names) its root entrypoint is known to use, kept by the remediation when the
   * container has them today; the rest are dropped.
   */
  capabilities: readonly string[];
}

/**
 * The table. nginx's master runs as root, changes the owner of its temp folders and switches its workers to
 * the `nginx` user; PostgreSQL's entrypoint changes the data folder's owner and drops to `postgres` with gosu.
 */
export const KNOWN_IMAGES: readonly KnownImage[] = [
  {
    id: "nginx",
    repositories: ["nginx"],
    source: "field guide: nginx writes PID files, request buffers and cache files",
    writePaths: [
      { path: "/tmp", kind: "tmpfs", size: "64m" },
      { path: "/var/cache/nginx", kind: "tmpfs", size: "64m" },
      { path: "/var/run", kind: "tmpfs", size: "16m" },
    ],
    capabilities: ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_SETGID", "CAP_SETUID"],
  },
  {
    id: "node",
    repositories: ["node"],
    source: "field guide: most Node.js applications only need /tmp",
    writePaths: [{ path: "/tmp", kind: "tmpfs", size: "32m" }],
    capabilities: [],
  },
  {
    id: "postgres",
    repositories: ["postgres"],
    source: "field guide: PostgreSQL writes its socket and lock to /run/postgresql and its data directory",
    writePaths: [
      { path: "/tmp", kind: "tmpfs", size: "64m" },
      { path: "/run/postgresql", kind: "tmpfs", size: "16m" },
      { path: "/var/lib/postgresql/data", kind: "volume" },
    ],
    capabilities: ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_SETGID", "CAP_SETUID"],
  },
];

/** Docker Hub's names for itself, which an image reference may spell out. */
const HUB_REGISTRIES = ["docker.io", "index.docker.io", "registry-1.docker.io"];

/**
 * The repository of an image reference, in Docker Hub's short form and lower case: the registry is dropped
 * when it is Docker Hub, `library/` with it, and the tag and digest always.
 * `nginx` → `nginx`; `nginx:1.27-alpine` → `nginx`; `docker.io/library/nginx@sha256:…` → `nginx`;
 * `localhost:5000/team/app:1` → `localhost:5000/team/app`. An image id (`sha256:…`, 64 hex) gives `""`.
 */
export function imageRepository(reference: string): string {
  let ref = reference.trim().toLowerCase();
  if (/^(sha256:)?[0-9a-f]{64}$/.test(ref)) return "";
  const at = ref.indexOf("@");
  if (at >= 0) ref = ref.slice(0, at);
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const parts = ref.split("/");
  const first = parts[0] ?? "";
  // The first part names a registry when it has a dot or a port, or is `localhost` (the docker CLI's rule).
  const isRegistry = parts.length > 1 && (/[.:]/.test(first) || first === "localhost");
  if (isRegistry && HUB_REGISTRIES.includes(first)) parts.shift();
  if (parts.length === 2 && parts[0] === "library") parts.shift();
  return parts.join("/");
}

/** The known image an image reference names, or `null`. */
export function knownImage(
  reference: string,
  table: readonly KnownImage[] = KNOWN_IMAGES,
): KnownImage | null {
  const repository = imageRepository(reference);
  if (repository === "") return null;
  return table.find((k) => k.repositories.includes(repository)) ?? null;
}

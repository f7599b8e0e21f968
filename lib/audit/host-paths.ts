/**
 * Host paths that matter to the mount checks. Plain string code (no `node:path`) so the check
 * registry stays importable from browser code.
 */

/**
 * Host folders whose bind mount exposes the host (CIS Docker Benchmark 5.6, "Ensure sensitive host system
 * directories are not mounted on containers"). Only these exact paths count; files and folders beneath
 * them (e.g. `/etc/localtime`) do not.
 */
export const SENSITIVE_HOST_PATHS: ReadonlySet<string> = new Set([
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/home",
  "/lib",
  "/lib64",
  "/proc",
  "/root",
  "/sbin",
  "/sys",
  "/usr",
  "/var/lib/docker",
  "/var/lib/containerd",
]);

/**
 * Normalises a host path for comparison: collapses `//`, `.` and `..`, drops a trailing `/`.
 * `"/etc/"` → `"/etc"`, `"//"` → `"/"`.
 */
export function normalizeHostPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

const ENGINE_SOCKET_NAMES = new Set([
  "docker.sock",
  "containerd.sock",
  "podman.sock",
  "dockershim.sock",
  "crio.sock",
]);

/** Where engines put their API sockets by default. */
export const DEFAULT_ENGINE_SOCKETS: readonly string[] = [
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/var/run/containerd/containerd.sock",
  "/run/podman/podman.sock",
];

/**
 * Where rootless and per-user engines put their sockets, `*` standing for one path element (a uid or a user
 * name): rootless Docker (`/run/user/<uid>/docker.sock`, `$HOME/.docker/run/docker.sock`), Docker Desktop
 * (`$HOME/.docker/desktop/docker.sock`), rootless Podman (`/run/user/<uid>/podman/podman.sock`), CRI-O.
 * `/var/run` is a link to `/run` on current distributions: both spellings are listed.
 */
export const ENGINE_SOCKET_PATTERNS: readonly string[] = [
  "/run/user/*/docker.sock",
  "/var/run/user/*/docker.sock",
  "/run/user/*/podman/podman.sock",
  "/var/run/user/*/podman/podman.sock",
  "/run/user/*/containerd/containerd.sock",
  "/home/*/.docker/run/docker.sock",
  "/home/*/.docker/desktop/docker.sock",
  "/root/.docker/run/docker.sock",
  "/root/.docker/desktop/docker.sock",
  "/var/run/podman/podman.sock",
  "/run/crio/crio.sock",
  "/var/run/crio/crio.sock",
];

/** `true` when normalised path `p` is a pattern's path or a folder above it (`*` matches one element). */
function holdsPattern(p: string, pattern: string): boolean {
  const have = p === "/" ? [] : p.slice(1).split("/");
  const want = pattern.slice(1).split("/");
  if (have.length > want.length) return false;
  return have.every((part, i) => want[i] === "*" || want[i] === part);
}

/** `true` when `ancestor` is `p` itself or a folder above it (both normalised). */
export function isSameOrAncestor(ancestor: string, p: string): boolean {
  return ancestor === p || ancestor === "/" || p.startsWith(`${ancestor}/`);
}

/**
 * Why a mount path gives access to a container engine's API socket, or `null`.
 * Matches the sockets themselves (`docker.sock`, `containerd.sock`, `podman.sock`, `crio.sock` anywhere, e.g.
 * `/run/user/1000/docker.sock`), every folder that holds a default one (`/`, `/run`, `/var`, `/var/run`,
 * `/run/containerd`, …), rootless and per-user ones ({@link ENGINE_SOCKET_PATTERNS}: `/run/user/1000`,
 * `/home/alice/.docker`), and `engineSockets`, the sockets known to serve an engine wherever they are (the one
 * roaudit itself talks to: `DOCKER_HOST`'s unix path), with their folders. Mounting any of those hands over
 * the socket. CIS Docker Benchmark 5.32.
 */
export function engineSocketExposure(p: string, engineSockets: readonly string[] = []): string | null {
  const n = normalizeHostPath(p);
  const known = engineSockets.map(normalizeHostPath).find((socket) => isSameOrAncestor(n, socket));
  if (known === n) return `${n} is the engine's API socket (the one roaudit talks to)`;
  if (known) return `${n} holds the engine's API socket (${known}, the one roaudit talks to)`;
  if (isEngineSocketName(n)) return `${n} is a container engine socket`;
  const held = DEFAULT_ENGINE_SOCKETS.find((socket) => isSameOrAncestor(n, socket));
  if (held) return `${n} holds the container engine socket (${held})`;
  const pattern = ENGINE_SOCKET_PATTERNS.find((pat) => holdsPattern(n, pat));
  if (pattern) return `${n} holds a rootless or per-user engine socket (${pattern})`;
  return null;
}

/** `true` when the last path element is a known engine socket file name (`docker.sock`, …). */
export function isEngineSocketName(p: string): boolean {
  return ENGINE_SOCKET_NAMES.has(p.slice(p.lastIndexOf("/") + 1));
}

/**
 * Why a host path exposes the engine's own storage (`DockerRootDir` from `GET /info`, wherever it is:
 * `--data-root` moves it away from `/var/lib/docker`): it is that folder or beneath it (other containers'
 * layers and volumes), or it holds it. `null` otherwise, or when `dockerRootDir` is unknown. The message
 * names the mounted path only; `redactEngineRoot` hides it before it leaves the server.
 */
export function engineStorageExposure(p: string, dockerRootDir: string | null): string | null {
  if (!dockerRootDir) return null;
  const n = normalizeHostPath(p);
  const root = normalizeHostPath(dockerRootDir);
  if (isSameOrAncestor(root, n)) return `${n} (the engine's storage)`;
  if (isSameOrAncestor(n, root)) return `${n} (holds the engine's storage)`;
  return null;
}

/**
 * The sensitive folder a host path is, or holds, or `null`: `/etc` is one; `/var/lib` holds `/var/lib/docker`.
 * Paths beneath a sensitive folder (`/etc/localtime`) are not.
 */
export function sensitiveExposure(p: string): string | null {
  const n = normalizeHostPath(p);
  if (SENSITIVE_HOST_PATHS.has(n)) return n;
  const held = [...SENSITIVE_HOST_PATHS].find((s) => s !== n && isSameOrAncestor(n, s));
  return held ? `${n} (holds ${held})` : null;
}

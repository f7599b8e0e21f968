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

const ENGINE_SOCKET_NAMES = new Set(["docker.sock", "containerd.sock", "podman.sock", "dockershim.sock"]);
const ENGINE_SOCKET_FOLDERS = new Set([
  "/run",
  "/var/run",
  "/run/containerd",
  "/var/run/containerd",
  "/run/docker",
]);

/**
 * Why a mount path gives access to a container engine's API socket, or `null`.
 * Matches the sockets themselves (`docker.sock`, `containerd.sock`, `podman.sock` anywhere, e.g.
 * `/run/user/1000/docker.sock`) and the folders that hold the default ones (`/run`, `/var/run`,
 * `/run/containerd`): mounting those hands over the socket too. CIS Docker Benchmark 5.32.
 */
export function engineSocketExposure(p: string): string | null {
  const n = normalizeHostPath(p);
  if (isEngineSocketName(n)) return `${n} is a container engine socket`;
  if (ENGINE_SOCKET_FOLDERS.has(n)) return `${n} holds the container engine socket`;
  return null;
}

/** `true` when the last path element is a known engine socket file name (`docker.sock`, …). */
export function isEngineSocketName(p: string): boolean {
  return ENGINE_SOCKET_NAMES.has(p.slice(p.lastIndexOf("/") + 1));
}

/**
 * The hardened configuration of one container, decided once and written out twice (`docker run` in
 * `docker-run.ts`, compose in `compose.ts`). It keeps what the container runs today — image, entrypoint and
 * command, working folder, ports, networks, restart policy, hostname, init, the mounts it has — and adds the
 * field guide's restrictions. Where a need cannot be known from outside (which user, which capabilities, how
 * much memory, whether a mount is only read), it says so in a {@link CheckNote} rather than guess silently.
 */
import { effectiveCapabilities, normalizeCapabilities } from "../capabilities";
import type { KnownImage } from "../known-images";
import type { ContainerSnapshot, PortBinding } from "../types";
import { resolveUser } from "../user";
import type { WritePathResult } from "../write-paths";

/** A "check: …" note attached to one flag or key. */
export interface CheckNote {
  /** The `docker run` flag it concerns, e.g. `--user`. */
  flag: string;
  /** The compose key it concerns, e.g. `user`. */
  key: string;
  /** One sentence, without the `check:` prefix. */
  text: string;
}

/** A tmpfs mount of the plan. */
export interface PlannedTmpfs {
  path: string;
  /** Mount options, e.g. `rw,noexec,nosuid,size=64m`. */
  options: string;
}

/** A bind mount or volume of the plan. */
export interface PlannedMount {
  type: "bind" | "volume";
  /** Host path (bind) or volume name. */
  source: string;
  target: string;
  readOnly: boolean;
  /** The volume exists already (kept from today's container); `false` for volumes the plan adds. */
  existing: boolean;
}

/** The whole plan. Strings are hostile (names, paths, arguments): writers quote every one. */
export interface RemediationPlan {
  /** Container name, also the compose service name. */
  name: string;
  /** `Config.Image`. */
  image: string;
  /**
   * The entrypoint when the container overrides its image's (or the image is unknown), `[]` when it cleared
   * the image's; `null` to keep the image's.
   */
  entrypoint: string[] | null;
  /** Arguments after the image when they differ from the image's `CMD` (or the image is unknown). */
  command: string[] | null;
  workingDir: string | null;
  /** `--user` value; `null` when the container runs as root today (a check note says so). */
  user: string | null;
  tmpfs: PlannedTmpfs[];
  mounts: PlannedMount[];
  /** capabilities(7) names without `CAP_`, kept after `--cap-drop ALL`. */
  capAdd: string[];
  /** `--security-opt` values, `no-new-privileges:true` first. */
  securityOpt: string[];
  /** `--memory` as docker takes it (`256m`). */
  memory: string;
  /** `--memory-swap` kept from today (`-1`, `512m`), or `null`. */
  memorySwap: string | null;
  pidsLimit: number;
  /** Path of the env file to write, when the container has env of its own; `null` otherwise. */
  envFile: string | null;
  /** `--network`: `none`, `host`, `bridge`, `container:<id>` or a network name; `null` for the engine default. */
  network: string | null;
  /** Further networks to connect after start (`docker network connect`). */
  extraNetworks: string[];
  ports: PortBinding[];
  /** `--restart` value (`unless-stopped`, `on-failure:3`), or `null`. */
  restart: string | null;
  hostname: string | null;
  init: boolean;
  /** Namespace modes kept as they are (`pid`, `ipc`, `uts`: `host` or `container:…`). */
  namespaces: { pid: string | null; ipc: string | null; uts: string | null };
  checks: CheckNote[];
  notes: string[];
}

/** Default tmpfs sizes by path when the known-image table gives none: scratch 64m, run state 16m. */
function tmpfsSize(path: string, known: KnownImage | null): string {
  const k = known?.writePaths.find((w) => w.path === path)?.size;
  if (k) return k;
  return path === "/run" || path === "/var/run" || path.startsWith("/run/") ? "16m" : "64m";
}

/** `67108864` → `64m`; `1073741824` → `1g`; other byte counts as they are. */
export function dockerSize(bytes: number): string {
  if (bytes > 0 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}g`;
  if (bytes > 0 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}m`;
  if (bytes > 0 && bytes % 1024 === 0) return `${bytes / 1024}k`;
  return String(bytes);
}

/** Engine sockets: `:ro` means nothing for them (connecting is not a write). */
const SOCKET = /\.sock$|^\/(var\/)?run$/;
/** Mount destinations that hold configuration, which an app usually only reads. */
const CONFIG_LIKE =
  /^\/etc(\/|$)|(^|\/)(conf|config|configs|cfg|settings|secrets?|certs?|ssl|tls|keys?)(\/|$)|\.(conf|cfg|ini|ya?ml|json|toml|pem|crt|key)$/i;

/** A volume name for a new write path: `<container>-<path>` in the engine's name alphabet. */
function volumeName(container: string, path: string): string {
  const slug = path
    .replace(/^\/+/, "")
    .replace(/[^a-zA-Z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${container}-${slug || "data"}`.slice(0, 128);
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Builds the plan from a snapshot (with its {@link RunSpec}) and the discovered write paths.
 * Decisions, each with its reason:
 * - `--read-only`; a tmpfs `rw,noexec,nosuid,size=…` per tmpfs write path and per existing tmpfs (an existing
 *   `exec`/`suid` is kept, with a check note); a named volume `<name>-<path>` per volume write path.
 * - Existing binds and volumes are kept; read-only ones stay so; a writable one whose destination looks like
 *   configuration gets `:ro`, the others stay writable, each with a check note (the change list cannot see
 *   writes into mounts).
 * - `--user`: today's non-root user; for root, none, with a check note.
 * - `--cap-drop ALL`; `--cap-add` only for what it has today and plausibly needs: those it added itself, those
 *   its known image uses, `NET_BIND_SERVICE` when a container port below 1024 is exposed as root.
 * - `no-new-privileges:true`, other security options kept except `seccomp=unconfined` and no-new-privileges
 *   ones; `--privileged` is dropped (it defeats a read-only root) with a check note.
 * - `--memory`, `--memory-swap`, `--pids-limit`: today's limits, else 256m and 256 with a check note.
 * - `--env-file ./<name>.env` when the container sets env beyond its image (names in the check note, never values).
 */
export function buildPlan(
  snapshot: ContainerSnapshot,
  found: WritePathResult,
  known: KnownImage | null,
): RemediationPlan {
  const run = snapshot.run;
  const checks: CheckNote[] = [];
  const notes: string[] = [...found.notes];
  const check = (flag: string, key: string, text: string) => checks.push({ flag, key, text });

  // Entrypoint and command: kept when they differ from the image's (docker run takes one --entrypoint word;
  // the rest of a longer entrypoint goes before the command, which gives the same argv).
  const image = run.image;
  const entrypointChanged = image === null || !same(run.entrypoint, image.entrypoint);
  const commandChanged = entrypointChanged || image === null || !same(run.cmd, image.cmd);
  // `[]` where the container cleared its image's entrypoint (`--entrypoint ""`).
  const entrypoint =
    entrypointChanged && (run.entrypoint.length > 0 || (image?.entrypoint.length ?? 0) > 0)
      ? run.entrypoint
      : null;
  const command = commandChanged && run.cmd.length > 0 ? run.cmd : null;
  const workingDir =
    run.workingDir !== "" && (image === null || run.workingDir !== image.workingDir) ? run.workingDir : null;

  // Mounts: today's, then the write paths.
  const tmpfs: PlannedTmpfs[] = [];
  const mounts: PlannedMount[] = [];
  for (const m of snapshot.mounts) {
    if (m.type === "tmpfs") {
      const kept = m.options
        .split(",")
        .map((o) => o.trim())
        .filter((o) => o !== "" && !/^(rw|ro|noexec|nosuid|nodev)$/.test(o));
      const flags = [m.rw ? "rw" : "ro", m.noexec ? "noexec" : "exec", m.nosuid ? "nosuid" : "suid"];
      const options = [...flags, ...kept.filter((o) => o !== "exec" && o !== "suid")];
      if (m.size === null) options.push(`size=${tmpfsSize(m.destination, known)}`);
      if (!m.noexec || !m.nosuid) {
        check(
          "--tmpfs",
          "tmpfs",
          `the tmpfs ${m.destination} allows ${[!m.noexec && "exec", !m.nosuid && "suid"].filter(Boolean).join(" and ")} today and keeps it; change it to noexec,nosuid unless the app needs it`,
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
  for (const w of found.writePaths) {
    if (w.kind === "tmpfs") {
      tmpfs.push({ path: w.path, options: `rw,noexec,nosuid,size=${tmpfsSize(w.path, known)}` });
    } else {
      mounts.push({
        type: "volume",
        source: volumeName(snapshot.name, w.path),
        target: w.path,
        readOnly: false,
        existing: false,
      });
    }
  }
  tmpfs.sort((a, b) => (a.path < b.path ? -1 : 1));
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

  // User.
  const resolved = resolveUser(snapshot.user);
  let user: string | null = null;
  if (resolved.ok && resolved.uid !== 0) user = snapshot.user.configured;
  else if (resolved.ok) {
    check(
      "--user",
      "user",
      `it runs as root today (Config.User ${JSON.stringify(snapshot.user.configured)}): which non-root uid does the image support? Then add --user <uid>:<gid>`,
    );
  } else {
    user = snapshot.user.configured;
    check("--user", "user", `${resolved.reason}: make sure the user exists and is not root`);
  }

  // Capabilities: what it has today, and what of that it plausibly needs.
  const today = effectiveCapabilities(snapshot.capAdd, snapshot.capDrop, snapshot.privileged);
  const runsAsRoot = user === null;
  const lowPort = [...run.exposedPorts, ...run.portBindings.map((p) => p.containerPort)].some(
    (p) => Number.parseInt(p, 10) < 1024,
  );
  // Why each capability is kept; the first reason found is given.
  const reasons = new Map<string, string>();
  for (const c of normalizeCapabilities(snapshot.capAdd))
    if (c !== "ALL") reasons.set(c, "added with --cap-add today");
  for (const c of known?.capabilities ?? [])
    if (!reasons.has(c)) reasons.set(c, `${known?.id} is known to use it`);
  if (lowPort && runsAsRoot && !reasons.has("CAP_NET_BIND_SERVICE")) {
    reasons.set("CAP_NET_BIND_SERVICE", "it listens on a port below 1024 as root");
  }
  const keep = today.filter((c) => reasons.has(c));
  const dropped = today.filter((c) => !reasons.has(c));
  const bare = (c: string) => c.replace(/^CAP_/, "");
  const capAdd = keep.map(bare);
  if (dropped.length > 0) {
    check(
      "--cap-add",
      "cap_add",
      `it has ${dropped.map(bare).join(", ")} today, dropped here: add back only those the app fails without`,
    );
  }
  for (const why of new Set(keep.map((c) => reasons.get(c) ?? ""))) {
    const caps = keep.filter((c) => reasons.get(c) === why).map(bare);
    check(
      "--cap-add",
      "cap_add",
      `${caps.join(", ")} kept (${why}): drop ${caps.length > 1 ? "those" : "it"} if the app does without`,
    );
  }
  if (snapshot.privileged) {
    check(
      "--privileged",
      "privileged",
      "it runs --privileged today, which can remount / read-write: it is dropped; give it the devices and capabilities it needs instead",
    );
  }

  // Security options.
  const securityOpt = [
    "no-new-privileges:true",
    ...snapshot.securityOpt.filter(
      (o) => !/^no-new-privileges/i.test(o) && !/^seccomp[=:]unconfined$/i.test(o),
    ),
  ];
  if (snapshot.securityOpt.some((o) => /^seccomp[=:]unconfined$/i.test(o))) {
    check(
      "--security-opt",
      "security_opt",
      "seccomp=unconfined is dropped for the engine's default profile: give it a profile that allows what it needs",
    );
  }

  // Limits.
  const memory = snapshot.memoryBytes > 0 ? dockerSize(snapshot.memoryBytes) : "256m";
  if (snapshot.memoryBytes <= 0) {
    check(
      "--memory",
      "mem_limit",
      "no memory limit today: 256m is a guess, set it from the app's real peak use",
    );
  }
  const memorySwap =
    snapshot.memorySwapBytes === -1
      ? "-1"
      : snapshot.memorySwapBytes > 0 && snapshot.memoryBytes > 0
        ? dockerSize(snapshot.memorySwapBytes)
        : null;
  const pidsLimit = snapshot.pidsLimit !== null && snapshot.pidsLimit > 0 ? snapshot.pidsLimit : 256;
  if (pidsLimit !== snapshot.pidsLimit) {
    check(
      "--pids-limit",
      "pids_limit",
      "no PIDs limit today: 256 is a guess, set it above the app's real peak",
    );
  }

  // Environment: names only.
  const own = run.env.own;
  const hasOwnEnv = own === null ? run.env.count > 0 : own.length > 0;
  const envFile = hasOwnEnv ? `./${snapshot.name}.env` : null;
  if (hasOwnEnv) {
    check(
      "--env-file",
      "env_file",
      own === null
        ? `the container has ${run.env.count} environment entries (its image's could not be compared): put those it sets itself in ${envFile}; values are never shown here`
        : `put ${own.join(", ")} in ${envFile} as NAME=value lines; values are never shown here`,
    );
  }

  // Networks.
  const mode = snapshot.namespaces.network;
  let network: string | null = null;
  let extraNetworks: string[] = [];
  if (mode === "none" || mode === "host" || mode.startsWith("container:")) network = mode;
  else if (mode === "bridge" || mode === "default" || mode === "") network = run.networks[0] ?? "bridge";
  else {
    network = run.networks.includes(mode) ? mode : (run.networks[0] ?? mode);
    extraNetworks = run.networks.filter((n) => n !== network);
  }
  if (extraNetworks.length > 0) {
    notes.push(
      `It is also on ${extraNetworks.join(", ")}: connect those after start (docker network connect), or list them in compose.`,
    );
  }
  const restartName = run.restartPolicy.name;
  const restart =
    restartName === "" || restartName === "no"
      ? null
      : restartName === "on-failure" && run.restartPolicy.maximumRetryCount > 0
        ? `on-failure:${run.restartPolicy.maximumRetryCount}`
        : restartName;
  const ns = (v: string) => (v === "host" || v.startsWith("container:") ? v : null);
  const namespaces = {
    pid: ns(snapshot.namespaces.pid),
    ipc: ns(snapshot.namespaces.ipc),
    uts: ns(snapshot.namespaces.uts),
  };
  if (namespaces.pid === "host" || namespaces.ipc === "host" || namespaces.uts === "host") {
    check(
      "--pid",
      "pid",
      "it shares host namespaces today and keeps them: drop them unless the app needs them",
    );
  }
  notes.push(
    "Only what this configuration lists is carried over: labels, logging, DNS, devices, ulimits and CPU limits are not; compare with docker inspect before replacing the container.",
  );

  return {
    name: snapshot.name,
    image: snapshot.image,
    entrypoint,
    command,
    workingDir,
    user,
    tmpfs,
    mounts,
    capAdd,
    securityOpt,
    memory,
    memorySwap,
    pidsLimit,
    envFile,
    network,
    extraNetworks,
    ports: run.portBindings,
    restart,
    hostname: run.hostname,
    init: run.init,
    namespaces,
    checks,
    notes,
  };
}

/**
 * The hardened configuration of one container, decided once and written out twice (`docker run` in
 * `docker-run.ts`, compose in `compose.ts`). It keeps what the container runs today — image, entrypoint and
 * command, working folder, ports, networks, restart policy, hostname, init, the mounts it has — and adds the
 * field guide's restrictions. Where a need cannot be known from outside (which user, which capabilities, how
 * much memory, whether a mount is only read), it says so in a {@link CheckNote} rather than guess silently.
 */

import { kernelPathExposure } from "../kernel-paths";
import type { KnownImage } from "../known-images";
import { inlineSeccompJson, readSeccompProfile } from "../seccomp";
import type { ContainerSnapshot } from "../types";
import { resolveUser } from "../user";
import type { WritePathResult } from "../write-paths";
import { planCapabilities } from "./plan-capabilities";
import { planDevices } from "./plan-devices";
import { planMounts } from "./plan-mounts";
import type { AddCheck, CheckNote, RemediationPlan } from "./types";

export type { AddCheck, CheckNote, PlannedMount, PlannedTmpfs, RemediationPlan } from "./types";

/** `67108864` → `64m`; `1073741824` → `1g`; other byte counts as they are. */
export function dockerSize(bytes: number): string {
  if (bytes > 0 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}g`;
  if (bytes > 0 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}m`;
  if (bytes > 0 && bytes % 1024 === 0) return `${bytes / 1024}k`;
  return String(bytes);
}

/**
 * Security options that switch a protection off, and why each is dropped: `label=disable` (SELinux; the engine
 * stores it for `--privileged`), `apparmor=unconfined`, `seccomp=unconfined`. Both separators are accepted
 * (`label:disable` is the old spelling). `null` for any other option. (`systempaths=unconfined` never reaches
 * `SecurityOpt`: the engine empties `MaskedPaths`/`ReadonlyPaths` instead; see {@link kernelPathsNote}.)
 */
export function weakening(option: string): string | null {
  const m = /^(label|apparmor|seccomp)[=:](disable|unconfined)$/i.exec(option.trim());
  if (!m) return null;
  const kind = (m[1] ?? "").toLowerCase();
  const value = (m[2] ?? "").toLowerCase();
  if (kind === "label" && value === "disable") {
    return `${option} (SELinux labelling off; the engine records it for --privileged) is dropped: give it a label (label=type:…) if the app needs more than the default`;
  }
  if (kind === "apparmor" && value === "unconfined") {
    return `${option} is dropped for the engine's default AppArmor profile: give it a profile that allows what it needs`;
  }
  if (kind === "seccomp" && value === "unconfined") {
    return `${option} is dropped for the engine's default seccomp profile: give it a profile that allows what it needs`;
  }
  return null;
}

/**
 * An inline seccomp profile (`seccomp={…}`, as the engine stores `--security-opt seccomp=<file>`) is never
 * written back inline: the docker CLI reads the value as a file path, so the pasted line would fail. A profile
 * weaker than the engine's default (a deny-list, or one allowing what the default blocks) is dropped for the
 * default, with a note naming why; any other is written as `seccomp=./<name>-seccomp.json` with a note to save
 * the profile there first. Other options pass through.
 */
function planSeccompOption(option: string, name: string, check: AddCheck): string[] {
  const json = inlineSeccompJson(option);
  if (json === null) return [option];
  const reading = readSeccompProfile(json);
  if (reading.kind === "deny-list" || (reading.kind === "allow-list" && reading.allowed.length > 0)) {
    const why =
      reading.kind === "deny-list"
        ? `allows every syscall it does not list (defaultAction ${reading.defaultAction})`
        : `allows ${reading.allowed.join(", ")}`;
    check(
      "--security-opt",
      "security_opt",
      `the custom seccomp profile ${why}, weaker than the engine's default: it is dropped for the default; give a profile file only if the app needs more`,
    );
    return [];
  }
  const file = `./${name}-seccomp.json`;
  check(
    "--security-opt",
    "security_opt",
    `the custom seccomp profile is stored inline in the container; save it as ${file} first (the seccomp= entry of docker inspect's HostConfig.SecurityOpt, without the prefix)`,
  );
  return [`seccomp=${file}`];
}

/**
 * The check note for kernel paths the container exposes today (`HostConfig.MaskedPaths`/`ReadonlyPaths`
 * emptied by `--security-opt systempaths=unconfined` or set short by an API client): the plan sets neither, so
 * the engine's defaults apply again. `null` when nothing is exposed.
 */
export function kernelPathsNote(snapshot: ContainerSnapshot): string | null {
  const e = kernelPathExposure(snapshot);
  const exposed = [...e.writable, ...e.unmasked];
  if (exposed.length === 0) return null;
  const how = e.unconfined
    ? "systempaths=unconfined (HostConfig.MaskedPaths and ReadonlyPaths are empty)"
    : `HostConfig.MaskedPaths/ReadonlyPaths leave ${exposed.join(", ")} exposed`;
  return `${how} is not carried over: the engine masks /proc and /sys paths and makes /proc/sys read-only again; add --security-opt systempaths=unconfined back only if the app truly needs it`;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Builds the plan from a snapshot (with its {@link RunSpec}) and the discovered write paths.
 * Decisions, each with its reason:
 * - `--read-only`, with the mounts of {@link planMounts} (today's, then a tmpfs or volume per write path).
 * - `--user`: today's non-root user; for root, none, with a check note.
 * - `--cap-drop ALL` and the `--cap-add` of {@link planCapabilities} (with those a trial run proved).
 * - `no-new-privileges:true`, other security options kept except no-new-privileges ones and the
 *   {@link weakening}s (`label=disable`, `apparmor=unconfined`, `seccomp=unconfined`, `systempaths=unconfined`),
 *   each dropped with a check note; `--privileged` is dropped (it defeats a read-only root) with a check note.
 * - `--memory`, `--memory-swap`, `--pids-limit`: today's limits, else 256m and 256 with a check note.
 * - `--env-file ./<name>.env` when the container sets env beyond its image (how many in the check note; never names or values).
 */
export function buildPlan(
  snapshot: ContainerSnapshot,
  found: WritePathResult,
  known: KnownImage | null,
  provenCapabilities: readonly string[] = [],
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

  const { tmpfs, mounts } = planMounts(snapshot, found, known, check, notes);

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

  const capAdd = planCapabilities(snapshot, known, user === null, check, provenCapabilities);
  // Security options: today's, minus the ones that switch a protection off, each with a note.
  const weakenings = snapshot.securityOpt.filter((o) => weakening(o) !== null);
  const securityOpt = [
    "no-new-privileges:true",
    ...snapshot.securityOpt
      .filter((o) => !/^no-new-privileges/i.test(o) && weakening(o) === null)
      .flatMap((o) => planSeccompOption(o, snapshot.name, check)),
  ];
  for (const o of weakenings) check("--security-opt", "security_opt", weakening(o) ?? "");
  const kernelNote = kernelPathsNote(snapshot);
  if (kernelNote) check("--security-opt", "security_opt", kernelNote);
  const { devices, deviceCgroupRules } = planDevices(snapshot, check);

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

  // Environment: a count only; names can say too much (e.g. which services it holds keys for).
  const own = run.env.own;
  const hasOwnEnv = own === null ? run.env.count > 0 : own.length > 0;
  const envFile = hasOwnEnv ? `./${snapshot.name}.env` : null;
  if (hasOwnEnv) {
    check(
      "--env-file",
      "env_file",
      own === null
        ? `the container has ${run.env.count} environment entries (its image's could not be compared): put those it sets itself in ${envFile}; values are never shown here`
        : `put the ${own.length} variable${own.length === 1 ? "" : "s"} it sets beyond its image's in ${envFile} as NAME=value lines; names and values are never shown here`,
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
    "Only what this configuration lists is carried over: labels, logging, DNS, ulimits and CPU limits are not; compare with docker inspect before replacing the container.",
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
    devices,
    deviceCgroupRules,
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

/**
 * Verify: runs the probe battery in a running container through exec (`exec-transport.ts`: uid 65534, the
 * absolute `/bin/sh`, a fixed environment), reads the host's `/proc` when roaudit runs on the engine's host,
 * and records the verdict. Probes, in order: root-write, mount-table, process-identity, tmpfs-exec,
 * ro-mount-write (`PROBE_IDS`). Before each probe it asks the engine (and, on the host, the kernel's freezer)
 * for the container's state, and gives up on one that stopped, is paused or is being paused.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import pLimit from "p-limit";
import { redactEngineRoot } from "@/lib/audit/redact";
import {
  classifyRootWrite,
  cleanLine,
  type ProbeRun,
  probeDirFor,
  probePathFor,
  rootWriteCommand,
} from "@/lib/audit/root-write-probe";
import {
  classifyReadRun,
  classifyRoMountWrite,
  classifyTmpfsExec,
  FORK_REASON,
  hasNoShell,
  type ProcFile,
  readProcCommand,
  roMountWriteCommand,
  tmpfsExecCommand,
} from "@/lib/audit/runtime/exec-probes";
import { classifyMountTable } from "@/lib/audit/runtime/mount-table";
import { cleanDestination, readOnlyTargets, tmpfsTargets } from "@/lib/audit/runtime/mount-targets";
import { type MountinfoEntry, mountAt, mountFlags, parseMountinfo } from "@/lib/audit/runtime/mountinfo";
import { namespaceProblem, unproven, withNamespacedCaps } from "@/lib/audit/runtime/namespaces";
import {
  forkCause,
  forkFailure,
  PLAIN_TOUCH,
  plainRemoveCommand,
  plainTouchCommand,
} from "@/lib/audit/runtime/pids-limit";
import { PROBE_UID } from "@/lib/audit/runtime/probe-exec";
import { parseProcStatus } from "@/lib/audit/runtime/proc-status";
import { classifyProcessIdentity } from "@/lib/audit/runtime/process-identity";
import { resolveInScope } from "@/lib/audit/runtime/resolve-path";
import { readResolved, resolveCommand } from "@/lib/audit/runtime/resolve-probe";
import { overallVerdict } from "@/lib/audit/runtime/verdict";
import {
  type ContainerSnapshot,
  type Mount,
  PROBE_IDS,
  type ProbeId,
  type ProbeResult,
  type ProcessIdentity,
  type Verification,
} from "@/lib/audit/types";
import { processSingleton } from "@/lib/singleton";
import { ContainerNotFoundError, ContainerNotRunningError } from "./errors";
import { processCount, runProbe } from "./exec-transport";
import { readContainerNamespaces } from "./host-namespaces";
import { type HostProcRead, hostDevice, hostReadlink, readHostProc } from "./host-proc";
import { loadSnapshot } from "./load-snapshot";
import { plantableProgram, rootHostUid } from "./probe-programs";
import { recordVerification } from "./verification-store";
import {
  type Interruption,
  interruptionAfter,
  interruptionBefore,
  preflight,
  STATE_CHECK_DEADLINE_MS,
} from "./verify-state";

export { STATE_CHECK_DEADLINE_MS };

import { runningFleetWatcher } from "./watcher";

/** Longest a probe may take by default, in ms, before it is called inconclusive. */
export const PROBE_TIMEOUT_MS = 10_000;

/**
 * The probe timeout in ms: `ROAUDIT_PROBE_TIMEOUT_MS` when it is a whole number from 500 to 120000,
 * otherwise {@link PROBE_TIMEOUT_MS}.
 */
export function probeTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.ROAUDIT_PROBE_TIMEOUT_MS);
  return Number.isInteger(value) && value >= 500 && value <= 120_000 ? value : PROBE_TIMEOUT_MS;
}
/** Probes run on the engine at the same time, at most. */
export const VERIFY_CONCURRENCY = 4;

/** Test-only hooks into a Verify; the route never passes any. */
export interface VerifyHooks {
  /** Called after each probe, before the next: a test stops or pauses the container here. */
  afterProbe?: (probe: ProbeId) => Promise<void> | void;
  /**
   * Where the host's `/proc` is read (default `/proc`): a test points it at an empty folder to take the path
   * roaudit takes off the engine's host (everything read through exec in the container).
   */
  procRoot?: string;
}

/** One exec Verify ran (or tried): what the route writes to the audit log. */
export interface ExecRecord {
  /** ISO 8601 time the probe finished (or was refused). */
  at: string;
  /** Full container id. */
  containerId: string;
  /** Container name without `/`. */
  containerName: string | null;
  /** Probe id, e.g. `root-write`. */
  probe: ProbeId;
  /** The probe's status, or `read`/`skipped` for a `/proc` read. */
  outcome: string;
  /** The caller's identity, as the route passed it. */
  identity: string | null;
}

/** Who asks for a Verify, and where its execs are recorded (the route passes the audit log). */
export interface VerifyCaller {
  /** `token`, `session:<8 chars>`, or `null` when no access token is configured. */
  identity: string | null;
  /** Called once per exec with its record. */
  onExec?: (record: ExecRecord) => void;
}

/**
 * Verifies a container (full id). A second call for a container whose Verify is running joins it.
 * Throws `ContainerNotFoundError` when the container does not exist and `ContainerNotRunningError` unless
 * `State.Status` is `running` (a paused container still says `State.Running: true`), or when the engine does
 * not answer about the container within {@link STATE_CHECK_DEADLINE_MS} (a container being frozen) — no exec
 * is run then. A container that vanishes, stops or is paused during the probes gets `inconclusive`, saying
 * so. Throws `EngineUnavailableError` when the engine cannot be reached. Every exec is passed to
 * `caller.onExec` with `caller.identity` and its probe id. `hooks` are for tests only.
 */
export function verifyContainer(
  id: string,
  caller: VerifyCaller = { identity: null },
  hooks: VerifyHooks = {},
): Promise<Verification> {
  const inflight = processSingleton("verify-inflight", () => new Map<string, Promise<Verification>>());
  const running = inflight.get(id);
  if (running) return running;
  const limit = processSingleton("verify-limit", () => pLimit(VERIFY_CONCURRENCY));
  const probe = limit(() => verifyNow(id, caller, hooks)).finally(() => inflight.delete(id));
  inflight.set(id, probe);
  return probe;
}

/** What every probe needs, and whether the container is still there to probe. */
interface Battery {
  snapshot: ContainerSnapshot;
  caller: VerifyCaller;
  hooks: VerifyHooks;
  innerSeconds: number;
  timeoutMs: number;
  /** Set once the container stopped or was paused: no probe runs after that. */
  interrupted: Interruption | null;
  /** Why no process could be started in the container ("the PIDs limit is reached …"), once a probe saw it. */
  forkCause: string | null;
  /** Why no probe may run in the container at all (a program it runs is replaceable), or `null`. */
  noExec?: string | null;
  /** PID 1's mount table once read (mount-table probe), for matching resolved destinations off the host. */
  table?: MountinfoEntry[] | null;
  /** Off the engine's host: destinations resolved through the container's symlinks (once), and the ones not. */
  resolved?: Promise<InContainerResolution>;
}

async function verifyNow(id: string, caller: VerifyCaller, hooks: VerifyHooks): Promise<Verification> {
  await preflight(id);
  // The fleet's cached snapshot when the watcher is current for it, so Verify judges what the page shows.
  const snapshot = runningFleetWatcher()?.currentSnapshot(id) ?? (await loadSnapshot(id));
  if (!snapshot) throw new ContainerNotFoundError("No such container (it may have been removed).");
  const name = snapshot.name || id.slice(0, 12);
  if (snapshot.state !== "running") {
    throw new ContainerNotRunningError(
      `Container "${name}" is ${snapshot.state || "unknown"}; Verify needs a running container.`,
      snapshot.state,
    );
  }
  const timeoutMs = probeTimeoutMs();
  const battery: Battery = {
    snapshot,
    caller,
    hooks,
    // The in-container bound ends each probe a little before the client gives up on it.
    innerSeconds: Math.max(1, Math.floor(timeoutMs / 1000) - 1),
    timeoutMs,
    interrupted: null,
    forkCause: null,
  };

  const hostRead = lazyHostProc(snapshot, hooks.procRoot);
  // Nothing runs in the container when its own processes could have replaced what a probe runs.
  battery.noExec = await plantableReason(snapshot, hostRead);
  const root = battery.noExec
    ? { probe: skip("root-write", battery.noExec), noShell: true }
    : await step(battery, "root-write", () => rootWriteProbe(battery));
  const noShell = root?.noShell ?? false;
  const table = await step(battery, "mount-table", () => mountTableProbe(battery, noShell, hostRead));
  const pid1 = await step(battery, "process-identity", () =>
    processIdentityProbe(battery, noShell, hostRead),
  );
  const kernelTable = table?.entries ?? null;
  const tmpfs = await step(battery, "tmpfs-exec", () =>
    tmpfsExecProbe(battery, noShell, hostRead, kernelTable),
  );
  const roMount = await step(battery, "ro-mount-write", () => roMountWriteProbe(battery, noShell, hostRead));

  const interrupted = battery.interrupted;
  // After the probes, so a process that left PID 1's namespaces during them is seen too.
  const namespaces =
    !interrupted && (await hostRead()).ok ? await readContainerNamespaces(snapshot.id, snapshot.pid) : null;
  const apart = namespaces ? namespaceProblem(namespaces) : null;
  const notRun = (p: ProbeId) => skip(p, notRunText(battery.interrupted));
  const results: Record<ProbeId, ProbeResult> = {
    "root-write": unproven(root?.probe ?? notRun("root-write"), apart),
    "mount-table": unproven(table?.probe ?? notRun("mount-table"), apart),
    "process-identity": withNamespacedCaps(pid1?.probe ?? notRun("process-identity"), namespaces),
    "tmpfs-exec": tmpfs?.probe ?? notRun("tmpfs-exec"),
    "ro-mount-write": unproven(roMount?.probe ?? notRun("ro-mount-write"), apart),
  };
  // The host's /proc is read once, and only by the two readers: did they get the kernel's own answer?
  const procFromHost = (table !== null || pid1 !== null) && (await hostRead()).ok;
  // PID 1's read-only / says nothing for a process with mounts of its own; a read-write / is still proof.
  const rootReadOnly = apart !== null && table?.rootReadOnly === true ? null : (table?.rootReadOnly ?? null);
  const { verdict, detail } = overallVerdict({
    rootWrite: results["root-write"],
    mountTable: results["mount-table"],
    roMountWrite: results["ro-mount-write"],
    rootReadOnly: interrupted ? (rootReadOnly === false ? false : null) : rootReadOnly,
    stopped: interrupted?.seen ?? null,
    paused: interrupted?.kind === "paused",
    configReadOnly: snapshot.readonlyRootfs,
    mountTableFromHost: procFromHost,
    namespaces,
  });
  const verification = redactEngineRoot<Verification>(
    {
      verdict,
      detail,
      checkedAt: new Date().toISOString(),
      probes: PROBE_IDS.map((p) => results[p]),
      // The run probed: a restart (of the container or its engine) makes this verdict the previous run's.
      ...(snapshot.startedAt ? { startedAt: snapshot.startedAt } : {}),
      // Readings from a battery cut short correct nothing: the container is not what was probed.
      observed: interrupted
        ? { rootReadOnly: null, process: null, tmpfsExec: null }
        : {
            rootReadOnly,
            process: pid1?.identity ?? null,
            tmpfsExec: tmpfs?.outcome ?? null,
            procFromHost,
          },
    },
    snapshot.engine.dockerRootDir,
  );
  recordVerification(id, verification);
  // The verdict changes the container's row: browsers following the event stream get it.
  runningFleetWatcher()?.touch(id);
  return verification;
}

function notRunText(interrupted: Interruption | null): string {
  if (interrupted?.kind === "paused") return "not run: the container was paused during the probes";
  return "not run: the container stopped during the probes";
}

/**
 * Runs one probe unless the battery was interrupted or the container is no longer `running` (a pause under
 * way counts: the kernel's freezer says `FREEZING`, or the engine does not answer about it in time); calls
 * the test hook after it. `null` when the probe was not run.
 */
async function step<T>(battery: Battery, probe: ProbeId, run: () => Promise<T>): Promise<T | null> {
  if (battery.interrupted) return null;
  battery.interrupted = await interruptionBefore(battery.snapshot.id, battery.snapshot.pid, probe);
  if (battery.interrupted) return null;
  const out = await run();
  if (!battery.interrupted) await battery.hooks.afterProbe?.(probe);
  return out;
}

/**
 * 1. root-write: create a file as uid 65534 in `/etc`, or in `/` where a mount covers `/etc`. Where the
 * shell wrapper could not start a process (the container at its PIDs limit), one plain exec of `/bin/touch`
 * (no fork inside the container; bounded by the client) tries the same create, and the evidence names the
 * cause.
 */
async function rootWriteProbe(battery: Battery): Promise<{ probe: ProbeResult; noShell: boolean }> {
  const { snapshot } = battery;
  const probePath = probePathFor(
    hex(),
    probeDirFor(snapshot.mounts.map((m) => cleanDestination(m.destination))),
  );
  const run = await exec(battery, rootWriteCommand(probePath, battery.innerSeconds));
  const first = classifyRootWrite(run, probePath);
  let { verdict, detail } = first;
  let last = run;
  if (first.forkFailed) {
    const cause = forkCause(snapshot.pidsLimit, await processCount(snapshot.id));
    battery.forkCause = cause;
    const plain = await plainRootWrite(battery, probePath);
    last = plain.run;
    verdict = plain.verdict;
    detail = `${cause}: the probe's shell could not start a process (${first.detail.replace(/^the probe could not start a process: /, "")}); ${plain.detail}`;
  }
  const probe: ProbeResult = { id: "root-write", status: ROOT_WRITE_STATUS[verdict], evidence: detail };
  await done(battery, "root-write", last, probe);
  return { probe, noShell: first.noShell === true };
}

/** Plain execs tried, at most, while the runtime cannot start one (a process may end meanwhile). */
const PLAIN_TRIES = 3;

/**
 * The root write as one plain exec (`/bin/touch <probe path>`, uid 65534, fixed environment), retried while
 * the runtime cannot start it; a created file is removed the same way. Only EROFS proves the root read-only
 * and a create that succeeded proves it writable: without the shell there is no check that uid 65534 can
 * enter the folder, so EACCES proves nothing here.
 */
async function plainRootWrite(
  battery: Battery,
  probePath: string,
): Promise<{ run: ProbeRun; verdict: "enforced" | "not-enforced" | "inconclusive"; detail: string }> {
  let run: ProbeRun = { kind: "error", message: "not run" };
  for (let attempt = 0; attempt < PLAIN_TRIES; attempt += 1) {
    run = await exec(battery, plainTouchCommand(probePath));
    if (forkFailure(run) === null) break;
  }
  const cannot = forkFailure(run);
  if (cannot) {
    return {
      run,
      verdict: "inconclusive",
      detail: `a single plain exec could not start either (${PLAIN_TRIES} tries: ${cleanLine(cannot)}), so no write could prove it`,
    };
  }
  const { verdict, detail, noShell } = classifyRootWrite(run, probePath);
  const said = `a single plain exec of ${PLAIN_TOUCH} answered`;
  if (noShell)
    return { run, verdict: "inconclusive", detail: `there is no ${PLAIN_TOUCH} in the image to try it with` };
  if (run.kind === "exited" && run.exitCode === 0) {
    let removed: ProbeRun = { kind: "error", message: "not run" };
    for (let attempt = 0; attempt < PLAIN_TRIES; attempt += 1) {
      removed = await exec(battery, plainRemoveCommand(probePath));
      if (forkFailure(removed) === null) break;
    }
    const gone = removed.kind === "exited" && removed.exitCode === 0;
    const dir = probePath.slice(0, probePath.lastIndexOf("/")) || "/";
    return {
      run,
      verdict: "not-enforced",
      detail: gone
        ? `${said}: write to ${dir} succeeded (probe file created and removed)`
        : `${said}: write to ${dir} succeeded, and the probe file could not be removed (${probePath})`,
    };
  }
  if (verdict === "enforced") return { run, verdict, detail: `${said}: ${detail}` };
  return { run, verdict: "inconclusive", detail: `${said}, proving nothing: ${detail}` };
}

/** The host's `/proc` of the container's main process, read at most once, only when asked for. */
/**
 * Why a probe must not run in this container (see `probe-programs.ts`): `not run: …`, or `null`. Checked only
 * from the host (`/proc/<pid>/root`); off the host nothing can be checked without running the container's
 * own programs, and the probes run as uid 65534 as before (README, Security model).
 */
async function plantableReason(
  snapshot: ContainerSnapshot,
  hostProc: () => Promise<HostProcRead>,
): Promise<string | null> {
  const host = await hostProc();
  if (!host.ok || snapshot.pid === null) return null;
  const rootUid = rootHostUid(host.files.uid_map);
  if (rootUid === null) return null;
  const why = await plantableProgram(snapshot.pid, rootUid);
  return why
    ? `not run: ${why}, so the container's own processes could replace a program the probes run (they would run it as uid 65534)`
    : null;
}

function lazyHostProc(snapshot: ContainerSnapshot, procRoot?: string): () => Promise<HostProcRead> {
  let read: Promise<HostProcRead> | null = null;
  return () => {
    read ??= readHostProc(snapshot.id, snapshot.pid, procRoot);
    return read;
  };
}

/** 2. mount-table: PID 1's mountinfo, and whether `/` is read-only (`null`: not read). */
async function mountTableProbe(
  battery: Battery,
  noShell: boolean,
  hostProc: () => Promise<HostProcRead>,
): Promise<{ probe: ProbeResult; rootReadOnly: boolean | null; entries: MountinfoEntry[] | null }> {
  const read = await readProc(battery, "mount-table", ["mountinfo"], noShell, hostProc);
  if (!read.ok) return { probe: skip("mount-table", read.reason), rootReadOnly: null, entries: null };
  const entries = parseMountinfo(read.files.mountinfo ?? "");
  battery.table = entries;
  const root = battery.snapshot.engine.dockerRootDir;
  // The volumes folder's device, a witness only the host can give (device numbers are the host kernel's).
  const volumesDevice = read.from === "host" && root ? await hostDevice(`${root}/volumes`) : null;
  const reading = classifyMountTable(entries, {
    ...battery.snapshot,
    mounts: await mountsInScope(battery, hostProc),
    volumesDevice,
  });
  const unresolved = (await battery.resolved)?.unresolved ?? [];
  const probe = withSource(reading.probe, read.source);
  const notes = unresolved.map(
    (u) => `${u.destination}: not resolved through the container's symlinks (${u.why})`,
  );
  return {
    probe: notes.length > 0 ? { ...probe, details: [...(probe.details ?? []), ...notes] } : probe,
    rootReadOnly: reading.rootReadOnly,
    entries,
  };
}

/** 3. process-identity: PID 1's status and uid_map, and the identity (`null`: not read). */
async function processIdentityProbe(
  battery: Battery,
  noShell: boolean,
  hostProc: () => Promise<HostProcRead>,
): Promise<{ probe: ProbeResult; identity: ProcessIdentity | null }> {
  const read = await readProc(battery, "process-identity", ["status", "uid_map"], noShell, hostProc);
  if (!read.ok) return { probe: skip("process-identity", read.reason), identity: null };
  try {
    const identity = parseProcStatus(read.files.status ?? "", {
      readFrom: read.from,
      uidMap: read.files.uid_map ?? null,
    });
    return { probe: classifyProcessIdentity(identity, read.source), identity };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      probe: skip("process-identity", `the status text could not be read: ${why}`),
      identity: null,
    };
  }
}

/**
 * 4. tmpfs-exec, on every tmpfs the container declares and every writable tmpfs in its mount table
 * (`kernelTable`: a tmpfs volume, `/dev/shm`), but the engine's own `/dev` (no option makes it noexec: shown,
 * never failed): where a file ran and where it was refused.
 */
async function tmpfsExecProbe(
  battery: Battery,
  noShell: boolean,
  hostProc: () => Promise<HostProcRead>,
  kernelTable: readonly MountinfoEntry[] | null,
): Promise<{ probe: ProbeResult; outcome: { ran: string[]; refused: string[] } | null }> {
  const mounts = await mountsInScope(battery, hostProc);
  const declared = mounts.filter((m) => m.type === "tmpfs").map((m) => m.destination);
  const { dirs, reported } = tmpfsTargets(declared, kernelTable ?? []);
  if (dirs.length === 0 && reported.length === 0)
    return { probe: skip("tmpfs-exec", "no tmpfs mounts"), outcome: null };
  if (noShell) return { probe: skip("tmpfs-exec", battery.noExec ?? NO_SHELL_FOR_FILES), outcome: null };
  const name = hex();
  const run: ProbeRun =
    dirs.length === 0
      ? { kind: "exited", exitCode: 0, stdout: "", stderr: "" }
      : await exec(battery, tmpfsExecCommand(name, dirs, battery.innerSeconds));
  // The kernel's own answer for a tmpfs uid 65534 cannot write: only from the host, never from inside.
  const kernelNoexec = new Map<string, boolean>();
  for (const [dir, entry] of await hostMounts(hostProc, dirs))
    if (entry.fsType === "tmpfs") kernelNoexec.set(dir, mountFlags(entry).noexec);
  const reading = classifyTmpfsExec(run, dirs, name, kernelNoexec, reported);
  const probe = withForkCause(battery, reading.probe);
  if (dirs.length > 0) await done(battery, "tmpfs-exec", run, probe);
  return { probe, outcome: { ran: reading.failed, refused: reading.passed } };
}

/**
 * The container's mounts with each destination as the kernel mounted it: cleaned (`//etc` is `/etc`) and
 * resolved through the symlinks of the container's own filesystem (`/var/run/x` where `/var/run -> /run` is
 * `/run/x`), so it matches the mount table. On the engine's host the links are read through
 * `/proc/<pid>/root`; off it, by one fixed probe in the container ({@link resolveInContainer}), whose answer is
 * used only where the clean destination is not in PID 1's mount table and the resolved one is.
 */
async function mountsInScope(battery: Battery, hostProc: () => Promise<HostProcRead>): Promise<Mount[]> {
  const host = await hostProc();
  if (host.ok) {
    const readlink = hostReadlink(battery.snapshot.pid);
    return battery.snapshot.mounts.map((m) => {
      const clean = cleanDestination(m.destination);
      return { ...m, destination: resolveInScope(clean, readlink) ?? clean };
    });
  }
  const table = battery.table ?? null;
  const cleaned = battery.snapshot.mounts.map((m) => ({
    ...m,
    destination: cleanDestination(m.destination),
  }));
  if (table === null) return cleaned;
  const missing = [...new Set(cleaned.map((m) => m.destination))].filter((d) => !mountAt(table, d));
  if (missing.length === 0) return cleaned;
  battery.resolved ??= resolveInContainer(battery, missing);
  const { resolved } = await battery.resolved;
  return cleaned.map((m) => {
    const r = resolved.get(m.destination);
    return r && mountAt(table, r) ? { ...m, destination: r } : m;
  });
}

/** Destinations resolved in the container, and the ones that were not, with why. */
interface InContainerResolution {
  resolved: Map<string, string>;
  unresolved: { destination: string; why: string }[];
}

/**
 * Off the engine's host: resolves `destinations` through the container's symlinks with the fixed resolve
 * probe (`resolve-probe.ts`; one audit-logged exec, recorded under mount-table). Where that cannot run (no
 * shell, a program the probes run is replaceable) or gives no answer, each destination is named as not resolved.
 */
async function resolveInContainer(battery: Battery, destinations: string[]): Promise<InContainerResolution> {
  const none = (why: string): InContainerResolution => ({
    resolved: new Map(),
    unresolved: destinations.map((destination) => ({ destination, why })),
  });
  if (battery.noExec) return none(battery.noExec);
  const run = await exec(battery, resolveCommand(destinations, battery.innerSeconds));
  const resolved = readResolved(run, destinations);
  audit(battery, "mount-table", resolved.size > 0 ? "resolved" : "skipped");
  if (resolved.size === 0) {
    const why =
      run.kind === "exited" && hasNoShell(run)
        ? "no shell in the image"
        : `the resolve probe gave no answer (${run.kind})`;
    return none(why);
  }
  return {
    resolved,
    unresolved: destinations
      .filter((d) => !resolved.has(d))
      .map((destination) => ({ destination, why: `uid ${PROBE_UID} cannot enter its folder` })),
  };
}

/** The host's `/proc` mount entry at each of `dirs`, when roaudit runs on the engine's host. */
async function hostMounts(
  hostProc: () => Promise<HostProcRead>,
  dirs: readonly string[],
): Promise<Map<string, MountinfoEntry>> {
  const found = new Map<string, MountinfoEntry>();
  const host = await hostProc();
  if (!host.ok) return found;
  const entries = parseMountinfo(host.files.mountinfo);
  for (const dir of dirs) {
    const entry = mountAt(entries, dir);
    if (entry) found.set(dir, entry);
  }
  return found;
}

/**
 * 5. ro-mount-write, on every mount meant read-only: binds, volumes and tmpfs mounted `ro`; a single-file
 * bind is opened for append (nothing written).
 */
async function roMountWriteProbe(
  battery: Battery,
  noShell: boolean,
  hostProc: () => Promise<HostProcRead>,
): Promise<{ probe: ProbeResult }> {
  const dirs = readOnlyTargets(await mountsInScope(battery, hostProc));
  if (dirs.length === 0)
    return { probe: skip("ro-mount-write", "no read-only bind, volume or tmpfs mounts") };
  if (noShell) return { probe: skip("ro-mount-write", battery.noExec ?? NO_SHELL_FOR_FILES) };
  const name = hex();
  const run = await exec(battery, roMountWriteCommand(name, dirs, battery.innerSeconds));
  const kernelReadOnly = new Map<string, boolean>();
  for (const [dir, entry] of await hostMounts(hostProc, dirs))
    kernelReadOnly.set(dir, mountFlags(entry).readOnly);
  const probe = withForkCause(battery, classifyRoMountWrite(run, dirs, name, kernelReadOnly).probe);
  await done(battery, "ro-mount-write", run, probe);
  return { probe };
}

const ROOT_WRITE_STATUS = { enforced: "pass", "not-enforced": "fail", inconclusive: "skipped" } as const;
const NO_SHELL_FOR_FILES = "no shell in the image: the probe needs sh to write and run a file";

const hex = () => randomBytes(16).toString("hex");

function exec(battery: Battery, cmd: string[]): Promise<ProbeRun> {
  return runProbe(battery.snapshot.id, cmd, battery.timeoutMs);
}

/** A probe that could not start a process says why, once root-write found the cause. */
function withForkCause(battery: Battery, probe: ProbeResult): ProbeResult {
  if (!battery.forkCause || !probe.evidence.includes(FORK_REASON)) return probe;
  return { ...probe, evidence: `${battery.forkCause}: ${probe.evidence}` };
}

function skip(id: ProbeId, evidence: string): ProbeResult {
  return { id, status: "skipped", evidence };
}

function withSource(probe: ProbeResult, source: string): ProbeResult {
  return { ...probe, details: [`read from ${source}`, ...(probe.details ?? [])] };
}

/**
 * The pid whose `/proc` entry is the container's main process, as seen inside the container: 1 in its own
 * pid namespace, its host pid when it shares the host's (`--pid host`), `null` when it shares another
 * container's (PID 1 there is not this container's process).
 */
function procPid(s: ContainerSnapshot): number | null {
  if (s.namespaces.pid === "host") return s.pid > 0 ? s.pid : null;
  if (s.namespaces.pid.startsWith("container:")) return null;
  return 1;
}

type ProcRead =
  | { ok: true; files: Partial<Record<ProcFile, string>>; from: "container" | "host"; source: string }
  | { ok: false; reason: string };

/**
 * Reads the main process's `/proc` files: from the host's `/proc` when roaudit runs on the engine's host
 * (the kernel's own answer, which nothing inside the container can fake), else through exec in the container
 * (one audit-logged exec; a container built to lie could lie there), else says why neither worked.
 */
async function readProc(
  battery: Battery,
  probe: ProbeId,
  files: ProcFile[],
  noShell: boolean,
  hostProc: () => Promise<HostProcRead>,
): Promise<ProcRead> {
  const host = await hostProc();
  if (host.ok) {
    return { ok: true, files: host.files, from: "host", source: `the host's /proc/${battery.snapshot.pid}` };
  }
  const notFromHost = (why: string): ProcRead => ({
    ok: false,
    reason: `${why}; the host's /proc: ${host.reason}`,
  });
  if (noShell) return notFromHost(battery.noExec ?? "no shell in the image");
  const pid = procPid(battery.snapshot);
  if (pid === null) {
    return {
      ok: false,
      reason: "the container shares another container's pid namespace: PID 1 is not its own",
    };
  }
  const run = await exec(battery, readProcCommand(pid, files, battery.innerSeconds));
  const outcome = classifyReadRun(run);
  audit(battery, probe, outcome.ok ? "read" : "skipped");
  battery.interrupted ??= await interruptionAfter(
    battery.snapshot.id,
    probe,
    run,
    outcome.ok ? "" : outcome.reason,
  );
  if (outcome.ok)
    return { ok: true, files: outcome.files, from: "container", source: `/proc/${pid} in the container` };
  if (outcome.noShell) return notFromHost(outcome.reason);
  const why = battery.forkCause && outcome.reason.includes(FORK_REASON) ? `${battery.forkCause}: ` : "";
  return { ok: false, reason: `${why}${outcome.reason}` };
}

/** Writes an exec probe's audit record and notes a stop or a pause. */
async function done(battery: Battery, probe: ProbeId, run: ProbeRun, result: ProbeResult): Promise<void> {
  audit(battery, probe, result.status);
  battery.interrupted ??= await interruptionAfter(battery.snapshot.id, probe, run, result.evidence);
}

function audit(battery: Battery, probe: ProbeId, outcome: string): void {
  battery.caller.onExec?.({
    at: new Date().toISOString(),
    containerId: battery.snapshot.id,
    containerName: battery.snapshot.name,
    probe,
    outcome,
    identity: battery.caller.identity,
  });
}

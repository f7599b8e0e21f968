/**
 * Verify: runs the probe battery inside a running container through the Engine API's exec (create, then
 * start right away, output demultiplexed, time-bounded), reads the host's `/proc` for images without a shell,
 * and records the verdict. Probes, in order: root-write, mount-table, process-identity, tmpfs-exec,
 * ro-mount-write (`PROBE_IDS`).
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { Writable } from "node:stream";
import pLimit from "p-limit";
import { redactEngineRoot } from "@/lib/audit/redact";
import {
  classifyRootWrite,
  PROBE_USER,
  type ProbeRun,
  probeDirFor,
  probePathFor,
  rootWriteCommand,
} from "@/lib/audit/root-write-probe";
import {
  classifyReadRun,
  classifyRoMountWrite,
  classifyTmpfsExec,
  type ProcFile,
  readProcCommand,
  roMountWriteCommand,
  tmpfsExecCommand,
} from "@/lib/audit/runtime/exec-probes";
import { classifyMountTable } from "@/lib/audit/runtime/mount-table";
import { parseMountinfo } from "@/lib/audit/runtime/mountinfo";
import { parseProcStatus } from "@/lib/audit/runtime/proc-status";
import { classifyProcessIdentity } from "@/lib/audit/runtime/process-identity";
import { overallVerdict } from "@/lib/audit/runtime/verdict";
import {
  type ContainerSnapshot,
  PROBE_IDS,
  type ProbeId,
  type ProbeResult,
  type ProcessIdentity,
  type Verification,
} from "@/lib/audit/types";
import { auditExec } from "@/lib/security/audit-log";
import { processSingleton } from "@/lib/singleton";
import { docker, engineCall } from "./client";
import {
  ContainerNotFoundError,
  ContainerNotRunningError,
  EngineResponseError,
  EngineUnavailableError,
  engineMessage,
  engineStatus,
} from "./errors";
import { type HostProcRead, readHostProc } from "./host-proc";
import { loadSnapshot } from "./load-snapshot";
import { recordVerification } from "./verification-store";
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
/** Output kept per stream, in bytes. */
const MAX_OUTPUT_BYTES = 64 * 1024;

/** Test-only hooks into a Verify; the route never passes any. */
export interface VerifyHooks {
  /** Called after each probe, before the next: a test stops the container here to see a probe battery cut short. */
  afterProbe?: (probe: ProbeId) => Promise<void> | void;
}

/**
 * Verifies a container (full id). A second call for a container whose Verify is running joins it.
 * Throws `ContainerNotFoundError` when the container does not exist and `ContainerNotRunningError` unless
 * `State.Status` is `running` (a paused container still says `State.Running: true`) — no exec is run then.
 * A container that vanishes or stops during the probes gets `inconclusive`, saying so. Throws
 * `EngineUnavailableError` when the engine cannot be reached. Every exec is written to the audit log with
 * `caller.identity` and its probe id. `hooks` are for tests only.
 */
export function verifyContainer(
  id: string,
  caller: { identity: string | null } = { identity: null },
  hooks: VerifyHooks = {},
): Promise<Verification> {
  const inflight = processSingleton("verify-inflight", () => new Map<string, Promise<Verification>>());
  const running = inflight.get(id);
  if (running) return running;
  const limit = processSingleton("verify-limit", () => pLimit(VERIFY_CONCURRENCY));
  const probe = limit(() => verifyNow(id, caller.identity, hooks)).finally(() => inflight.delete(id));
  inflight.set(id, probe);
  return probe;
}

/** Probe results as they come in, and whether the container is still there to probe. */
interface Battery {
  snapshot: ContainerSnapshot;
  identity: string | null;
  hooks: VerifyHooks;
  innerSeconds: number;
  probes: Partial<Record<ProbeId, ProbeResult>>;
  /** Set once the container stopped: what it is now and what was seen. */
  stopped: string | null;
  /** Whether the `/proc` readings came from the host's `/proc` (set by `readProc`). */
  procFromHost: boolean;
}

const NOT_RUN_STOPPED = "not run: the container stopped during the probes";

async function verifyNow(id: string, identity: string | null, hooks: VerifyHooks): Promise<Verification> {
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
  const battery: Battery = {
    snapshot,
    identity,
    hooks,
    // The in-container bound ends each probe a little before the client gives up on it.
    innerSeconds: Math.max(1, Math.floor(probeTimeoutMs() / 1000) - 1),
    probes: {},
    stopped: null,
    procFromHost: false,
  };

  const root = await rootWriteProbe(battery);
  const noShell = root.evidence.startsWith("no shell in the image");
  const hostRead = lazyHostProc(snapshot);
  const rootReadOnly = battery.stopped ? null : await mountTableProbe(battery, noShell, hostRead);
  const pid1 = battery.stopped ? null : await processIdentityProbe(battery, noShell, hostRead);
  const tmpfsExec = battery.stopped ? null : await tmpfsExecProbe(battery, noShell);
  if (!battery.stopped) await roMountWriteProbe(battery, noShell);

  const result = (p: ProbeId) => battery.probes[p] ?? skip(p, NOT_RUN_STOPPED);
  const { verdict, detail } = overallVerdict({
    rootWrite: root,
    mountTable: result("mount-table"),
    roMountWrite: result("ro-mount-write"),
    rootReadOnly,
    stopped: battery.stopped,
    configReadOnly: snapshot.readonlyRootfs,
    mountTableFromHost: battery.procFromHost,
  });
  const verification = redactEngineRoot<Verification>(
    {
      verdict,
      detail,
      checkedAt: new Date().toISOString(),
      probes: PROBE_IDS.map(result),
      // Readings from a battery cut short correct nothing: the container is not what was probed.
      observed: battery.stopped
        ? { rootReadOnly: null, process: null, tmpfsExec: null }
        : { rootReadOnly, process: pid1, tmpfsExec, procFromHost: battery.procFromHost },
    },
    snapshot.engine.dockerRootDir,
  );
  recordVerification(id, verification);
  // The verdict changes the container's row: browsers following the event stream get it.
  runningFleetWatcher()?.touch(id);
  return verification;
}

/** 1. root-write: `touch` as uid 0 in `/etc`, or in `/` where a mount covers `/etc`. */
async function rootWriteProbe(battery: Battery): Promise<ProbeResult> {
  const { snapshot } = battery;
  const probePath = probePathFor(hex(), probeDirFor(snapshot.mounts.map((m) => m.destination)));
  const run = await runProbe(snapshot.id, rootWriteCommand(probePath, battery.innerSeconds));
  const { verdict, detail } = classifyRootWrite(run, probePath);
  const result: ProbeResult = { id: "root-write", status: ROOT_WRITE_STATUS[verdict], evidence: detail };
  await done(battery, "root-write", run, result);
  await afterProbe(battery, "root-write");
  return result;
}

/** The host's `/proc` of the container's main process, read at most once, only when asked for. */
function lazyHostProc(snapshot: ContainerSnapshot): () => Promise<HostProcRead> {
  let read: Promise<HostProcRead> | null = null;
  return () => {
    read ??= readHostProc(snapshot.id, snapshot.pid);
    return read;
  };
}

/** 2. mount-table: PID 1's mountinfo. Returns whether `/` is read-only (`null`: not read). */
async function mountTableProbe(
  battery: Battery,
  noShell: boolean,
  hostProc: () => Promise<HostProcRead>,
): Promise<boolean | null> {
  const read = await readProc(battery, "mount-table", ["mountinfo"], noShell, hostProc);
  let rootReadOnly: boolean | null = null;
  if (read.ok) {
    const reading = classifyMountTable(parseMountinfo(read.files.mountinfo ?? ""), battery.snapshot);
    rootReadOnly = reading.rootReadOnly;
    battery.probes["mount-table"] = withSource(reading.probe, read.source);
  } else battery.probes["mount-table"] = skip("mount-table", read.reason);
  await afterProbe(battery, "mount-table");
  return rootReadOnly;
}

/** 3. process-identity: PID 1's status and uid_map. Returns the identity (`null`: not read). */
async function processIdentityProbe(
  battery: Battery,
  noShell: boolean,
  hostProc: () => Promise<HostProcRead>,
): Promise<ProcessIdentity | null> {
  const read = await readProc(battery, "process-identity", ["status", "uid_map"], noShell, hostProc);
  let identity: ProcessIdentity | null = null;
  if (read.ok) {
    try {
      identity = parseProcStatus(read.files.status ?? "", {
        readFrom: read.from,
        uidMap: read.files.uid_map ?? null,
      });
      battery.probes["process-identity"] = classifyProcessIdentity(identity, read.source);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      battery.probes["process-identity"] = skip(
        "process-identity",
        `the status text could not be read: ${why}`,
      );
    }
  } else battery.probes["process-identity"] = skip("process-identity", read.reason);
  await afterProbe(battery, "process-identity");
  return identity;
}

/** 4. tmpfs-exec, on every tmpfs the container declares. Returns where a file ran and where it was refused. */
async function tmpfsExecProbe(
  battery: Battery,
  noShell: boolean,
): Promise<{ ran: string[]; refused: string[] } | null> {
  const dirs = battery.snapshot.mounts.filter((m) => m.type === "tmpfs").map((m) => m.destination);
  let outcome: { ran: string[]; refused: string[] } | null = null;
  if (dirs.length === 0) battery.probes["tmpfs-exec"] = skip("tmpfs-exec", "no tmpfs mounts");
  else if (noShell) battery.probes["tmpfs-exec"] = skip("tmpfs-exec", NO_SHELL_FOR_FILES);
  else {
    const name = hex();
    const run = await runProbe(battery.snapshot.id, tmpfsExecCommand(name, dirs, battery.innerSeconds));
    const reading = classifyTmpfsExec(run, dirs, name);
    outcome = { ran: reading.failed, refused: reading.passed };
    await done(battery, "tmpfs-exec", run, reading.probe);
  }
  await afterProbe(battery, "tmpfs-exec");
  return outcome;
}

/** 5. ro-mount-write, on every bind or volume mounted read-only. */
async function roMountWriteProbe(battery: Battery, noShell: boolean): Promise<void> {
  const dirs = battery.snapshot.mounts
    .filter((m) => (m.type === "bind" || m.type === "volume") && !m.rw)
    .map((m) => m.destination);
  if (dirs.length === 0) {
    battery.probes["ro-mount-write"] = skip("ro-mount-write", "no read-only bind or volume mounts");
  } else if (noShell) battery.probes["ro-mount-write"] = skip("ro-mount-write", NO_SHELL_FOR_FILES);
  else {
    const name = hex();
    const run = await runProbe(battery.snapshot.id, roMountWriteCommand(name, dirs, battery.innerSeconds));
    await done(battery, "ro-mount-write", run, classifyRoMountWrite(run, dirs, name).probe);
  }
}

const ROOT_WRITE_STATUS = { enforced: "pass", "not-enforced": "fail", inconclusive: "skipped" } as const;
const NO_SHELL_FOR_FILES = "no shell in the image: the probe needs sh to write and run a file";

const hex = () => randomBytes(16).toString("hex");

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
  battery.procFromHost = host.ok;
  if (host.ok) {
    return { ok: true, files: host.files, from: "host", source: `the host's /proc/${battery.snapshot.pid}` };
  }
  const notFromHost = (why: string): ProcRead => ({
    ok: false,
    reason: `${why}; the host's /proc: ${host.reason}`,
  });
  if (noShell) return notFromHost("no shell in the image");
  const pid = procPid(battery.snapshot);
  if (pid === null) {
    return {
      ok: false,
      reason: "the container shares another container's pid namespace: PID 1 is not its own",
    };
  }
  const run = await runProbe(battery.snapshot.id, readProcCommand(pid, files, battery.innerSeconds));
  const outcome = classifyReadRun(run);
  audit(battery, probe, outcome.ok ? "read" : "skipped");
  await noteStop(battery, probe, run, outcome.ok ? "" : outcome.reason);
  if (outcome.ok)
    return { ok: true, files: outcome.files, from: "container", source: `/proc/${pid} in the container` };
  if (outcome.noShell) return notFromHost(outcome.reason);
  return { ok: false, reason: outcome.reason };
}

/** Records an exec probe's result, writes its audit line, notes a stop. */
async function done(battery: Battery, probe: ProbeId, run: ProbeRun, result: ProbeResult): Promise<void> {
  battery.probes[probe] = result;
  audit(battery, probe, result.status);
  await noteStop(battery, probe, run, result.evidence);
}

async function afterProbe(battery: Battery, probe: ProbeId): Promise<void> {
  if (!battery.stopped) await battery.hooks.afterProbe?.(probe);
}

function audit(battery: Battery, probe: ProbeId, outcome: string): void {
  auditExec({
    at: new Date().toISOString(),
    containerId: battery.snapshot.id,
    containerName: battery.snapshot.name,
    probe,
    outcome,
    identity: battery.identity,
  });
}

/**
 * After a run that may mean the container went away (gone, refused, unknown exit, killed by a signal),
 * asks the engine for its state; anything but `running` marks the battery stopped.
 */
async function noteStop(battery: Battery, probe: ProbeId, run: ProbeRun, seen: string): Promise<void> {
  const suspicious =
    run.kind === "gone" ||
    run.kind === "refused" ||
    (run.kind === "exited" && (run.exitCode === null || run.exitCode > 128));
  if (!suspicious) return;
  // A killed exec may be seen before the engine has marked the container exited: ask again, briefly.
  let state = await currentState(battery.snapshot.id);
  for (let attempt = 0; state === "running" && attempt < STOP_CHECKS; attempt += 1) {
    await new Promise((r) => setTimeout(r, STOP_CHECK_INTERVAL_MS));
    state = await currentState(battery.snapshot.id);
  }
  if (state !== "running") battery.stopped = `it is ${state} now (${probe}: ${seen})`;
}

/** After a suspicious run, how often and how far apart the container's state is asked again. */
const STOP_CHECKS = 4;
const STOP_CHECK_INTERVAL_MS = 250;

async function currentState(id: string): Promise<string> {
  try {
    const info = (await engineCall((d) => d.getContainer(id).inspect())) as { State?: { Status?: string } };
    return info.State?.Status || "unknown";
  } catch (error) {
    if (engineStatus(error) === 404) return "removed";
    throw error;
  }
}

/** Runs a fixed probe command as {@link PROBE_USER} and reports what happened. Never throws but for an unreachable engine. */
async function runProbe(id: string, cmd: string[]): Promise<ProbeRun> {
  let exec: Awaited<ReturnType<ReturnType<ReturnType<typeof docker>["getContainer"]>["exec"]>>;
  let stream: Duplex;
  try {
    exec = await engineCall((d) =>
      d.getContainer(id).exec({
        Cmd: cmd,
        User: PROBE_USER,
        WorkingDir: "/",
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      }),
    );
    // An answer without an exec id is not the Engine API's: never start "exec/undefined".
    if (!/^[0-9a-f]{64}$/.test(String(exec.id)))
      throw new EngineResponseError("exec create answered without an exec id");
    stream = (await engineCall(() => exec.start({ hijack: true, stdin: false }))) as Duplex;
  } catch (error) {
    return engineFailure(error);
  }

  const stdout = new Collector();
  const stderr = new Collector();
  docker().modem.demuxStream(stream, stdout, stderr);
  const timeoutMs = probeTimeoutMs();
  const ended = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once("end", finish);
    stream.once("close", finish);
    stream.once("error", finish);
  });
  stream.destroy();
  if (!ended) return { kind: "timeout", afterMs: timeoutMs, stdout: stdout.text(), stderr: stderr.text() };

  try {
    const exitCode = await exitCodeOf(exec);
    return { kind: "exited", exitCode, stdout: stdout.text(), stderr: stderr.text() };
  } catch (error) {
    return engineFailure(error);
  }
}

/** Polls exec inspect until the exec has ended (its `ExitCode` is `null` while running); `null` if it never says. */
async function exitCodeOf(exec: {
  inspect(): Promise<{ Running?: boolean; ExitCode?: number | null }>;
}): Promise<number | null> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const info = await engineCall(() => exec.inspect());
    if (!info.Running) return typeof info.ExitCode === "number" ? info.ExitCode : null;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

function engineFailure(error: unknown): ProbeRun {
  if (error instanceof EngineUnavailableError || error instanceof EngineResponseError) throw error;
  const status = engineStatus(error);
  const message = engineMessage(error);
  if (status === 404) return { kind: "gone", message };
  if (status === 409) return { kind: "refused", message };
  return { kind: "error", message };
}

/** A sink that keeps the first {@link MAX_OUTPUT_BYTES} bytes written to it. */
class Collector extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.size < MAX_OUTPUT_BYTES) {
      const part = chunk.subarray(0, MAX_OUTPUT_BYTES - this.size);
      this.chunks.push(part);
      this.size += part.length;
    }
    callback();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

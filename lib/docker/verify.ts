/**
 * Verify: runs the `touch /etc/test-file` probe inside a running container through the Engine API's exec
 * (create, then start right away, output demultiplexed, time-bounded) and records the verdict.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { Writable } from "node:stream";
import pLimit from "p-limit";
import { ApiError } from "@/lib/api/errors";
import {
  classifyRootWrite,
  PROBE_USER,
  type ProbeRun,
  probeDirFor,
  probePathFor,
  rootWriteCommand,
} from "@/lib/audit/root-write-probe";
import type { Verification } from "@/lib/audit/types";
import { auditExec } from "@/lib/security/audit-log";
import { processSingleton } from "@/lib/singleton";
import { docker, engineCall } from "./client";
import { EngineResponseError, EngineUnavailableError, engineMessage, engineStatus } from "./errors";
import { InspectShapeError, parseInspect } from "./inspect-schema";
import { recordVerification } from "./verification-store";

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

/**
 * Verifies a container (full id). A second call for a container whose probe is running joins it.
 * Throws `ApiError` `not_found` when the container does not exist and `container_not_running` (409) unless
 * `State.Status` is `running` (a paused container still says `State.Running: true`) — no exec is run then.
 * A container that vanishes or stops mid-probe gets `inconclusive`. Throws `EngineUnavailableError` when the
 * engine cannot be reached. Every exec is written to the audit log with `caller.identity`.
 */
export function verifyContainer(
  id: string,
  caller: { identity: string | null } = { identity: null },
): Promise<Verification> {
  const inflight = processSingleton("verify-inflight", () => new Map<string, Promise<Verification>>());
  const running = inflight.get(id);
  if (running) return running;
  const limit = processSingleton("verify-limit", () => pLimit(VERIFY_CONCURRENCY));
  const probe = limit(() => verifyNow(id, caller.identity)).finally(() => inflight.delete(id));
  inflight.set(id, probe);
  return probe;
}

async function verifyNow(id: string, identity: string | null): Promise<Verification> {
  let status: string;
  let name: string;
  let mountDestinations: string[];
  try {
    const inspect = parseInspect(await engineCall((d) => d.getContainer(id).inspect()));
    status = inspect.State.Status || "unknown";
    name = inspect.Name.replace(/^\//, "") || id.slice(0, 12);
    mountDestinations = [
      ...inspect.Mounts.map((m) => m.Destination),
      ...inspect.HostConfig.Mounts.map((m) => m.Target),
      ...Object.keys(inspect.HostConfig.Tmpfs),
    ];
  } catch (error) {
    if (error instanceof InspectShapeError) throw new EngineResponseError(error.message);
    if (engineStatus(error) === 404)
      throw new ApiError("not_found", "No such container (it may have been removed).");
    throw error;
  }
  if (status !== "running") {
    throw new ApiError(
      "container_not_running",
      `Container "${name}" is ${status}; Verify needs a running container.`,
    );
  }
  const probePath = probePathFor(randomBytes(16).toString("hex"), probeDirFor(mountDestinations));
  // The in-container bound ends the probe a little before the client gives up on it.
  const innerSeconds = Math.max(1, Math.floor(probeTimeoutMs() / 1000) - 1);
  const run = await runProbe(id, rootWriteCommand(probePath, innerSeconds));
  const { verdict, detail } = classifyRootWrite(run, probePath);
  const verification: Verification = {
    verdict,
    detail,
    checkedAt: new Date().toISOString(),
    probes: [{ id: "root-write", status: ROOT_WRITE_STATUS[verdict], evidence: detail }],
  };
  recordVerification(id, verification);
  auditExec({
    at: verification.checkedAt,
    containerId: id,
    containerName: name,
    probe: "root-write",
    outcome: verdict,
    identity,
  });
  return verification;
}

const ROOT_WRITE_STATUS = { enforced: "pass", "not-enforced": "fail", inconclusive: "skipped" } as const;

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

/**
 * The exec transport of Verify: one fixed probe command through the Engine API's exec (create, then start
 * right away, output demultiplexed, time-bounded), as uid 65534 with the fixed environment of
 * `lib/audit/runtime/probe-exec.ts`. Every engine call here has a deadline of its own, so a container the
 * engine stops answering for (one being frozen by `docker pause`, say) costs a bounded time, never a hang.
 */
import "server-only";
import type { Duplex } from "node:stream";
import { Writable } from "node:stream";
import type Docker from "dockerode";
import type { ProbeRun } from "@/lib/audit/root-write-probe";
import { PROBE_ENV, PROBE_USER } from "@/lib/audit/runtime/probe-exec";
import { docker, engineCall } from "./client";
import { EngineResponseError, EngineUnavailableError, engineMessage, engineStatus } from "./errors";

/** Output kept per stream, in bytes. */
const MAX_OUTPUT_BYTES = 64 * 1024;
/** Longest one exec's create, start or inspect may take, in ms, before the run is given up. */
export const EXEC_CALL_DEADLINE_MS = 5_000;
/** How often, and how many times, a finished exec's exit code is asked for. */
const EXIT_POLLS = 20;
const EXIT_POLL_INTERVAL_MS = 100;

/**
 * Runs a fixed probe command (`cmd[0]` an absolute path) as {@link PROBE_USER} with {@link PROBE_ENV} and
 * `WorkingDir: "/"`, and reports what happened; the output wait ends after `timeoutMs`. Never throws but for
 * an unreachable engine (connection refused, not an engine, or silent altogether): an engine call about this
 * container that does not answer within {@link EXEC_CALL_DEADLINE_MS} while the engine still answers
 * otherwise is reported as a run that could not be made (`kind: "error"`), because a wedged container must
 * not read as a wedged engine.
 */
export async function runProbe(id: string, cmd: string[], timeoutMs: number): Promise<ProbeRun> {
  if (!cmd[0]?.startsWith("/")) throw new Error("a probe command starts with an absolute program path");
  let exec: Docker.Exec;
  let stream: Duplex;
  try {
    exec = await engineCall(
      (d) =>
        d.getContainer(id).exec({
          Cmd: cmd,
          User: PROBE_USER,
          Env: [...PROBE_ENV],
          WorkingDir: "/",
          Privileged: false,
          AttachStdin: false,
          AttachStdout: true,
          AttachStderr: true,
          Tty: false,
        }),
      { timeoutMs: EXEC_CALL_DEADLINE_MS },
    );
    // An answer without an exec id is not the Engine API's: never start "exec/undefined".
    if (!/^[0-9a-f]{64}$/.test(String(exec.id)))
      throw new EngineResponseError("exec create answered without an exec id");
    stream = (await engineCall(() => exec.start({ hijack: true, stdin: false }), {
      timeoutMs: EXEC_CALL_DEADLINE_MS,
    })) as Duplex;
  } catch (error) {
    return engineFailure(error);
  }

  const stdout = new Collector();
  const stderr = new Collector();
  docker().modem.demuxStream(stream, stdout, stderr);
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
async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let attempt = 0; attempt < EXIT_POLLS; attempt += 1) {
    const info = await engineCall(() => exec.inspect(), { timeoutMs: EXEC_CALL_DEADLINE_MS });
    if (!info.Running) return typeof info.ExitCode === "number" ? info.ExitCode : null;
    await new Promise((r) => setTimeout(r, EXIT_POLL_INTERVAL_MS));
  }
  return null;
}

/** `true` for the deadline of one engine call (not a refused connection). */
export function isCallDeadline(error: unknown): boolean {
  return error instanceof EngineUnavailableError && error.detail.code === "ETIMEDOUT";
}

/** How long the engine gets to answer `GET /version` when a call about one container went unanswered. */
const ENGINE_CHECK_DEADLINE_MS = 3_000;

/**
 * After `error`: `true` when it was a call's deadline but the engine itself still answers (`GET /version`) —
 * the engine is silent about this one container (a freeze under way holds its lock), which is the container's
 * state, not an engine outage. Rethrows `error` when the engine does not answer either; `false` for any other
 * error.
 */
export async function silentAboutContainer(error: unknown): Promise<boolean> {
  if (!isCallDeadline(error)) return false;
  const answers = await engineCall((d) => d.version(), { timeoutMs: ENGINE_CHECK_DEADLINE_MS }).then(
    () => true,
    () => false,
  );
  if (!answers) throw error;
  return true;
}

async function engineFailure(error: unknown): Promise<ProbeRun> {
  if (await silentAboutContainer(error)) {
    return {
      kind: "error",
      message: `the engine did not answer within ${EXEC_CALL_DEADLINE_MS / 1000} s for this container, though it answers otherwise (it may be being paused)`,
    };
  }
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

/**
 * How many processes the container has (`GET /containers/{id}/top`, run by the engine on its host: nothing
 * runs in the container), or `null` when the engine does not say in {@link EXEC_CALL_DEADLINE_MS}.
 */
export async function processCount(id: string): Promise<number | null> {
  try {
    const top = (await engineCall((d) => d.getContainer(id).top(), {
      timeoutMs: EXEC_CALL_DEADLINE_MS,
    })) as { Processes?: unknown };
    return Array.isArray(top.Processes) ? top.Processes.length : null;
  } catch {
    return null;
  }
}

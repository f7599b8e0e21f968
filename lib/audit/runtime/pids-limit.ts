/**
 * Probes that cannot fork. A container at its PIDs limit (`--pids-limit`, the pids cgroup's `pids.max`)
 * refuses every fork inside it: the probes' `sh`/`timeout` wrapper cannot start its child (EAGAIN, "vfork:
 * Resource temporarily unavailable"), and the runtime's own `runc init` may die before the command starts
 * ("read init-p: connection reset by peer", exit 126) — which must not read as "no shell in the image". A
 * process the runtime moves into the cgroup is not a fork (opencontainers/runc#4413), so a single plain exec
 * may still start where the wrapper cannot: the root-write probe falls back to one (see `verify.ts`).
 */
import type { ProbeRun } from "../root-write-probe";

const FORK_FAILED =
  /Resource temporarily unavailable|can't fork|\bv?fork(: | failed)|read init-p: connection reset by peer/i;

/** The first output line that says a process could not be started (raw: clean it before showing), or `null`. */
export function forkFailure(run: ProbeRun): string | null {
  if (run.kind !== "exited") return null;
  const line = `${run.stdout}\n${run.stderr}`.split("\n").find((l) => FORK_FAILED.test(l));
  return line === undefined ? null : line.trim();
}

/**
 * Why a probe could not start a process, in words: "the PIDs limit is reached (2 of 2 processes)" when the
 * engine's process list (`processCount`, from `GET /containers/{id}/top`) has reached `HostConfig.PidsLimit`;
 * "the PIDs limit is nearly reached (2 of 3 processes …)" below it — the runtime's own start of an exec counts
 * against the limit and takes more than one free slot (measured on runc: with 2 of 5 used, execs still
 * failed); "the PIDs limit (2 processes) may be reached" when the count is unknown; without a limit, the
 * kernel's refusal alone. `null` limit, 0 or negative: unlimited (the engine's reading).
 */
export function forkCause(pidsLimit: number | null, processCount: number | null): string {
  if (pidsLimit === null || pidsLimit <= 0) return "the container could not start another process";
  if (processCount === null) return `the PIDs limit (${pidsLimit} processes) may be reached`;
  if (processCount >= pidsLimit)
    return `the PIDs limit is reached (${processCount} of ${pidsLimit} processes)`;
  return `the PIDs limit is nearly reached (${processCount} of ${pidsLimit} processes; starting a process in the container takes more than one free: the runtime's own start counts against the limit)`;
}

/** The root-write fallback: one plain exec, no shell, no `timeout` (bounded by the client), absolute path. */
export const PLAIN_TOUCH = "/bin/touch";
/** Removes what {@link PLAIN_TOUCH} created, the same way. */
export const PLAIN_RM = "/bin/rm";

/** `["/bin/touch", probePath]` for a probe path of `rootWriteCommand`'s shape. */
export function plainTouchCommand(probePath: string): string[] {
  if (!/^(\/etc)?\/\.roaudit-[0-9a-f]{16,64}$/.test(probePath))
    throw new Error(`invalid probe path: ${probePath}`);
  return [PLAIN_TOUCH, probePath];
}

/** `["/bin/rm", "-f", probePath]`. */
export function plainRemoveCommand(probePath: string): string[] {
  plainTouchCommand(probePath);
  return [PLAIN_RM, "-f", probePath];
}

/**
 * Whether a container can still be probed: the state checks Verify makes before each probe and after any run
 * that may mean the container went away or froze. Each returns what it found (an {@link Interruption}, or
 * `null` to go on). A pause is seen three ways: the engine's `State.Status` (`paused`), the kernel's freezer
 * state of the container's cgroup on the engine's host (`FREEZING` while `docker pause` is under way), and an
 * engine that answers otherwise but not about this container (a freeze under way holds its lock).
 */
import "server-only";
import type { ProbeRun } from "@/lib/audit/root-write-probe";
import type { ProbeId } from "@/lib/audit/types";
import { engineCall } from "./client";
import { ContainerNotRunningError, engineStatus } from "./errors";
import { silentAboutContainer } from "./exec-transport";
import { readHostFreezer } from "./host-proc";

/** Longest a state check may take, in ms: an engine silent about one container is a freeze. */
export const STATE_CHECK_DEADLINE_MS = 5_000;

/** What ended a battery early: a stop (or removal), or a pause (asked for, under way, or an engine silent about it). */
export interface Interruption {
  kind: "stopped" | "paused";
  /** What was seen, and before or during which probe. */
  seen: string;
}

/** What to do about a paused or wedged container, for people. */
export const THAW_HINT =
  "unpause it (docker unpause; see README, 'A container wedged by a pause') and verify again";

/**
 * Before anything: a container the engine cannot answer about within {@link STATE_CHECK_DEADLINE_MS}, while it
 * answers otherwise (`docker pause` under way holds the engine's lock on it), is refused at once with
 * `ContainerNotRunningError`, not waited for. An engine silent altogether is `EngineUnavailableError`.
 */
export async function preflight(id: string): Promise<void> {
  try {
    await currentState(id);
  } catch (error) {
    if (!(await silentAboutContainer(error))) throw error;
    throw new ContainerNotRunningError(
      `The engine did not answer about this container within ${STATE_CHECK_DEADLINE_MS / 1000} s: it may be being paused, or wedged in the freezer. Verify needs a running container; ${THAW_HINT}.`,
      "unresponsive",
    );
  }
}

/**
 * Before `probe`: `null` when the container is `running` and not freezing; otherwise what was seen — the
 * kernel's freezer `FREEZING`/`FROZEN` (container `id`, main process `pid`), an engine silent about it, a
 * `paused` state, or any other state (a stop).
 */
export async function interruptionBefore(
  id: string,
  pid: number,
  probe: ProbeId,
): Promise<Interruption | null> {
  const freezer = await readHostFreezer(id, pid);
  if (freezer === "FREEZING" || freezer === "FROZEN") {
    return {
      kind: "paused",
      seen: `the kernel's freezer says ${freezer} (seen before ${probe}); ${THAW_HINT}`,
    };
  }
  const state = await stateOrSilent(id);
  if (state === SILENT) {
    return {
      kind: "paused",
      seen: `the engine did not answer about it within ${STATE_CHECK_DEADLINE_MS / 1000} s (before ${probe}): it may be being paused; ${THAW_HINT}`,
    };
  }
  if (state === "paused")
    return { kind: "paused", seen: `it is paused now (seen before ${probe}); ${THAW_HINT}` };
  if (state !== "running") return { kind: "stopped", seen: `it is ${state} now (seen before ${probe})` };
  return null;
}

/**
 * After a run of `probe` that may mean the container went away or froze (gone, refused, an engine that did not
 * answer, a timeout, unknown exit, killed by a signal), asks for its state again, a few times; `null` when it
 * is still `running`, else what was seen, with `seen` (what the run showed).
 */
export async function interruptionAfter(
  id: string,
  probe: ProbeId,
  run: ProbeRun,
  seen: string,
): Promise<Interruption | null> {
  const suspicious =
    run.kind === "gone" ||
    run.kind === "refused" ||
    run.kind === "error" ||
    run.kind === "timeout" ||
    (run.kind === "exited" && (run.exitCode === null || run.exitCode > 128));
  if (!suspicious) return null;
  // A killed exec may be seen before the engine has marked the container exited: ask again, briefly.
  let state = await stateOrSilent(id);
  for (let attempt = 0; state === "running" && attempt < STOP_CHECKS; attempt += 1) {
    await new Promise((r) => setTimeout(r, STOP_CHECK_INTERVAL_MS));
    state = await stateOrSilent(id);
  }
  if (state === "running") return null;
  if (state === "paused" || state === SILENT) {
    const now = state === "paused" ? "it is paused now" : "the engine stopped answering about it";
    return { kind: "paused", seen: `${now} (${probe}: ${seen}); ${THAW_HINT}` };
  }
  return { kind: "stopped", seen: `it is ${state} now (${probe}: ${seen})` };
}

/** After a suspicious run, how often and how far apart the container's state is asked again. */
const STOP_CHECKS = 4;
const STOP_CHECK_INTERVAL_MS = 250;
const SILENT = "silent";

/** The container's state, or {@link SILENT} when the engine does not answer about it (but does otherwise). */
async function stateOrSilent(id: string): Promise<string> {
  try {
    return await currentState(id);
  } catch (error) {
    if (await silentAboutContainer(error)) return SILENT;
    throw error;
  }
}

/** `State.Status` (`removed` on a 404), asked with a deadline of {@link STATE_CHECK_DEADLINE_MS}. */
async function currentState(id: string): Promise<string> {
  try {
    const info = (await engineCall((d) => d.getContainer(id).inspect(), {
      timeoutMs: STATE_CHECK_DEADLINE_MS,
    })) as { State?: { Status?: string } };
    return info.State?.Status || "unknown";
  } catch (error) {
    if (engineStatus(error) === 404) return "removed";
    throw error;
  }
}

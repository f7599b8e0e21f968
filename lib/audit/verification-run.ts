/**
 * Whether a Verify verdict is about the run a container is in now. A verdict is a fact about one run: after a
 * restart (of the container or of its engine, which restarts or stops every container) the probes' readings
 * say nothing about the new process, so the verdict is the previous run's and corrects no check.
 */
import type { ContainerSnapshot, Verification, VerificationRun } from "./types";

/** States in which the run a verdict probed can still be the container's current one. */
const RUN_GOES_ON = new Set(["running", "paused"]);

/**
 * `current` when the container is running (or paused) and its `State.StartedAt` is the one the verdict
 * recorded; `previous` otherwise: it started again since, it stopped (the probed run ended), or the verdict
 * or the snapshot does not say which run it was (unknown is never shown as current).
 */
export function verificationRun(
  verification: Pick<Verification, "startedAt">,
  snapshot: Pick<ContainerSnapshot, "state" | "startedAt">,
): VerificationRun {
  const { startedAt } = verification;
  if (!startedAt || !snapshot.startedAt) return "previous";
  return RUN_GOES_ON.has(snapshot.state) && snapshot.startedAt === startedAt ? "current" : "previous";
}

/** The verdict as a view shows it: with its {@link VerificationRun}; `null` stays `null`. */
export function withRun(
  verification: Verification | null,
  snapshot: Pick<ContainerSnapshot, "state" | "startedAt">,
): Verification | null {
  return verification ? { ...verification, run: verificationRun(verification, snapshot) } : null;
}

/**
 * The trial run's errors (see `trial.ts`), apart so that `lib/api/respond.ts` maps them without loading the
 * trial's code.
 */

/** Why a trial is refused before anything is created (privileged, engine socket, sensitive path, remote engine). */
export class TrialRefusedError extends Error {
  override name = "TrialRefusedError";
}

/** Another trial runs on this engine: one at a time. */
export class TrialBusyError extends Error {
  override name = "TrialBusyError";
}

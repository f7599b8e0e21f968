/**
 * The trial run's types: what one round found, the change it led to, what the trial proved, and the answer of
 * `POST /api/containers/{id}/trial`. Pure data, shared by the core (`diagnose.ts`) and `lib/docker/trial.ts`.
 */
import type { WritePath } from "../write-paths";

/** The smallest change one failure asks for: a write path (tmpfs or volume) or one capability back. */
export type TrialChange =
  | { kind: "tmpfs" | "volume"; path: string }
  | { kind: "capability"; capability: string };

/** What one failed round's logs showed, and the change that answers it. */
export interface TrialDiagnosis {
  /** The log line that names the failure (hostile text: shown as it is, never parsed again). */
  evidence: string;
  change: TrialChange;
}

/** How one round of a trial ended. */
export type TrialRoundOutcome =
  /** Still running (or healthy) at the end of the bounded run, with no failure in its logs that a change answers. */
  | "started"
  /** Still running at the end, but its logs name a failure a change answers (nginx's master outlives its workers). */
  | "running-with-errors"
  /** Exited before the end. */
  | "exited"
  /** Its health check said `unhealthy`. */
  | "unhealthy"
  /** The engine refused to create or start it (message in `error`). */
  | "did-not-start";

/** One round: a sibling run with the configuration of that moment. */
export interface TrialRound {
  /** 1-based. */
  round: number;
  outcome: TrialRoundOutcome;
  /** `State.ExitCode` when it exited, else `null`. */
  exitCode: number | null;
  /** `State.Health.Status` at the end (`healthy`, `starting`, `unhealthy`), `null` without a health check. */
  health: string | null;
  /** The engine's refusal for `did-not-start`, else `null`. */
  error: string | null;
  /** The last lines of its logs (at most 20), values of its environment replaced by `<env>`. */
  logTail: string[];
  /** The mounts and capabilities it ran with, e.g. `tmpfs /run`, `volume /var/lib/nginx`, `cap CHOWN`. */
  configuration: string[];
  /** What failed and the change made for the next round; `null` when it started or nothing fits. */
  diagnosis: TrialDiagnosis | null;
  /** Time the round took, in ms. */
  durationMs: number;
}

/**
 * What a trial added to the guessed configuration and proved to start: given to the remediation from then on.
 * Evidence strings name the round and the log line.
 */
export interface ProvenNeeds {
  /** Write paths the trial added. */
  writePaths: WritePath[];
  /** capabilities(7) names with `CAP_`, added back by the trial. */
  capabilities: string[];
}

/** `POST /api/containers/{id}/trial`: the trial's result, with the configuration it proved (or last tried). */
export interface TrialResponse {
  /** Trial id, the value of the `roaudit.trial` label its siblings carried. */
  trialId: string;
  outcome: "started" | "failed";
  rounds: TrialRound[];
  /** The configuration as `docker run` (the proven one when `started`, the last tried otherwise). */
  dockerRun: string;
  /** The same as a compose service. */
  compose: string;
  /** Sentences for people: how it ended, and what a trial cannot show. */
  notes: string[];
}

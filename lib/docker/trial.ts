/**
 * The trial run (`POST /api/containers/{id}/trial`): the field guide's "start it read-only, let it fail, add
 * the mount, retry", automated with labelled siblings of the container (see `trial-sibling.ts`). Each failed
 * round's logs give one change (`lib/audit/trial/diagnose.ts`); a configuration that starts is proven and
 * replaces the guessed one in the remediation from then on (`trial-store.ts`).
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { containerCapabilities } from "@/lib/audit/capabilities";
import { dockerSocketMount } from "@/lib/audit/checks/docker-socket-mount";
import { privileged } from "@/lib/audit/checks/privileged";
import { sensitiveHostMount } from "@/lib/audit/checks/sensitive-host-mount";
import { planRemediation, renderRemediation } from "@/lib/audit/remediation";
import { describeTrialChange, diagnose } from "@/lib/audit/trial/diagnose";
import type { ProvenNeeds, TrialChange, TrialResponse, TrialRound } from "@/lib/audit/trial/types";
import type { ContainerSnapshot } from "@/lib/audit/types";
import { resolveUser } from "@/lib/audit/user";
import { processSingleton } from "@/lib/singleton";
import { engineCall } from "./client";
import { engineEndpoint, engineSocketPath } from "./endpoint";
import { ContainerNotFoundError, engineStatus } from "./errors";
import { loadSnapshot } from "./load-snapshot";
import { loadRemediationInputs } from "./remediation";
import { siblingConfinement } from "./trial-confinement";
import { TrialBusyError, TrialRefusedError } from "./trial-errors";
import { assertJournalWritable, TrialJournalError } from "./trial-journal";
import { logTail } from "./trial-logs";
import {
  LOG_LINES_KEPT,
  runSibling,
  type SiblingSource,
  TRIAL_LABEL,
  type TrialAction,
} from "./trial-sibling";
import { rememberProven } from "./trial-store";
import { sweepTrials } from "./trial-sweep";

/** Default bounded run of one round, in ms (`ROAUDIT_TRIAL_RUN_SECONDS` overrides: 1–120). */
export const DEFAULT_RUN_MS = 30_000;
/** Most rounds of one trial. */
export const MAX_ROUNDS = 12;
/** A trial answers within this, in ms: no round starts after it. */
export const TRIAL_DEADLINE_MS = 5 * 60_000;

/** One trial operation, as the route writes it to the audit log. */
export interface TrialAuditRecord extends TrialAction {
  at: string;
  trialId: string;
  /** The original container's full id and name. */
  containerId: string;
  containerName: string;
  identity: string | null;
}

/** Who asks, and where the operations are recorded. */
export interface TrialCaller {
  identity: string | null;
  onAction?: (record: TrialAuditRecord) => void;
  /** Bounded run per round in ms (tests use a few seconds); default from the environment. */
  runMs?: number;
}

/** The bounded run per round from `ROAUDIT_TRIAL_RUN_SECONDS` (1–120), else {@link DEFAULT_RUN_MS}. */
export function trialRunMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ROAUDIT_TRIAL_RUN_SECONDS);
  return Number.isInteger(n) && n >= 1 && n <= 120 ? n * 1000 : DEFAULT_RUN_MS;
}

/**
 * Why the container may not get a trial, or `null`: it runs privileged, or binds an engine socket or a
 * sensitive host path (the audit's own checks decide: `privileged`, `docker-socket-mount`,
 * `sensitive-host-mount`, whatever their waivers).
 */
export function trialRefusal(snapshot: ContainerSnapshot): string | null {
  for (const check of [privileged, dockerSocketMount, sensitiveHostMount]) {
    const result = check.evaluate(snapshot);
    if (result.status !== "pass") {
      return `${check.id}: ${result.message}. roaudit never runs a copy of a container with that access`;
    }
  }
  return null;
}

/** The original's settings the sibling is made from, read from the raw inspect answer. */
function siblingSource(raw: Record<string, unknown>, snapshot: ContainerSnapshot): SiblingSource {
  const config = (raw.Config ?? {}) as Record<string, unknown>;
  const env = Array.isArray(config.Env) ? config.Env.filter((e): e is string => typeof e === "string") : [];
  return {
    containerId: snapshot.id,
    image: typeof raw.Image === "string" ? raw.Image : snapshot.image,
    entrypoint: config.Entrypoint ?? null,
    cmd: config.Cmd ?? null,
    user: typeof config.User === "string" ? config.User : "",
    workingDir: typeof config.WorkingDir === "string" ? config.WorkingDir : "",
    healthcheck: config.Healthcheck ?? null,
    env,
    memoryBytes: snapshot.memoryBytes,
    confinement: siblingConfinement(raw.HostConfig),
  };
}

/** The mounts and capabilities of a plan, in a few words each. */
function configurationWords(plan: ReturnType<typeof planRemediation>["plan"]): string[] {
  return [
    ...plan.tmpfs.map((t) => `tmpfs ${t.path}`),
    ...plan.mounts.map((m) => `volume ${m.target}${m.readOnly ? " (ro)" : ""}`),
    ...plan.capAdd.map((c) => `cap ${c}`),
  ];
}

/** The proven needs as the remediation takes them: each change with its round and log line as evidence. */
function provenNeeds(
  changes: readonly { change: TrialChange; round: number; evidence: string }[],
): ProvenNeeds {
  return {
    writePaths: changes.flatMap(({ change, round, evidence }) =>
      change.kind === "capability"
        ? []
        : [
            {
              path: change.path,
              kind: change.kind,
              evidence: [`trial round ${round}: ${evidence.slice(0, 300)}`],
            },
          ],
    ),
    capabilities: changes.flatMap(({ change }) => (change.kind === "capability" ? [change.capability] : [])),
  };
}

/**
 * Runs a trial for container `id` (full id). Refused (TrialRefusedError) for privileged containers, ones
 * binding an engine socket or sensitive host path, and when the engine is not a local unix socket; busy
 * (TrialBusyError) while another trial runs on this engine. Leftovers of earlier trials are swept first; every
 * sibling and volume is removed after its round, and a final sweep runs whatever happens.
 */
export async function runTrial(id: string, caller: TrialCaller = { identity: null }): Promise<TrialResponse> {
  const endpoint = engineEndpoint();
  if (engineSocketPath() === null) {
    throw new TrialRefusedError(`trials run only on a local engine (unix socket); this one is ${endpoint}`);
  }
  const running = processSingleton("trial-engines", () => new Set<string>());
  if (running.has(endpoint)) throw new TrialBusyError("a trial is running on this engine: one at a time");
  running.add(endpoint);
  try {
    return await trialNow(id, caller);
  } finally {
    running.delete(endpoint);
  }
}

async function trialNow(id: string, caller: TrialCaller): Promise<TrialResponse> {
  const started = Date.now();
  const trialId = randomBytes(6).toString("hex");
  const runMs = caller.runMs ?? trialRunMs();
  let raw: Record<string, unknown>;
  try {
    raw = (await engineCall((d, s) =>
      d.getContainer(id).inspect({ abortSignal: s } as object),
    )) as unknown as Record<string, unknown>;
  } catch (error) {
    if (engineStatus(error) === 404) throw new ContainerNotFoundError(id);
    throw error;
  }
  // The snapshot with its binds' socket scan decides the refusal; the one read with its image makes the plan.
  const scanned = await loadSnapshot(id);
  const inputs = await loadRemediationInputs(id);
  if (!scanned || !inputs) throw new ContainerNotFoundError(id);
  const refusal = trialRefusal(scanned);
  if (refusal) throw new TrialRefusedError(refusal);
  const snapshot = inputs.snapshot;
  const allChanges = inputs.changes;

  try {
    assertJournalWritable();
  } catch (error) {
    if (error instanceof TrialJournalError) throw new TrialRefusedError(error.message);
    throw error;
  }
  const source = siblingSource(raw, snapshot);
  const label = { [TRIAL_LABEL]: trialId };
  const onAction = (action: TrialAction) =>
    caller.onAction?.({
      at: new Date().toISOString(),
      trialId,
      containerId: snapshot.id,
      containerName: snapshot.name,
      identity: caller.identity,
      ...action,
    });
  await sweepTrials(onAction);

  const resolved = resolveUser(snapshot.user);
  const context = {
    capabilitiesToday: containerCapabilities(snapshot).effective,
    runsAsRoot: !resolved.ok || resolved.uid === 0,
  };
  const applied: { change: TrialChange; round: number; evidence: string }[] = [];
  const rounds: TrialRound[] = [];
  let outcome: TrialResponse["outcome"] = "failed";
  let stop: string | null = null;
  try {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      if (Date.now() - started + runMs > TRIAL_DEADLINE_MS) {
        stop = `the next round would end after the trial's ${TRIAL_DEADLINE_MS / 60_000} minutes`;
        break;
      }
      const planned = planRemediation(snapshot, allChanges, provenNeeds(applied));
      const t0 = Date.now();
      const result = await runSibling(
        `roaudit-trial-${trialId}-${round}`,
        planned.plan,
        source,
        label,
        runMs,
        onAction,
      );
      // A sibling still running may be failing all the same (nginx's master respawns workers that cannot
      // drop privileges): what its logs name is fixed first, unless its health check says healthy.
      const diagnosis =
        result.outcome === "started" && result.health === "healthy"
          ? null
          : diagnose(result.lines, { ...context, applied: applied.map((a) => a.change) });
      const roundOutcome = result.outcome === "started" && diagnosis ? "running-with-errors" : result.outcome;
      rounds.push({
        round,
        outcome: roundOutcome,
        exitCode: result.exitCode,
        health: result.health,
        error: result.error,
        logTail: logTail(result.lines, LOG_LINES_KEPT),
        configuration: configurationWords(planned.plan),
        diagnosis,
        durationMs: Date.now() - t0,
      });
      if (roundOutcome === "started") {
        outcome = "started";
        break;
      }
      if (!diagnosis) {
        stop = "its logs name no failure a mount or a capability it has today answers";
        break;
      }
      applied.push({ change: diagnosis.change, round, evidence: diagnosis.evidence });
    }
  } finally {
    await sweepTrials(onAction);
  }
  const proven = provenNeeds(applied);
  if (outcome === "started") rememberProven(snapshot.id, proven);
  const rendered = renderRemediation(planRemediation(snapshot, allChanges, proven));
  const last = rounds.at(-1);
  const notes =
    outcome === "started"
      ? [
          `Starts read-only with exactly these mounts and capabilities: round ${rounds.length} ran ${Math.round(runMs / 1000)} s${last?.health ? ` (health: ${last.health})` : ""}${applied.length > 0 ? ` after ${applied.map((a) => describeTrialChange(a.change)).join(", ")}` : ""}.`,
          "A trial proves start-up only, without network, published ports or the original's data: check the app's own work (requests, jobs) before replacing the container.",
        ]
      : [
          `Still fails after ${rounds.length} round${rounds.length === 1 ? "" : "s"}${stop ? ` (${stop})` : ""}: see the last round's log lines.`,
        ];
  return {
    trialId,
    outcome,
    rounds,
    dockerRun: rendered.dockerRun,
    compose: rendered.compose,
    notes: [...notes, ...rendered.notes],
  };
}

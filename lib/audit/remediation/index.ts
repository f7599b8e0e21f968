/**
 * The remediation of one container: write paths discovered from its change list (plus the known-image
 * table, and what a trial run proved), the hardened plan, and that plan as `docker run` and compose text. Pure.
 */
import { knownImage } from "../known-images";
import { redactEngineRoot } from "../redact";
import type { ProvenNeeds } from "../trial/types";
import type { ContainerSnapshot } from "../types";
import { discoverWritePaths, type FileChange, type WritePathResult } from "../write-paths";
import { checkFixes } from "./check-fixes";
import { renderCompose } from "./compose";
import { renderDockerRun } from "./docker-run";
import { buildPlan } from "./plan";
import type { RemediationPlan, RemediationResponse } from "./types";

/** A plan with the write paths it was made from. */
export interface PlannedRemediation {
  plan: RemediationPlan;
  found: WritePathResult;
}

/**
 * The write paths of the change list, with a trial run's proven ones over them: a proven path replaces a
 * discovered one at the same path (the trial saw the app fail without exactly that mount).
 */
function withProven(found: WritePathResult, proven: ProvenNeeds | null): WritePathResult {
  if (!proven || proven.writePaths.length === 0) return found;
  const provenPaths = new Set(proven.writePaths.map((w) => w.path));
  const writePaths = [...found.writePaths.filter((w) => !provenPaths.has(w.path)), ...proven.writePaths].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  return { ...found, writePaths };
}

/**
 * The plan of a container's hardened configuration (see {@link generateRemediation}); the trial run builds
 * its siblings from it. Paths under the engine's storage root are redacted first.
 */
export function planRemediation(
  snapshot: ContainerSnapshot,
  changes: readonly FileChange[] | null,
  proven: ProvenNeeds | null = null,
): PlannedRemediation {
  // Redacted before anything is written, so the placeholder is quoted like any other text.
  const root = snapshot.engine.dockerRootDir;
  const safe = redactEngineRoot(snapshot, root);
  const safeChanges = redactEngineRoot(changes, root);
  const known = knownImage(safe.image);
  const found = withProven(discoverWritePaths(safeChanges, safe, known), proven);
  const plan = buildPlan(safe, found, known, proven?.capabilities ?? []);
  if (proven) {
    plan.notes.unshift(
      "A trial run started this configuration read-only: its added mounts and capabilities are proven, not guessed.",
    );
  }
  return { plan, found };
}

/** A plan written out as the remediation's answer. */
export function renderRemediation({ plan, found }: PlannedRemediation): RemediationResponse {
  return {
    dockerRun: renderDockerRun(plan),
    compose: renderCompose(plan),
    checkFixes: checkFixes(plan),
    writePaths: found.writePaths,
    notes: plan.notes,
  };
}

/**
 * Builds the answer of `GET /api/containers/{id}/remediation` from a snapshot (read with its image, so that
 * `run.image` and `run.env.own` are known), the engine's change list (`null` when empty; open files added)
 * and what a trial run proved for it (`null` when none ran). Paths under the engine's storage root are
 * redacted (a bind of `/var/lib/docker/…` shows as `<docker-root>/…`).
 */
export function generateRemediation(
  snapshot: ContainerSnapshot,
  changes: readonly FileChange[] | null,
  proven: ProvenNeeds | null = null,
): RemediationResponse {
  return renderRemediation(planRemediation(snapshot, changes, proven));
}

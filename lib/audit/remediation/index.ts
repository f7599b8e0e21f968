/**
 * The remediation of one container: write paths discovered from its change list (plus the known-image
 * table), the hardened plan, and that plan as `docker run` and compose text. Pure.
 */
import { knownImage } from "../known-images";
import { redactEngineRoot } from "../redact";
import type { ContainerSnapshot } from "../types";
import { discoverWritePaths, type FileChange } from "../write-paths";
import { checkFixes } from "./check-fixes";
import { renderCompose } from "./compose";
import { renderDockerRun } from "./docker-run";
import { buildPlan } from "./plan";
import type { RemediationResponse } from "./types";

/**
 * Builds the answer of `GET /api/containers/{id}/remediation` from a snapshot (read with its image, so that
 * `run.image` and `run.env.own` are known) and the engine's change list (`null` when empty). Paths under the
 * engine's storage root are redacted (a bind of `/var/lib/docker/…` shows as `<docker-root>/…`).
 */
export function generateRemediation(
  snapshot: ContainerSnapshot,
  changes: readonly FileChange[] | null,
): RemediationResponse {
  // Redacted before anything is written, so the placeholder is quoted like any other text.
  const root = snapshot.engine.dockerRootDir;
  const safe = redactEngineRoot(snapshot, root);
  const safeChanges = redactEngineRoot(changes, root);
  const known = knownImage(safe.image);
  const found = discoverWritePaths(safeChanges, safe, known);
  const plan = buildPlan(safe, found, known);
  return {
    dockerRun: renderDockerRun(plan),
    compose: renderCompose(plan),
    checkFixes: checkFixes(plan),
    writePaths: found.writePaths,
    notes: plan.notes,
  };
}

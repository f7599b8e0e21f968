/**
 * Each check's fix, cut from the container's remediation plan: the very `docker run` flags and compose keys the
 * whole hardened configuration writes for it, so a user who copies one check's fix gets what the full
 * Remediation says (the same `--pids-limit`, the same decision about `--user`).
 */
import { Document, isMap, isScalar } from "yaml";
import type { CheckId } from "../types";
import { composeObject, noInterpolation } from "./compose";
import { dockerRunLines } from "./docker-run";
import { CHECK_FIX_TARGETS } from "./fix-targets";
import { shellQuote } from "./shell";
import type { CheckFix, RemediationPlan } from "./types";

export { CHECK_FIX_TARGETS, type FixTargets } from "./fix-targets";

/** The compose keys of the plan's service, as YAML, written as the full compose file writes them. */
function composeKeys(plan: RemediationPlan, keys: readonly string[]): string {
  const service = (composeObject(plan).services as Record<string, Record<string, unknown>>)[plan.name] ?? {};
  const picked = Object.fromEntries(keys.filter((k) => k in service).map((k) => [k, service[k]]));
  if (Object.keys(picked).length === 0) return "";
  const doc = new Document(noInterpolation(picked));
  // `1000:1000` is a base-60 number to YAML 1.1 readers: the user is quoted, as in the full file.
  const user = isMap(doc.contents) ? doc.contents.get("user", true) : null;
  if (isScalar(user)) user.type = "QUOTE_DOUBLE";
  return doc.toString({ lineWidth: 0 }).trimEnd();
}

/** Every check's fix from one plan (see {@link CheckFix}). */
export function checkFixes(plan: RemediationPlan): Record<CheckId, CheckFix> {
  const lines = dockerRunLines(plan);
  const entries = Object.entries(CHECK_FIX_TARGETS).map(([id, targets]) => {
    const dockerRun = lines
      .filter((words) => targets.flags.includes(words[0] ?? ""))
      .map((words) => words.map(shellQuote).join(" "))
      .join(" \\\n");
    const notes = plan.checks
      .filter((c) => targets.flags.includes(c.flag) || targets.keys.includes(c.key))
      .map((c) => c.text);
    return [id, { dockerRun, compose: composeKeys(plan, targets.keys), notes }];
  });
  return Object.fromEntries(entries) as Record<CheckId, CheckFix>;
}

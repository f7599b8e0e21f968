/**
 * The server's policy file (`ROAUDIT_POLICY_FILE`): read when first needed, and read again whenever the
 * file changes (its modification time, size or inode), checked with one `stat` per use — so an edit applies
 * at the next fleet refresh, without a restart. No `server-only` marker: `instrumentation.ts` reads it at start-up.
 */
import { readFileSync, statSync } from "node:fs";
import type { PolicyStatus } from "@/lib/audit/waivers";
import { DEFAULT_WAIVER_POLICY, type WaiverPolicy } from "@/lib/audit/waivers";
import { type FileReadCache, readOnChange } from "@/lib/file-version";
import { processSingleton } from "@/lib/singleton";
import { PolicyError, parsePolicy } from "./schema";

/** Largest policy file read, in bytes. */
export const MAX_POLICY_BYTES = 256 * 1024;

/**
 * While the policy file is invalid (or unreadable) no waiver applies, labels included: failing closed shows
 * every finding, rather than guessing what a broken file meant (it may have switched labels off).
 */
export const INVALID_POLICY: WaiverPolicy = {
  waived: "ignore",
  labels: false,
  labelsMayWaive: "non-critical",
  waivers: [],
};

/** The policy in force and where it came from. */
export interface ActivePolicy {
  policy: WaiverPolicy;
  status: PolicyStatus;
}

const cache = processSingleton<FileReadCache<ActivePolicy>>("policy-file", () => ({}));

/**
 * The policy in force: {@link DEFAULT_WAIVER_POLICY} without `ROAUDIT_POLICY_FILE`; the file's, validated
 * (`parsePolicy`), with it; {@link INVALID_POLICY} and the reason in `status.error` when the file is missing,
 * unreadable, too large or invalid. Never throws. Logs one line on stderr each time the file turns invalid.
 */
export function activePolicy(env: Readonly<Record<string, string | undefined>> = process.env): ActivePolicy {
  const file = env.ROAUDIT_POLICY_FILE?.trim() || null;
  if (file === null)
    return { policy: DEFAULT_WAIVER_POLICY, status: statusOf(null, DEFAULT_WAIVER_POLICY, null) };
  return readOnChange(cache, file, readPolicy, (active) => {
    if (active.status.error !== null) {
      console.error(
        `roaudit: policy file ${file} is not used: ${active.status.error.replaceAll("\n", "; ")}`,
      );
    }
  });
}

function readPolicy(file: string): ActivePolicy {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new PolicyError("not a regular file");
    if (stat.size > MAX_POLICY_BYTES) throw new PolicyError(`larger than ${MAX_POLICY_BYTES} bytes`);
    const policy = parsePolicy(readFileSync(file, "utf8"));
    return { policy, status: statusOf(file, policy, null) };
  } catch (error) {
    const message =
      error instanceof PolicyError
        ? error.message
        : `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return { policy: INVALID_POLICY, status: statusOf(file, INVALID_POLICY, message) };
  }
}

function statusOf(file: string | null, policy: WaiverPolicy, error: string | null): PolicyStatus {
  return { file, error, waived: policy.waived, labels: policy.labels, waivers: policy.waivers.length };
}

/** The policy file's state for `GET /api/health`, which anyone may read: no path, no contents. */
export function policyHealth(): "none" | "loaded" | "invalid" {
  const { status } = activePolicy();
  if (status.file === null) return "none";
  return status.error === null ? "loaded" : "invalid";
}

/** Reads the policy file once at start-up so a problem shows in the log at once (the error is logged by {@link activePolicy}). */
export function reportPolicyAtStart(): void {
  const { policy, status } = activePolicy();
  if (status.file !== null && status.error === null) {
    console.log(
      `roaudit: policy file ${status.file}: ${status.waivers} waiver(s), waived checks ${status.waived === "count" ? "count in" : "do not lower"} the score, label waivers ${status.labels ? (policy.labelsMayWaive === "all" ? "on" : "on (non-critical findings only)") : "off"}`,
    );
  }
}

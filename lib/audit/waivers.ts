/**
 * Waivers: a failed check that someone has accepted, with their reason. Two sources:
 * - a container label `roaudit.waive.<check-id>=<reason>` (set by whoever deploys the container);
 * - the server's policy file (`ROAUDIT_POLICY_FILE`, loaded in `lib/policy/`), which matches containers by
 *   name, image or label.
 * When both waive the same check, the policy file's waiver wins: the operator of roaudit has the last word
 * over a label anyone who can start a container can set (and the policy can switch labels off altogether). By
 * default a label cannot accept a critical finding (`privileged`, `docker-socket-mount`…): only the policy can.
 * Pure: no file or engine access.
 */
import { displayText } from "./display-text";
import type { CheckId, CheckResult, Severity, Waiver } from "./types";
import { CHECK_IDS } from "./types";

/** Prefix of waiver labels: `roaudit.waive.<check-id>=<reason>`. */
export const WAIVER_LABEL_PREFIX = "roaudit.waive.";

/** Longest reason kept, in characters (code points); longer ones are cut and end in `…`. */
export const MAX_REASON_LENGTH = 200;

/** How waived checks count in the score (see `score()`): `ignore` costs nothing, `count` as if failed. */
export type WaivedScoring = "ignore" | "count";

/**
 * Which containers a policy waiver applies to. Every condition given must hold; at least one is given.
 * `name` and `image` are exact, or glob patterns where `*` matches any run of characters.
 */
export interface WaiverMatch {
  /** Container name without the leading `/`, e.g. `traefik` or `shop-*`. */
  name?: string;
  /** `Config.Image` as the container was created from, e.g. `traefik:*`. */
  image?: string;
  /** `key=value` (that label with exactly that value) or `key` (that label present, any value). */
  label?: string;
}

/** One waiver of the policy file. */
export interface PolicyWaiver {
  check: CheckId;
  /** Already cleaned with {@link sanitizeReason}, never blank. */
  reason: string;
  match: WaiverMatch;
}

/**
 * Which findings a `roaudit.waive.*` label may accept: `all`, or `non-critical` (the default) — a label waiving
 * a check whose result is of `critical` severity is then ignored and flagged; the policy file still can.
 */
export type LabelWaiverScope = "all" | "non-critical";

/** What the policy file decides about waivers. */
export interface WaiverPolicy {
  /** How a waived check counts in the score; `ignore` by default. */
  waived: WaivedScoring;
  /** Whether `roaudit.waive.*` labels are honoured; `true` by default (off while the policy file is invalid). */
  labels: boolean;
  /** Which findings labels may accept; `non-critical` by default. */
  labelsMayWaive: LabelWaiverScope;
  waivers: PolicyWaiver[];
}

/** No policy file: labels honoured except for critical findings, waived checks cost nothing. */
export const DEFAULT_WAIVER_POLICY: WaiverPolicy = {
  waived: "ignore",
  labels: true,
  labelsMayWaive: "non-critical",
  waivers: [],
};

/**
 * A reason fit to show ({@link displayText}): ANSI escape sequences removed, control and bidi-override
 * characters become spaces, runs of white space one space, trimmed, at most {@link MAX_REASON_LENGTH}
 * characters (cut ones end in `…`). `""` when nothing is left.
 */
export function sanitizeReason(raw: string): string {
  return displayText(raw, MAX_REASON_LENGTH);
}

const KNOWN_CHECKS: ReadonlySet<string> = new Set(CHECK_IDS);

/** `true` for a known check id. */
export function isCheckId(value: string): value is CheckId {
  return KNOWN_CHECKS.has(value);
}

/** A label key or value quoted for a problem line: cleaned and cut like a reason, in JSON quotes. */
function quote(text: string): string {
  return JSON.stringify(sanitizeReason(text).slice(0, 80));
}

/** Waivers found in a container's labels, and why any `roaudit.waive.*` label was ignored. */
export interface LabelWaivers {
  waivers: Map<CheckId, Waiver>;
  /** One line per ignored label, e.g. `label "roaudit.waive.foo" ignored: unknown check id`. */
  problems: string[];
}

/**
 * Reads `roaudit.waive.<check-id>=<reason>` labels (`Config.Labels`). A label whose check id is unknown, or
 * whose reason is blank once cleaned ({@link sanitizeReason}), is ignored and reported in `problems`.
 * Label keys are matched exactly (check ids are lower case).
 */
export function labelWaivers(labels: Readonly<Record<string, string>>): LabelWaivers {
  const waivers = new Map<CheckId, Waiver>();
  const problems: string[] = [];
  for (const key of Object.keys(labels).sort()) {
    if (!key.startsWith(WAIVER_LABEL_PREFIX)) continue;
    const check = key.slice(WAIVER_LABEL_PREFIX.length);
    const reason = sanitizeReason(labels[key] ?? "");
    if (!isCheckId(check)) {
      problems.push(`label ${quote(key)} ignored: ${quote(check)} is not a check id`);
    } else if (reason === "") {
      problems.push(`label ${quote(key)} ignored: a waiver needs a reason`);
    } else {
      waivers.set(check, { reason, source: "label" });
    }
  }
  return { waivers, problems };
}

/** `true` when `value` matches `pattern`, where `*` stands for any run of characters and nothing else is special. */
export function matchesGlob(pattern: string, value: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "su").test(value);
}

/** What a policy waiver is matched against. */
export interface WaiverTarget {
  name: string;
  image: string;
  labels: Readonly<Record<string, string>>;
}

/** `true` when every condition of `match` holds for the container (an empty match holds for none). */
export function matchesContainer(match: WaiverMatch, target: WaiverTarget): boolean {
  const conditions: boolean[] = [];
  if (match.name !== undefined) conditions.push(matchesGlob(match.name, target.name));
  if (match.image !== undefined) conditions.push(matchesGlob(match.image, target.image));
  if (match.label !== undefined) {
    const at = match.label.indexOf("=");
    const key = at === -1 ? match.label : match.label.slice(0, at);
    const value = Object.hasOwn(target.labels, key) ? target.labels[key] : undefined;
    conditions.push(value !== undefined && (at === -1 || value === match.label.slice(at + 1)));
  }
  return conditions.length > 0 && conditions.every(Boolean);
}

/** The waivers that apply to one container, by check id, and the problems to report. */
export interface ContainerWaivers {
  waivers: Map<CheckId, Waiver>;
  problems: string[];
}

/**
 * Every waiver for a container: the policy's first matching waiver per check, and its labels' for the other
 * checks. Every waiver label is ignored and reported as a problem while the policy has `labels: false`; one is when
 * `labelsMayWaive` is `non-critical` and `severities` (each check's severity in this container's results, after
 * overrides and runtime corrections) says its check is `critical`. A label on a check the policy waives anyway
 * is simply superseded.
 */
export function waiversFor(
  target: WaiverTarget,
  policy: WaiverPolicy,
  severities: ReadonlyMap<CheckId, Severity>,
): ContainerWaivers {
  const fromLabels = labelWaivers(target.labels);
  const waivers = new Map<CheckId, Waiver>();
  const problems = [...fromLabels.problems];
  for (const entry of policy.waivers) {
    if (waivers.has(entry.check) || !matchesContainer(entry.match, target)) continue;
    waivers.set(entry.check, { reason: entry.reason, source: "policy" });
  }
  for (const [check, waiver] of fromLabels.waivers) {
    const label = quote(WAIVER_LABEL_PREFIX + check);
    if (!policy.labels) {
      problems.push(`label ${label} ignored: label waivers are off on this server`);
    } else if (waivers.has(check)) {
      // The policy's waiver of the same check wins; the label is superseded, not wrong.
    } else if (policy.labelsMayWaive === "non-critical" && severities.get(check) === "critical") {
      problems.push(
        `label ${label} ignored: label waivers cannot accept critical findings on this server; use the policy file`,
      );
    } else {
      waivers.set(check, waiver);
    }
  }
  return { waivers, problems };
}

/**
 * The results with waivers applied: a `fail` whose check is waived becomes `waived`, carrying the waiver; `pass`
 * and `na` never change (a waiver accepts a finding, it does not create or hide one). Returns new objects.
 */
export function applyWaivers(
  results: readonly CheckResult[],
  waivers: ReadonlyMap<CheckId, Waiver>,
): CheckResult[] {
  return results.map((result) => {
    const waiver = waivers.get(result.id);
    if (result.status !== "fail" || !waiver) return result;
    return { ...result, status: "waived", waiver: { ...waiver } };
  });
}

/** The server's waiver policy (`ROAUDIT_POLICY_FILE`) as in force for this answer. */
export interface PolicyStatus {
  /** Path of the policy file, or `null` when none is configured (labels honoured, waived checks cost nothing). */
  file: string | null;
  /** Why the file is not used (missing, unreadable, invalid; one problem per line), or `null`. While set, no waiver applies. */
  error: string | null;
  /** How waived checks count in the score: `ignore` (they cost nothing) or `count` (as if failed). */
  waived: "ignore" | "count";
  /** Whether `roaudit.waive.<check-id>` labels are honoured. */
  labels: boolean;
  /** Number of waivers in the policy file. */
  waivers: number;
}

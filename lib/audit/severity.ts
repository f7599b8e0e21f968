/**
 * Severity policy, kept apart from the checks (the check says *what*, this says *how bad*).
 */
import type { CheckId, Severity } from "./types";

/**
 * Per-check severity overrides, keyed by check id. An override replaces both the check's default and an
 * outcome's own severity. Empty by default: the checks' defaults are the product's policy.
 */
export type SeverityOverrides = Partial<Record<CheckId, Severity>>;

/** The shipped policy. */
export const DEFAULT_SEVERITY_OVERRIDES: SeverityOverrides = {};

/** Penalty points a failed check of each severity costs (see `score()`). */
export const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = {
  critical: 40,
  high: 15,
  medium: 8,
  low: 3,
};

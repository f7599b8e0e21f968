/**
 * Every value → label lookup of the dashboard, in one place, so a value reads the same everywhere it is
 * shown (styles and icons stay with the components that draw them).
 */
import type { CheckStatus, ProbeId, ProbeStatus, Severity, VerifyVerdict, Waiver } from "@/lib/api-types";

/** A check's status. */
export const STATUS_LABELS: Record<CheckStatus, string> = {
  pass: "Pass",
  fail: "Fail",
  na: "n/a",
  waived: "Waived",
};

/** A check's severity. */
export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

/** Verify's overall verdict. */
export const VERDICT_LABELS: Record<VerifyVerdict, string> = {
  enforced: "Read-only enforced",
  "not-enforced": "Not enforced",
  inconclusive: "Inconclusive",
};

/** Who accepted a finding: a `roaudit.waive.<check-id>` label on the container, or the server's policy file. */
export const WAIVER_SOURCE_LABELS: Record<Waiver["source"], string> = {
  label: "label",
  policy: "policy file",
};

/** What each live probe reads or tries, in a few words. */
export const PROBE_LABELS: Record<ProbeId, string> = {
  "root-write": "Root write",
  "mount-table": "Mount table",
  "process-identity": "Process identity",
  "tmpfs-exec": "tmpfs exec",
  "ro-mount-write": "Read-only mount write",
};

/** One probe's outcome. */
export const PROBE_STATUS_LABELS: Record<ProbeStatus, string> = {
  pass: "Pass",
  fail: "Fail",
  skipped: "Skipped",
};

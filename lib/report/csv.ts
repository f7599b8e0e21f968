/**
 * The fleet report as CSV: RFC 4180 (fields with `,` `"` CR or LF quoted, quotes doubled, CRLF line ends),
 * UTF-8 without BOM, spreadsheet formulas neutralised (OWASP ASVS 1.2.10, CWE-1236; case
 * `csv-export-injection-and-quoting`).
 */
import { stringify } from "csv-stringify/sync";
import type { ContainerAudit, Grade, Verification } from "@/lib/audit/types";
import { CHECK_IDS, PROBE_IDS } from "@/lib/audit/types";

/** One report row's input. */
export interface ReportRow extends Omit<ContainerAudit, "score" | "grade"> {
  /** `null` when the container could not be read (then `grade` is `null` and `checks` is empty). */
  score: number | null;
  grade: Grade | null;
  verification: Verification | null;
  /**
   * Whether the engine answered for the container in this read (the fleet API's `read`): `current`, `stale`
   * (the audit is the last one read, at `readAt`) or `unreadable` (never read); absent means `current`.
   */
  read?: { status: "current" | "stale" | "unreadable"; since?: string; readAt?: string };
}

/**
 * The header: `container_id,name,image,score,grade`, one column per check id in order, then the verify
 * columns `verify_verdict,verify_checked_at`, one `probe_<probe-id>` column per probe in `PROBE_IDS` order,
 * then `engine_read` (`current`, `stale`, `unreadable`), `engine_unanswered_since` (ISO time the engine stopped
 * answering for the container; empty when current) and `audit_read_at` (when a stale row's audit was read).
 * An unreadable row's score, grade and check columns are empty: unknown, not failed.
 */
export const CSV_HEADER: readonly string[] = [
  "container_id",
  "name",
  "image",
  "score",
  "grade",
  ...CHECK_IDS,
  "verify_verdict",
  "verify_checked_at",
  ...PROBE_IDS.map((id) => `probe_${id}`),
  "engine_read",
  "engine_unanswered_since",
  "audit_read_at",
];

/**
 * A cell a spreadsheet would read as a formula — leading `=`, `+`, `-`, `@`, TAB, CR (or LF) — gets a
 * leading `'` so it is shown as text. Nothing is trimmed first: `"\t=1+1"` is caught by its TAB.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r\n]/.test(cell) ? `'${cell}` : cell;
}

/** The report: header plus one row per container, in the order given. Every line ends in CRLF. */
export function fleetCsv(rows: readonly ReportRow[]): string {
  const records = rows.map((r) => {
    const status = new Map(r.checks.map((c) => [c.id, c.status]));
    return [
      r.id,
      r.name,
      r.image,
      r.score === null ? "" : String(r.score),
      r.grade ?? "",
      ...CHECK_IDS.map((id) => status.get(id) ?? ""),
      r.verification?.verdict ?? "",
      r.verification?.checkedAt ?? "",
      // pass, fail or skipped; empty when the container was not verified.
      ...PROBE_IDS.map((id) => r.verification?.probes.find((p) => p.id === id)?.status ?? ""),
      r.read?.status ?? "current",
      r.read?.since ?? "",
      r.read?.readAt ?? "",
    ].map(neutraliseFormula);
  });
  // csv-stringify quotes a bare LF or CR only when told to (its record delimiter here is CRLF).
  return stringify([[...CSV_HEADER], ...records], { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

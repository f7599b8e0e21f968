/**
 * The fleet report as CSV, in two shapes: the summary (one row per container) and the findings (one row per
 * failing or waived check). RFC 4180 (fields with `,` `"` CR or LF quoted, quotes doubled, CRLF line ends),
 * UTF-8 without BOM, spreadsheet formulas neutralised (OWASP ASVS 1.2.10, CWE-1236; case
 * `csv-export-injection-and-quoting`). Nothing from a container's environment is ever a column.
 */
import { stringify } from "csv-stringify/sync";
import { CHECKS } from "@/lib/audit/checks";
import { CHECK_FIX_TARGETS } from "@/lib/audit/remediation/fix-targets";
import type { ContainerAudit, Grade, Verification } from "@/lib/audit/types";
import { CHECK_IDS, PROBE_IDS } from "@/lib/audit/types";

/** One report row's input. */
export interface ReportRow extends Omit<ContainerAudit, "score" | "grade" | "breakdown"> {
  /** `null` when the container could not be read (then `grade` is `null` and `checks` is empty). */
  score: number | null;
  grade: Grade | null;
  verification: Verification | null;
  /**
   * Whether the engine answered for the container in this read (the fleet API's `read`): `current`, `stale`
   * (the audit is the last one read, at `readAt`) or `unreadable` (never read); absent means `current`.
   */
  read?: { status: "current" | "stale" | "unreadable"; since?: string; readAt?: string };
  /** The name of the engine the container runs on (the fleet API's `engine`); absent: the context's. */
  engine?: string;
}

/** What every row of one report shares. */
export interface ReportContext {
  /** The engine name for rows that carry none (`engine` of a row wins), e.g. `local`. */
  engine: string;
}

/** The report's shapes: `summary` (one row per container) or `findings` (one row per failing or waived check). */
export type ReportShape = "summary" | "findings";

/**
 * The summary's header: `container_id,name,image,score,grade`, then `state` (`State.Status`),
 * `compose_project` and `compose_service` (labels `com.docker.compose.project`/`service`), `engine`,
 * `failing_checks` (ids of the checks with status `fail`, space-separated, report column order), one column per
 * check id in order, then the verify columns `verify_verdict,verify_checked_at` (UTC `YYYY-MM-DD HH:MM:SS`),
 * one `probe_<probe-id>` column per probe in `PROBE_IDS` order, then `engine_read` (`current`, `stale`,
 * `unreadable`), `engine_unanswered_since` and `audit_read_at` (both UTC `YYYY-MM-DD HH:MM:SS`; empty when
 * current). An unreadable row's score, grade and check columns are empty: unknown, not failed.
 */
export const CSV_HEADER: readonly string[] = [
  "container_id",
  "name",
  "image",
  "score",
  "grade",
  "state",
  "compose_project",
  "compose_service",
  "engine",
  "failing_checks",
  ...CHECK_IDS,
  "verify_verdict",
  "verify_checked_at",
  ...PROBE_IDS.map((id) => `probe_${id}`),
  "engine_read",
  "engine_unanswered_since",
  "audit_read_at",
];

/**
 * The findings' header: one row per check with status `fail` or `waived`, containers in the order given and
 * their checks in report column order. `fix_flags` and `compose_keys` name the `docker run` flags and compose
 * keys that fix it (space-separated; the values come from the container's Remediation); `waiver_source`
 * (`label` or `policy`) and `waiver_reason` are empty for a failure; the verify columns are the container's
 * last Verify (time in UTC `YYYY-MM-DD HH:MM:SS`).
 */
export const FINDINGS_HEADER: readonly string[] = [
  "container_id",
  "container",
  "image",
  "engine",
  "check_id",
  "check_title",
  "status",
  "severity",
  "cis",
  "message",
  "fix_flags",
  "compose_keys",
  "waiver_source",
  "waiver_reason",
  "verify_verdict",
  "verify_checked_at",
];

/**
 * A cell a spreadsheet would read as a formula — leading `=`, `+`, `-`, `@`, TAB, CR (or LF) — gets a
 * leading `'` so it is shown as text. Nothing is trimmed first: `"\t=1+1"` is caught by its TAB.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r\n]/.test(cell) ? `'${cell}` : cell;
}

/**
 * An ISO 8601 time as UTC `YYYY-MM-DD HH:MM:SS` (seconds truncated), which every spreadsheet reads as a date
 * and time; `""` for a missing or unreadable time.
 */
export function spreadsheetTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "";
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

function toCsv(header: readonly string[], records: readonly string[][]): string {
  const safe = records.map((r) => r.map(neutraliseFormula));
  // csv-stringify quotes a bare LF or CR only when told to (its record delimiter here is CRLF).
  return stringify([[...header], ...safe], { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

/** The summary: header ({@link CSV_HEADER}) plus one row per container, in the order given. CRLF line ends. */
export function fleetCsv(rows: readonly ReportRow[], context: ReportContext): string {
  const records = rows.map((r) => {
    const status = new Map(r.checks.map((c) => [c.id, c.status]));
    return [
      r.id,
      r.name,
      r.image,
      r.score === null ? "" : String(r.score),
      r.grade ?? "",
      r.state,
      r.compose?.project ?? "",
      r.compose?.service ?? "",
      r.engine ?? context.engine,
      r.checks
        .filter((c) => c.status === "fail")
        .map((c) => c.id)
        .join(" "),
      ...CHECK_IDS.map((id) => status.get(id) ?? ""),
      r.verification?.verdict ?? "",
      spreadsheetTime(r.verification?.checkedAt),
      // pass, fail or skipped; empty when the container was not verified.
      ...PROBE_IDS.map((id) => r.verification?.probes.find((p) => p.id === id)?.status ?? ""),
      r.read?.status ?? "current",
      spreadsheetTime(r.read?.since),
      spreadsheetTime(r.read?.readAt),
    ];
  });
  return toCsv(CSV_HEADER, records);
}

/** The findings: header ({@link FINDINGS_HEADER}) plus one row per failing or waived check. CRLF line ends. */
export function findingsCsv(rows: readonly ReportRow[], context: ReportContext): string {
  const records = rows.flatMap((r) =>
    r.checks
      .filter((c) => c.status === "fail" || c.status === "waived")
      .map((c) => [
        r.id,
        r.name,
        r.image,
        r.engine ?? context.engine,
        c.id,
        CHECKS[c.id]?.title ?? c.id,
        c.status,
        c.severity,
        CHECKS[c.id]?.cis ?? "",
        c.message,
        CHECK_FIX_TARGETS[c.id]?.flags.join(" ") ?? "",
        CHECK_FIX_TARGETS[c.id]?.keys.join(" ") ?? "",
        c.waiver?.source ?? "",
        c.waiver?.reason ?? "",
        r.verification?.verdict ?? "",
        spreadsheetTime(r.verification?.checkedAt),
      ]),
  );
  return toCsv(FINDINGS_HEADER, records);
}

/** The report in the shape asked for. */
export function reportCsv(shape: ReportShape, rows: readonly ReportRow[], context: ReportContext): string {
  return shape === "findings" ? findingsCsv(rows, context) : fleetCsv(rows, context);
}

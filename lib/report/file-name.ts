/**
 * The report's file name: `roaudit-<host>-<date>[-<filter words>][-findings].csv`, e.g.
 * `roaudit-build-01-2026-12-02-grade-D-F.csv`. Every part is reduced to `[A-Za-z0-9._-]`, so no header
 * injection, path or odd character can reach `Content-Disposition`. Pure.
 */
import type { ReportShape } from "./csv";
import type { FleetViewState } from "./fleet-view";

/** Longest piece of the text filter kept in a file name, in characters. */
const MAX_QUERY_WORD = 32;

/** Text reduced to letters, digits, `.`, `_` and `-` (runs of anything else become one `-`), trimmed of `-` and `.`. */
export function fileNamePart(text: string, max = 64): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .slice(0, max)
    .replace(/^[-.]+|[-.]+$/g, "");
}

/**
 * The words a view's filters add, in address order: `q-<text>`, `grade-D-F`, `failing-<check-id>`,
 * `all` (stopped and created containers included). Sort and grouping change the order, not the rows: no word.
 */
export function filterWords(
  view: Pick<FleetViewState, "query" | "grades" | "failing" | "includeStopped">,
): string[] {
  const words: string[] = [];
  const query = fileNamePart(view.query.trim(), MAX_QUERY_WORD);
  if (query !== "") words.push(`q-${query}`);
  if (view.grades.length > 0) words.push(`grade-${view.grades.join("-")}`);
  if (view.failing !== null) words.push(`failing-${view.failing}`);
  if (view.includeStopped) words.push("all");
  return words;
}

/**
 * The file name of a report read at `generatedAt` (ISO 8601; its UTC date is used) from `host`.
 * A host that reduces to nothing is written `engine`.
 */
export function reportFileName(options: {
  host: string;
  generatedAt: string;
  view: Pick<FleetViewState, "query" | "grades" | "failing" | "includeStopped">;
  shape: ReportShape;
}): string {
  const host = fileNamePart(options.host) || "engine";
  const ms = Date.parse(options.generatedAt);
  const date = Number.isNaN(ms) ? "undated" : new Date(ms).toISOString().slice(0, 10);
  const parts = ["roaudit", host, date, ...filterWords(options.view)];
  if (options.shape === "findings") parts.push("findings");
  return `${parts.join("-")}.csv`;
}

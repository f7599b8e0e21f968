/**
 * What a trial round keeps of its sibling's logs: the tail of the text, bounded in bytes and per line, with
 * every environment value replaced by {@link REDACTED}. Pure (no engine, no `server-only`), unit-tested.
 */

/** The marker an environment value is replaced by. */
export const REDACTED = "<env>";
/** Most characters of log text read per round, from the tail (64 KiB). */
export const LOG_CHARS_READ = 64 * 1024;
/** Most characters of one log line; the rest is cut with a note of how many. */
export const LOG_LINE_CHARS = 2_000;
/** Most characters of all the log lines one round shows (its `logTail`). */
export const LOG_TAIL_CHARS = 16_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Stands in for a redacted value while others are replaced (a private-use character, stripped from input). */
const HOLE = "\uE000";

/**
 * `text` with every environment value replaced by {@link REDACTED}, on the whole text (a value may span
 * lines): each value whole and trimmed, and each line of a multi-line value (a PEM key) trimmed, when not empty. Values
 * of 4 characters or more are replaced wherever they stand; shorter ones only as a whole token (not inside a
 * longer word or number: `DEBUG=1` leaves `10` alone). Values transformed by the app (reversed, encoded) are
 * not caught.
 */
export function redactEnv(text: string, env: readonly string[]): string {
  const values = new Set<string>();
  for (const e of env) {
    const cut = e.indexOf("=");
    // The placeholder is stripped from the text, so from the values too: a value holding it still matches.
    const value = (cut < 0 ? "" : e.slice(cut + 1)).split(HOLE).join("");
    if (value.trim() === "") continue;
    values.add(value);
    values.add(value.trim());
    if (/[\r\n]/.test(value)) {
      for (const line of value.split(/\r?\n/)) if (line.trim() !== "") values.add(line.trim());
    }
  }
  const sorted = [...values].sort((a, b) => b.length - a.length);
  let out = text.split(HOLE).join("");
  for (const v of sorted) {
    if (v.length >= 4) out = out.split(v).join(HOLE);
    else
      out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(v)}(?![\\p{L}\\p{N}_])`, "gu"), HOLE);
  }
  return out.split(HOLE).join(REDACTED);
}

/** `line` cut to {@link LOG_LINE_CHARS}, marked `… (N characters cut)`. */
export function capLine(line: string): string {
  if (line.length <= LOG_LINE_CHARS) return line;
  return `${line.slice(0, LOG_LINE_CHARS)}… (${line.length - LOG_LINE_CHARS} characters cut)`;
}

/**
 * The last {@link LOG_CHARS_READ} characters of `text`, starting at a line: a line the window would start
 * inside is left out whole (never a fragment, which could hold part of a value redaction would not know), and
 * said so. Call before {@link redactEnv}.
 */
export function tailWindow(text: string): string {
  if (text.length <= LOG_CHARS_READ) return text;
  const window = text.slice(-LOG_CHARS_READ);
  const atLineStart = text[text.length - LOG_CHARS_READ - 1] === "\n";
  const newline = window.indexOf("\n");
  const kept = atLineStart ? window : newline < 0 ? "" : window.slice(newline + 1);
  return `… (${text.length - kept.length} characters of earlier log cut)\n${kept}`;
}

/**
 * Log text to the lines a round reads: the tail window, redacted on the whole text, split, `\r` and blank
 * lines dropped, each line capped.
 */
export function logLines(text: string, env: readonly string[]): string[] {
  return redactEnv(tailWindow(text), env)
    .split("\n")
    .map((l) => capLine(l.replace(/\r$/, "")))
    .filter((l) => l.trim() !== "");
}

/** The last `count` of `lines` whose characters add up to at most {@link LOG_TAIL_CHARS}. */
export function logTail(lines: readonly string[], count: number): string[] {
  const out: string[] = [];
  let total = 0;
  for (let i = lines.length - 1; i >= 0 && out.length < count; i--) {
    const line = lines[i] ?? "";
    if (total + line.length > LOG_TAIL_CHARS) break;
    total += line.length;
    out.unshift(line);
  }
  return out;
}

/** Most characters of an engine error message kept in a round's `error`. */
export const ERROR_CHARS = 2_000;

/** The engine's error text, redacted of every environment value (it may echo the config) and capped. */
export function redactError(message: string, env: readonly string[]): string {
  const out = redactEnv(message, env);
  return out.length <= ERROR_CHARS
    ? out
    : `${out.slice(0, ERROR_CHARS)}… (${out.length - ERROR_CHARS} characters cut)`;
}

/** The note that replaces a first line that may have started mid-line. */
export const PARTIAL_NOTE = "… (first line dropped: may be partial)";

/**
 * `text` without its first line when `mayBePartial` (the engine's `tail` limit was reached, or a file was read
 * from a non-zero offset): a fragment could hold part of a value redaction would not know. Call before
 * {@link redactEnv}.
 */
export function dropPartialFirstLine(text: string, mayBePartial: boolean): string {
  if (!mayBePartial) return text;
  const newline = text.indexOf("\n");
  return `${PARTIAL_NOTE}\n${newline < 0 ? "" : text.slice(newline + 1)}`;
}

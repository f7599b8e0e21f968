/**
 * Hostile text (label values, waiver reasons, Compose names) made fit to show on one line. Pure.
 */

// ANSI escape sequences, removed whole so no printable tail (`[31m`) is left (ECMA-48): OSC `ESC ]` (or
// U+009D) … ended by BEL or ST (`ESC \`, U+009C), an unended one running to the end of the text as a terminal
// would take it; CSI `ESC [` (or U+009B), parameter and intermediate bytes, then one final byte; any other
// escape, `ESC`, intermediate bytes, one final byte (`ESC c`, `ESC ( B`).
const ANSI_SEQUENCES = new RegExp(
  [
    "(?:\\u001b\\]|\\u009d)[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?",
    "(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?",
    "\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]",
  ].join("|"),
  "gu",
);

// C0 and C1 controls (TAB, CR, LF included), and the bidirectional marks, overrides and isolates that can make
// text read differently from what it says (CVE-2021-42574, "Trojan Source").
const UNSAFE_CHARACTERS = /[\p{Cc}\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/gu;

/**
 * `raw` as one clean line: ANSI escape sequences removed whole (colour codes vanish), other control and bidi characters become
 * spaces, runs of white space one space, trimmed, at most `maxLength` characters (code points; a cut text ends
 * in `…`, counted). `""` when nothing is left. HTML and spreadsheet formulas are left as text: React escapes
 * the one, the CSV writer neutralises the other.
 */
export function displayText(raw: string, maxLength: number): string {
  const clean = raw.replace(ANSI_SEQUENCES, "").replace(UNSAFE_CHARACTERS, " ").replace(/\s+/gu, " ").trim();
  const chars = [...clean];
  return chars.length <= maxLength ? clean : `${chars.slice(0, maxLength - 1).join("")}…`;
}

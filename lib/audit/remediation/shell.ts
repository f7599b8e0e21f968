/**
 * Writing hostile text into a POSIX shell command line and into comments, so that no name, path or argument
 * can end a quote, start a command or leave a comment.
 */

/** Characters that never need quoting in sh(1) (no globbing, expansion, word splitting or redirection). */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One shell word that sh(1) reads back as exactly `value`: as it is when every character is safe, otherwise
 * in single quotes, where nothing is special, with each `'` written as `'\''`. `""` → `''`. Newlines stay
 * literal inside the quotes, which sh keeps.
 */
export function shellQuote(value: string): string {
  if (value !== "" && SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Text safe in a one-line `#` comment: control characters (newlines, carriage returns, escapes) are written
 * as `\n`, `\r`, `\t` or `\xNN`, so nothing after them can become a command or a YAML key.
 */
export function commentSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

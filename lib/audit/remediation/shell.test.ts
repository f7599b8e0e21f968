import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { commentSafe, shellQuote } from "./shell";

/** What sh(1) reads back from `words`, through a function that prints each argument NUL-terminated. */
function shellWords(text: string): string[] {
  const out = execFileSync("sh", [
    "-c",
    `args() { for a in "$@"; do printf '%s\\0' "$a"; done; }\nargs ${text}`,
  ]);
  return out.toString("utf8").split("\0").slice(0, -1);
}

describe("shellQuote", () => {
  it("leaves safe words bare and quotes the rest", () => {
    expect(shellQuote("--tmpfs")).toBe("--tmpfs");
    expect(shellQuote("/tmp:rw,noexec,nosuid,size=64m")).toBe("/tmp:rw,noexec,nosuid,size=64m");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it("gives sh back exactly the hostile text", () => {
    const hostile = [
      "$(reboot)",
      "`id`",
      'it\'s "quoted"',
      "a\nb; rm -rf /",
      "# not a comment",
      "~root",
      "*",
      "{a,b}",
      "\\",
      "!!",
      "'",
      "",
      "ünïcødé",
      "-c",
    ];
    expect(shellWords(hostile.map(shellQuote).join(" "))).toEqual(hostile);
  });
});

describe("commentSafe", () => {
  it("writes control characters as escapes, so a comment stays one line", () => {
    expect(commentSafe("a\nrm -rf /\r\t\u001b[31m\u2028")).toBe("a\\nrm -rf /\\r\\t\\x1b[31m\\x2028");
    expect(commentSafe("plain: text")).toBe("plain: text");
  });
});

import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

const ORIGIN = "http://127.0.0.1:3000";

describe("safeNextPath", () => {
  it.each([
    ["/", "/"],
    ["/containers/abc", "/containers/abc"],
    ["/?q=web&grade=F#top", "/?q=web&grade=F#top"],
    ["/containers/../login", "/login"],
  ])("keeps the same-origin path %j → %j", (next, expected) => {
    expect(safeNextPath(next, ORIGIN)).toBe(expected);
  });

  it.each([
    // What `?next=` decodes to: the browser strips tab, CR and LF and reads `\` as `/`.
    "//evil.invalid/",
    "/\\evil.invalid/",
    "\\\\evil.invalid/",
    "/\t/evil.invalid/p",
    "/\n/evil.invalid/p",
    "/\r/evil.invalid/p",
    "\t//evil.invalid/p",
    "/\\\t\\evil.invalid",
    "/./\\evil.invalid",
    "/.//evil.invalid/p",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "https://evil.invalid/",
    "http:evil.invalid",
    "http://127.0.0.1:3001/",
    "https://127.0.0.1:3000/",
    "",
    "evil.invalid",
  ])("refuses %j", (next) => {
    const safe = safeNextPath(next, ORIGIN);
    expect(new URL(safe, ORIGIN).origin).toBe(ORIGIN);
    expect(safe === "/" || !/evil|javascript/.test(safe)).toBe(true);
  });

  it("answers / for anything that is not one string", () => {
    expect(safeNextPath(["/a", "/b"], ORIGIN)).toBe("/");
    expect(safeNextPath(undefined, ORIGIN)).toBe("/");
  });
});

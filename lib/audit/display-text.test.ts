import { describe, expect, it } from "vitest";
import { displayText } from "./display-text";

describe("displayText", () => {
  it("removes ANSI colour codes whole, leaving no printable tail", () => {
    expect(displayText("\u001b[31mred\u001b[0m alert", 50)).toBe("red alert");
    expect(displayText("a\u001b[1;38;5;196mb", 50)).toBe("ab");
    expect(displayText("\u009b2Jcleared", 50)).toBe("cleared");
  });

  it("removes OSC sequences (terminal hyperlinks, window titles) ended by BEL or ST, and an unended one", () => {
    expect(displayText("\u001b]8;;http://evil.example\u0007click\u001b]8;;\u001b\\ here", 50)).toBe(
      "click here",
    );
    expect(displayText("ok\u001b]0;pwned title\u009c!", 50)).toBe("ok!");
    expect(displayText("ok \u001b]0;never ends", 50)).toBe("ok");
  });

  it("removes other escapes (reset, charset) and turns a lone ESC into a space", () => {
    expect(displayText("a\u001bcb\u001b(Bc", 50)).toBe("abc");
    expect(displayText("a\u001b", 50)).toBe("a");
  });

  it("turns controls, newlines and bidi overrides into single spaces, one line", () => {
    expect(displayText("shop\u202e\u2066evil\u2069\r\nline two\u0000\u0085", 50)).toBe("shop evil line two");
  });

  it("keeps HTML and formulas as text", () => {
    expect(displayText("<b>x</b> =1+1", 50)).toBe("<b>x</b> =1+1");
  });

  it("cuts at maxLength code points, ending in …", () => {
    expect(displayText("x".repeat(10), 10)).toBe("x".repeat(10));
    expect(displayText("😀".repeat(11), 10)).toBe(`${"😀".repeat(9)}…`);
  });
});

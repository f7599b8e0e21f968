import { describe, expect, it } from "vitest";
import {
  capLine,
  dropPartialFirstLine,
  ERROR_CHARS,
  LOG_CHARS_READ,
  LOG_LINE_CHARS,
  LOG_TAIL_CHARS,
  logLines,
  logTail,
  PARTIAL_NOTE,
  redactEnv,
  redactError,
} from "./trial-logs";

const PEM =
  "-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END KEY-----";

describe("redactEnv", () => {
  it("replaces a multi-line value whole and line by line, on the whole text", () => {
    const text = `key:\n${PEM}\nand again: KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==`;
    const out = redactEnv(text, [`KEY=${PEM}`]);
    expect(out).not.toContain("MIIBOgIBAAJBAKj34");
    expect(out).not.toContain("KUpRKfFLfRYC9AIKjbJTWit");
    expect(out).toContain("<env>");
  });

  it("replaces short values only as whole tokens", () => {
    expect(redactEnv("pin 42 in 1425 and x42y; id=42.", ["PIN=42"])).toBe(
      "pin <env> in 1425 and x42y; id=<env>.",
    );
    expect(redactEnv("a=Q z\nQuick", ["C=Q"])).toBe("a=<env> z\nQuick");
  });

  it("replaces values of 4 characters or more anywhere, longest first; ignores empty values and names", () => {
    expect(redactEnv("tokensecret123 and secret", ["T=secret123", "S=secret", "EMPTY=", "NOVALUE"])).toBe(
      "token<env> and <env>",
    );
  });

  it("does not turn the input's own marker characters into a redaction", () => {
    expect(redactEnv("a\uE000b", [])).toBe("ab");
  });
});

describe("capLine and logLines", () => {
  it("cuts a line past the cap, saying how much", () => {
    const line = "x".repeat(LOG_LINE_CHARS + 5);
    expect(capLine(line)).toBe(`${"x".repeat(LOG_LINE_CHARS)}… (5 characters cut)`);
  });

  it("reads only the tail window, never a fragment of a line, each line capped", () => {
    const huge = "y".repeat(6 * 1024 * 1024);
    const lines = logLines(`start\n${huge}\nlast line\n`, []);
    expect(lines[0]).toMatch(/^… \(\d+ characters of earlier log cut\)$/);
    expect(lines.slice(1)).toEqual(["last line"]);
    const many = logLines(`${"z".repeat(5000)}\n`.repeat(30), []);
    expect(many.every((l) => l.length < LOG_LINE_CHARS + 40)).toBe(true);
    expect(many.join("\n").length).toBeLessThan(LOG_CHARS_READ + 200);
  });

  it("redacts before it cuts: a value astride the cap never shows in part", () => {
    const secret = "S3cr3tValueThatIsLong";
    const line = `${"a".repeat(LOG_LINE_CHARS - 5)}${secret}`;
    expect(logLines(line, [`X=${secret}`])[0]).not.toContain("S3cr3");
  });
});

describe("logTail", () => {
  it("keeps the last lines within the count and the character budget", () => {
    expect(logTail(["a", "b", "c"], 2)).toEqual(["b", "c"]);
    const big = Array.from({ length: 20 }, () => "q".repeat(2000));
    expect(logTail(big, 20).join("").length).toBeLessThanOrEqual(LOG_TAIL_CHARS);
  });
});

describe("redactEnv hardening", () => {
  it("matches a value trimmed of surrounding whitespace", () => {
    expect(redactEnv("token is s3cretvalue!", ["TOKEN=  s3cretvalue\n"])).toBe("token is <env>!");
  });
  it("matches a value that holds the placeholder character", () => {
    expect(redactEnv("key abc\uE000defgh end", ["K=abc\uE000defgh"])).toBe("key <env> end");
  });
});

describe("redactError and dropPartialFirstLine", () => {
  it("redacts and caps the engine's error text", () => {
    expect(redactError("bad value hunter22 here", ["P=hunter22"])).toBe("bad value <env> here");
    const long = redactError("x".repeat(5000), []);
    expect(long.startsWith("x".repeat(ERROR_CHARS))).toBe(true);
    expect(long).toContain("(3000 characters cut)");
  });
  it("drops the first line only when it may be partial, and says so", () => {
    expect(dropPartialFirstLine("cret123\nnext\n", true)).toBe(`${PARTIAL_NOTE}\nnext\n`);
    expect(dropPartialFirstLine("whole\nnext\n", false)).toBe("whole\nnext\n");
  });
});

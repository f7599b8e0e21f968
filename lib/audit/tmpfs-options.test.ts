import { describe, expect, it } from "vitest";
import { parseTmpfsSize, tmpfsFlags } from "./tmpfs-options";

describe("tmpfsFlags", () => {
  it("gives an empty option string the engine's noexec,nosuid,nodev and no size", () => {
    expect(tmpfsFlags("")).toEqual({ rw: true, noexec: true, nosuid: true, nodev: true, size: null });
  });

  it.each([
    ["exec", false],
    ["noexec,exec", false],
    ["exec,noexec", true],
    ["rw,exec,size=64m", false],
    ["rw,noexec,nosuid,size=64m", true],
  ])("%s → noexec %s (last wins)", (options, noexec) => {
    expect(tmpfsFlags(options).noexec).toBe(noexec);
  });

  it("reads suid, dev and ro", () => {
    expect(tmpfsFlags("suid,dev,ro")).toEqual({
      rw: false,
      noexec: true,
      nosuid: false,
      nodev: false,
      size: null,
    });
  });

  it("reads nr_blocks in pages", () => {
    expect(tmpfsFlags("nr_blocks=16").size).toBe(65536);
  });

  it("does not take a word inside another option for a flag", () => {
    expect(tmpfsFlags("mode=1777,uid=exec").noexec).toBe(true);
  });
});

describe("parseTmpfsSize", () => {
  it.each([
    ["64m", 67108864],
    ["64M", 67108864],
    ["1g", 1073741824],
    ["512k", 524288],
    ["67108864", 67108864],
    ["50%", "50%"],
    ["0", null],
    ["0%", null],
    ["lots", undefined],
  ])("%s → %s", (value, expected) => {
    expect(parseTmpfsSize(value)).toBe(expected);
  });
});

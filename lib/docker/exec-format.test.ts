import { describe, expect, it } from "vitest";
import { elfHead } from "@/test/elf-fixture";
import { execFormat } from "./exec-format";

describe("execFormat", () => {
  it("reads an ELF program's PT_INTERP, in each class and byte order", () => {
    for (const wide of [true, false])
      for (const le of [true, false]) {
        const head = elfHead({ wide, le, interpreter: "/lib64/ld-linux-x86-64.so.2", dynamic: true });
        expect(execFormat(head)).toEqual({
          kind: "elf",
          interpreter: "/lib64/ld-linux-x86-64.so.2",
          dynamic: true,
        });
      }
  });

  it("tells a static program and a static-pie (PT_DYNAMIC, no PT_INTERP)", () => {
    expect(execFormat(elfHead())).toEqual({ kind: "elf", interpreter: null, dynamic: false });
    expect(execFormat(elfHead({ dynamic: true }))).toEqual({ kind: "elf", interpreter: null, dynamic: true });
  });

  it("reads a #! line's interpreter as the kernel does", () => {
    expect(execFormat(Buffer.from("#!/bin/busybox sh -e\necho\n"))).toEqual({
      kind: "script",
      interpreter: "/bin/busybox",
    });
    expect(execFormat(Buffer.from("#! \t/usr/bin/env python3"))).toEqual({
      kind: "script",
      interpreter: "/usr/bin/env",
    });
    expect(execFormat(Buffer.from("#!\n")).kind).toBe("malformed");
  });

  it("calls anything else other", () => {
    expect(execFormat(Buffer.from("echo hi\n"))).toEqual({ kind: "other" });
    expect(execFormat(Buffer.alloc(0))).toEqual({ kind: "other" });
    expect(execFormat(Buffer.from([0x7f, 0x45]))).toEqual({ kind: "other" });
  });

  describe("hostile headers", () => {
    const interp = () => elfHead({ interpreter: "/lib/ld.so" });
    it.each([
      ["truncated header", () => elfHead().subarray(0, 40)],
      ["unknown class", () => Object.assign(elfHead(), { 4: 7 })],
      [
        "phoff past the buffer",
        () => {
          const b = elfHead();
          b.writeBigUInt64LE(0xffffffffffffffffn, 32);
          return b;
        },
      ],
      [
        "huge phnum",
        () => {
          const b = elfHead();
          b.writeUInt16LE(0xffff, 56);
          return b;
        },
      ],
      [
        "phentsize too small",
        () => {
          const b = elfHead();
          b.writeUInt16LE(8, 54);
          return b;
        },
      ],
      [
        "PT_INTERP offset past the buffer",
        () => {
          const b = interp();
          b.writeBigUInt64LE(1n << 40n, 64 + 56 + 8);
          return b;
        },
      ],
      [
        "PT_INTERP size past the buffer",
        () => {
          const b = interp();
          b.writeBigUInt64LE(1_000_000n, 64 + 56 + 32);
          return b;
        },
      ],
      ["relative PT_INTERP", () => elfHead({ interpreter: "ld.so" })],
      ["program headers cut off", () => interp().subarray(0, 100)],
    ])("%s is malformed", (_name, make) => {
      expect(execFormat(make()).kind).toBe("malformed");
    });
  });
});

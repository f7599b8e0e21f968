/**
 * What the kernel does with a file it is asked to exec, read from the file's first bytes: an ELF program (its
 * `PT_INTERP` loader, whether it has a `PT_DYNAMIC` segment), a `#!` script (its interpreter), or neither.
 * Pure; the bytes are hostile: every offset and count is checked against the buffer, nothing is trusted.
 */

/** Bytes of a file's start that {@link execFormat} needs at most: the kernel's own ELF and `#!` reads fit. */
export const EXEC_HEAD_BYTES = 8192;

/** Program headers read at most (the kernel refuses more than 64 KiB of them; real programs have ~15). */
const MAX_PHNUM = 256;
/** Longest `PT_INTERP` path accepted (the kernel's PATH_MAX). */
const MAX_INTERP = 4096;
/** The kernel reads a `#!` line from the first 256 bytes (BINPRM_BUF_SIZE). */
const SHEBANG_BYTES = 256;

const PT_DYNAMIC = 2;
const PT_INTERP = 3;

/** The exec format of a file. */
export type ExecFormat =
  /** An ELF program: `interpreter` is its `PT_INTERP` path (null: static), `dynamic` whether it has `PT_DYNAMIC`. */
  | { kind: "elf"; interpreter: string | null; dynamic: boolean }
  /** A `#!` script: the interpreter path the kernel runs (first word after `#!`). */
  | { kind: "script"; interpreter: string }
  /** An ELF or `#!` file whose headers cannot be read safely: `why` says what is wrong. */
  | { kind: "malformed"; why: string }
  /** Neither ELF nor `#!`: exec fails (a shell may then read it as a script with itself). */
  | { kind: "other" };

/** The exec format of a file whose first bytes (up to {@link EXEC_HEAD_BYTES}) are `head`. Never throws. */
export function execFormat(head: Uint8Array): ExecFormat {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buf.length >= 2 && buf[0] === 0x23 && buf[1] === 0x21) return shebang(buf);
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x7f454c46) return elf(buf);
  return { kind: "other" };
}

function shebang(buf: Buffer): ExecFormat {
  const line = buf.subarray(2, SHEBANG_BYTES).toString("latin1");
  const end = line.indexOf("\n");
  const text = (end < 0 ? line : line.slice(0, end)).replace(/^[ \t]+/, "");
  const interpreter = text.split(/[ \t]/)[0] ?? "";
  if (interpreter === "") return { kind: "malformed", why: "a #! line without an interpreter" };
  return { kind: "script", interpreter };
}

function elf(buf: Buffer): ExecFormat {
  const cls = buf[4];
  const data = buf[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2))
    return { kind: "malformed", why: "an ELF header of unknown class or byte order" };
  const wide = cls === 2;
  const le = data === 1;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const word = (o: number): number => {
    if (!wide) return u32(o);
    const v = le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  };
  const headerSize = wide ? 64 : 52;
  if (buf.length < headerSize) return { kind: "malformed", why: "a truncated ELF header" };
  const phoff = word(wide ? 32 : 28);
  const phentsize = u16(wide ? 54 : 42);
  const phnum = u16(wide ? 56 : 44);
  const minEntry = wide ? 56 : 32;
  if (phnum === 0) return { kind: "elf", interpreter: null, dynamic: false };
  if (phnum > MAX_PHNUM || phentsize < minEntry)
    return { kind: "malformed", why: "ELF program headers of an impossible count or size" };
  if (phoff > buf.length || phoff + phnum * phentsize > buf.length)
    return { kind: "malformed", why: "ELF program headers outside the file's first 8 KiB" };
  let interpreter: string | null = null;
  let dynamic = false;
  for (let i = 0; i < phnum; i += 1) {
    const ph = phoff + i * phentsize;
    const type = u32(ph);
    if (type === PT_DYNAMIC) dynamic = true;
    if (type !== PT_INTERP) continue;
    if (interpreter !== null) return { kind: "malformed", why: "an ELF program with two PT_INTERP" };
    const offset = word(wide ? ph + 8 : ph + 4);
    const size = word(wide ? ph + 32 : ph + 16);
    if (size === 0 || size > MAX_INTERP || offset > buf.length || offset + size > buf.length)
      return { kind: "malformed", why: "an ELF PT_INTERP outside the file's first 8 KiB" };
    const raw = buf.subarray(offset, offset + size);
    const nul = raw.indexOf(0);
    interpreter = raw.subarray(0, nul < 0 ? raw.length : nul).toString("latin1");
    if (!interpreter.startsWith("/"))
      return { kind: "malformed", why: "an ELF PT_INTERP that is not an absolute path" };
  }
  return { kind: "elf", interpreter, dynamic };
}

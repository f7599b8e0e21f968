/**
 * Minimal ELF headers for tests, laid out as a linker does: ELF header, program headers right after it, then
 * the `PT_INTERP` string. Only the fields `lib/docker/exec-format.ts` reads are filled in.
 */
export interface ElfFixture {
  /** 64-bit (default) or 32-bit. */
  wide?: boolean;
  /** Little-endian (default) or big-endian. */
  le?: boolean;
  /** `PT_INTERP` path, or none (a static program). */
  interpreter?: string | null;
  /** Adds a `PT_DYNAMIC` header. */
  dynamic?: boolean;
}

/** The first bytes of an ELF program as described. */
export function elfHead({
  wide = true,
  le = true,
  interpreter = null,
  dynamic = false,
}: ElfFixture = {}): Buffer {
  const ehsize = wide ? 64 : 52;
  const phentsize = wide ? 56 : 32;
  const types = [1, ...(interpreter === null ? [] : [3]), ...(dynamic ? [2] : [])];
  const interpOffset = ehsize + types.length * phentsize;
  const interp = interpreter === null ? Buffer.alloc(0) : Buffer.from(`${interpreter}\0`, "latin1");
  const buf = Buffer.alloc(interpOffset + interp.length);
  buf.writeUInt32BE(0x7f454c46, 0);
  buf[4] = wide ? 2 : 1;
  buf[5] = le ? 1 : 2;
  buf[6] = 1;
  const u16 = (v: number, o: number) => (le ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o));
  const u32 = (v: number, o: number) => (le ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o));
  const word = (v: number, o: number) =>
    wide ? (le ? buf.writeBigUInt64LE(BigInt(v), o) : buf.writeBigUInt64BE(BigInt(v), o)) : u32(v, o);
  u16(2, 16); // ET_EXEC
  word(ehsize, wide ? 32 : 28); // e_phoff
  u16(phentsize, wide ? 54 : 42);
  u16(types.length, wide ? 56 : 44);
  types.forEach((type, i) => {
    const ph = ehsize + i * phentsize;
    u32(type, ph);
    if (type === 3) {
      word(interpOffset, wide ? ph + 8 : ph + 4); // p_offset
      word(interp.length, wide ? ph + 32 : ph + 16); // p_filesz
    }
  });
  interp.copy(buf, interpOffset);
  return buf;
}

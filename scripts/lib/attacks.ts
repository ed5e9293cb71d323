/**
 * Adversarial MovieLens inputs (issue #8), small enough to generate on every run:
 * - a zip bomb: a small zip whose entries DECLARE 1 GiB each (what a real bomb declares; fflate
 *   reports declared sizes before inflating, which is where Reel must refuse it);
 * - a zero bomb: ~1 MB per entry that really inflates to 1 GB of zeros, declared honestly (the
 *   tables are then not recognised; only their first bytes may be inflated to find that out);
 * - a lying bomb: each table's real rows followed by 1 GiB of zeros, declaring only the rows'
 *   size, so it passes every check of what it declares and must be stopped while it inflates.
 *   The DEFLATE streams of zeros are written by hand (one dynamic Huffman block, 2 bits per 258
 *   zeros), so building them costs nothing; the CRCs are left 0 (Reel does not check them).
 * - tables holding only a newline; a duplicated (user, movie) rating; movies.dat re-saved as UTF-8;
 *   mixed line endings (first line LF, the rest CRLF).
 */
import { decodeLatin1 } from '../../src/core/data/latin1';
import { makeFixture, zipDatFiles, type DatFiles, type FixtureOptions } from './fixtures';

const GIB = 1024 * 1024 * 1024;

/** `zip` with the uncompressed size of every entry named like a .dat file set to `size`. */
export function withDeclaredSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 46 <= out.length; at++) {
    const sig = view.getUint32(at, true);
    // local file header: size at +22, name length at +26, name at +30
    // central directory header: size at +24, name length at +28, name at +46
    const [sizeAt, lenAt, nameAt] =
      sig === 0x04034b50 ? [22, 26, 30] : sig === 0x02014b50 ? [24, 28, 46] : [0, 0, 0];
    if (!sizeAt) continue;
    const len = view.getUint16(at + lenAt, true);
    const name = decodeLatin1(out.subarray(at + nameAt, at + nameAt + len));
    if (name.endsWith('.dat')) view.setUint32(at + sizeAt, size, true);
  }
  return out;
}

/** A small zip of the fixture whose three tables declare 1 GiB each once unpacked. */
export function zipBomb(opts: FixtureOptions = { users: 20 }): Uint8Array {
  return withDeclaredSizes(zipDatFiles(makeFixture(opts).files), GIB - 1);
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** The three tables, each holding a single newline. */
export function newlineOnlyFiles(): DatFiles {
  return { 'ratings.dat': ascii('\n'), 'movies.dat': ascii('\n'), 'users.dat': ascii('\n') };
}

/** The fixture with ratings.dat line `copy` repeated after line `after` (a second, equal rating). */
export function duplicateRatingFiles(
  copy = 3,
  after = 5,
  opts: FixtureOptions = { users: 30 },
): { files: DatFiles; line: number; text: string } {
  const { files } = makeFixture(opts);
  const lines = decodeLatin1(files['ratings.dat']).split('\n');
  const text = lines[copy - 1]!;
  lines.splice(after, 0, text);
  return { files: { ...files, 'ratings.dat': ascii(lines.join('\n')) }, line: after + 1, text };
}

/** The fixture with movies.dat re-saved as UTF-8 ("Misérables" as the bytes C3 A9). */
export function utf8MoviesFiles(opts: FixtureOptions = { users: 30 }): DatFiles {
  const { files } = makeFixture(opts);
  const utf8 = new TextEncoder().encode(decodeLatin1(files['movies.dat']));
  return { ...files, 'movies.dat': utf8 };
}

/** The fixture with every table's first line ending in LF and all the others in CRLF. */
export function mixedLineEndingFiles(opts: FixtureOptions = { users: 30 }): DatFiles {
  const mix = (bytes: Uint8Array) => {
    const [first, ...rest] = decodeLatin1(bytes).replace(/\n$/, '').split('\n');
    return Uint8Array.from(`${first}\n${rest.join('\r\n')}\r\n`, (c) => c.charCodeAt(0));
  };
  const { files } = makeFixture(opts);
  return {
    'ratings.dat': mix(files['ratings.dat']),
    'movies.dat': mix(files['movies.dat']),
    'users.dat': mix(files['users.dat']),
  };
}

// -------------------------------------------------------------------------------------------
// Bombs that really inflate (hand-written DEFLATE)

class BitWriter {
  private out = new Uint8Array(1 << 16);
  private len = 0;
  private acc = 0;
  private n = 0;
  /** `value` in `bits` bits, least significant first (DEFLATE header fields, extra bits). */
  bits(value: number, bits: number): void {
    for (let i = 0; i < bits; i++) this.bit((value >>> i) & 1);
  }
  /** A Huffman code of `len` bits, most significant first. */
  code(code: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) this.bit((code >>> i) & 1);
  }
  /** Pads to a byte boundary. */
  align(): void {
    while (this.n !== 0) this.bit(0);
  }
  /** `count` zero bits, whole bytes at a time. */
  zeroBits(count: number): void {
    while (count > 0 && this.n !== 0) {
      this.bit(0);
      count--;
    }
    const whole = Math.floor(count / 8);
    this.room(whole);
    this.len += whole; // the buffer is zero-filled
    for (let r = count % 8; r > 0; r--) this.bit(0);
  }
  byte(b: number): void {
    this.bits(b, 8);
  }
  private bit(b: number): void {
    this.acc |= b << this.n;
    if (++this.n === 8) {
      this.room(1);
      this.out[this.len++] = this.acc;
      this.acc = 0;
      this.n = 0;
    }
  }
  private room(n: number): void {
    if (this.len + n <= this.out.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.out.length, this.len + n));
    bigger.set(this.out.subarray(0, this.len));
    this.out = bigger;
  }
  bytes(): Uint8Array {
    this.align();
    return this.out.slice(0, this.len);
  }
}

/**
 * A raw DEFLATE stream of `prefix` (stored blocks) followed by `zeros` zero bytes in one dynamic
 * block whose codes are: length 258 = 1 bit, literal 0 and end-of-block = 2 bits, distance 1 = 1 bit.
 */
export function deflateZeros(zeros: number, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const w = new BitWriter();
  for (let at = 0; at < prefix.length; at += 0xffff) {
    const part = prefix.subarray(at, at + 0xffff);
    w.bits(0, 1); // not final
    w.bits(0, 2); // stored
    w.align();
    w.bits(part.length, 16);
    w.bits(~part.length & 0xffff, 16);
    for (const b of part) w.byte(b);
  }
  w.bits(1, 1); // final
  w.bits(2, 2); // dynamic Huffman
  w.bits(286 - 257, 5); // HLIT: literal/length codes 0..285
  w.bits(2 - 1, 5); // HDIST: distance codes 0 and 1
  w.bits(18 - 4, 4); // HCLEN: code-length codes up to symbol 1 in the order below
  const clOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
  const clLen: Record<number, number> = { 18: 1, 1: 2, 2: 2 };
  for (const sym of clOrder) w.bits(clLen[sym] ?? 0, 3);
  // code-length code (canonical): 18 -> 0, 1 -> 10, 2 -> 11
  const cl = (sym: 1 | 2) => w.code(sym === 1 ? 0b10 : 0b11, 2);
  const zerosRun = (n: number) => {
    for (; n > 0;) {
      const k = Math.min(n, 138);
      w.code(0, 1);
      w.bits(k - 11, 7);
      n -= k;
    }
  };
  cl(2); // literal 0
  zerosRun(255); // literals 1..255
  cl(2); // end of block (256)
  zerosRun(28); // lengths 257..284
  cl(1); // length 258 (285)
  cl(1); // distance 1
  cl(1); // distance 2 (unused: keeps the distance code complete)
  // literal/length code (canonical): 285 -> 0, 0 -> 10, 256 -> 11; distance 1 -> 0
  const literal0 = () => w.code(0b10, 2);
  let left = zeros;
  if (left > 0) {
    literal0();
    left--;
  }
  const repeats = Math.floor(left / 258);
  w.zeroBits(2 * repeats); // length 258 (0), distance 1 (0)
  left -= repeats * 258;
  for (; left > 0; left--) literal0();
  w.code(0b11, 2); // end of block
  return w.bytes();
}

export interface RawZipEntry {
  name: string;
  /** raw DEFLATE data */
  deflated: Uint8Array;
  /** the uncompressed size written in both headers */
  declared: number;
}

/** A zip of already-deflated entries, declaring what each says (CRCs left 0). */
export function zipRaw(entries: RawZipEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const header = (size: number, fill: (v: DataView) => void) => {
    const b = new Uint8Array(size);
    fill(new DataView(b.buffer));
    return b;
  };
  for (const e of entries) {
    const name = ascii(e.name);
    const local = header(30, (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(8, 8, true);
      v.setUint16(12, 0x21, true);
      v.setUint32(18, e.deflated.length, true);
      v.setUint32(22, e.declared, true);
      v.setUint16(26, name.length, true);
    });
    central.push(
      header(46, (v) => {
        v.setUint32(0, 0x02014b50, true);
        v.setUint16(4, 20, true);
        v.setUint16(6, 20, true);
        v.setUint16(10, 8, true);
        v.setUint16(14, 0x21, true);
        v.setUint32(20, e.deflated.length, true);
        v.setUint32(24, e.declared, true);
        v.setUint16(28, name.length, true);
        v.setUint32(42, offset, true);
      }),
      name,
    );
    parts.push(local, name, e.deflated);
    offset += local.length + name.length + e.deflated.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const eocd = header(22, (v) => {
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, entries.length, true);
    v.setUint16(10, entries.length, true);
    v.setUint32(12, cdSize, true);
    v.setUint32(16, offset, true);
  });
  const all = [...parts, ...central, eocd];
  const out = new Uint8Array(all.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of all) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The reported bomb: three tables that each truly inflate to `size` zero bytes (~1 MB zipped). */
export function zeroBomb(size = 1e9): Uint8Array {
  const deflated = deflateZeros(size);
  return zipRaw(
    ['ratings.dat', 'movies.dat', 'users.dat'].map((name) => ({
      name: `ml-1m/${name}`,
      deflated,
      declared: size,
    })),
  );
}

/**
 * The fixture's tables, each followed by `zeros` zero bytes once inflated, but declaring only the
 * table's own size: every declared size is small and every table is recognised from its rows.
 */
export function lyingZipBomb(
  zeros = GIB,
  opts: FixtureOptions = { users: 20 },
): { zip: Uint8Array; files: DatFiles } {
  const { files } = makeFixture(opts);
  const zip = zipRaw(
    Object.entries(files).map(([name, bytes]) => ({
      name: `ml-1m/${name}`,
      deflated: deflateZeros(zeros, bytes),
      declared: bytes.length,
    })),
  );
  return { zip, files };
}

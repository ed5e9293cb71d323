/**
 * Growable byte writer and bounds-checked reader with LEB128 varints (unsigned and zigzag) for
 * the shard codec. Values up to 2^53 are exact (timestamps' zigzag deltas reach 2^33, so varints
 * are decoded with arithmetic, not 32-bit bit operations, past four bytes).
 */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(v: number): void {
    this.reserve(1);
    this.buf[this.length++] = v;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  u32(v: number): void {
    this.reserve(4);
    new DataView(this.buf.buffer).setUint32(this.length, v, true);
    this.length += 4;
  }

  varint(v: number): void {
    this.reserve(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  /** Signed values as zigzag varints: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ... */
  zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** A copy of exactly the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Thrown by ByteReader when data ends early or a varint is overlong; callers map it to their error. */
export class TruncatedError extends Error {}

export class ByteReader {
  pos = 0;

  constructor(readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw new TruncatedError();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    if (b === undefined) throw new TruncatedError();
    let v = b & 0x7f;
    let scale = 0x80;
    while (b & 0x80) {
      b = buf[pos++];
      if (b === undefined || scale > 2 ** 49) throw new TruncatedError();
      v += (b & 0x7f) * scale;
      scale *= 0x80;
    }
    this.pos = pos;
    return v;
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
}

/** What readAll needs of a stream (a fetch Response's body, in a page, a worker or Node). */
export interface ByteStream {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> };
}

/**
 * Reads a byte stream to its end into one Uint8Array, calling `onChunk` with the running total
 * after each chunk (progress). The one streaming download loop, for the data worker and the CLI.
 */
export async function readAll(
  body: ByteStream,
  onChunk: (received: number, chunk: number) => void = () => undefined,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    chunks.push(value);
    got += value.byteLength;
    onChunk(got, value.byteLength);
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

type Column = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array;

/**
 * Concatenates columnar parts (records of typed arrays with the same keys, each column keeping its
 * type): training rows plus a user's own ratings, shards into one data set.
 */
export function concatColumns<T extends { [K in keyof T]: Column }>(parts: readonly T[]): T {
  const first = parts[0];
  if (!first) throw new RangeError('concatColumns: no parts');
  const out = {} as T;
  for (const key of Object.keys(first) as (keyof T)[]) {
    const n = parts.reduce((s, p) => s + p[key].length, 0);
    const Ctor = first[key].constructor as new (n: number) => T[keyof T];
    const col = new Ctor(n);
    let at = 0;
    for (const p of parts) {
      (col as Column).set(p[key] as Column, at);
      at += p[key].length;
    }
    out[key] = col;
  }
  return out;
}

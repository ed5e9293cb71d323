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

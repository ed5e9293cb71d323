/**
 * The one bounded zip-entry inflater, shared by the MovieLens reader (source.ts) and the film
 * history reader (history/zip.ts). A zip's declared sizes can lie, so the bound holds on what is
 * ACTUALLY inflated:
 * - the compressed data is pushed to the inflater in small pieces (PIECE) and its output counted
 *   as it comes; past the bound, inflating stops at once and `tooBig` is thrown, so the memory an
 *   entry can take is the bound plus one piece's worth of output, never its declared or real size;
 * - the bound is the caller's limit and, when verifying, the entry's declared size too (an entry
 *   that inflates past what it declares is a bomb or a damaged file);
 * - output is handed on in modest chunks (YIELD_BYTES), so a reader that stops early (a peek at a
 *   table's first bytes) makes the inflating stop too;
 * - stored (0) and deflated (8) entries are read; anything else is refused as damaged.
 */
import { Inflate } from 'fflate';
import type { ReelError } from '../errors';
import type { ByteSource, ZipEntry } from './source';

/**
 * Compressed bytes pushed to the inflater at a time. DEFLATE expands at most ~1032x, so one push
 * yields at most ~17 MB however the entry was built.
 */
export const PIECE = 16 * 1024;
/** Compressed bytes read from the source at a time. */
const BLOCK = 1 << 20;
/** Inflated bytes gathered before they are handed on. */
const YIELD_BYTES = 1 << 20;

export interface InflateBound {
  /** Most bytes the entry may inflate to, whatever it declares. */
  limit: number;
  /** Also hold the entry to its declared size, and check it inflates to exactly that. */
  verify: boolean;
  /** The error for a damaged entry (`why` in plain words). */
  damaged(why: string): ReelError;
  /**
   * The error once the entry inflates past `bound` bytes; `declared` is true when the bound was
   * its own declared size (it lied), false when it was the caller's limit.
   */
  tooBig(bound: number, declared: boolean): ReelError;
}

const LFH = 0x04034b50;

/** Inflates one entry as a stream of chunks, stopping at the bound (see the header). */
export async function* inflateBounded(
  src: ByteSource,
  e: ZipEntry,
  b: InflateBound,
): AsyncGenerator<Uint8Array> {
  const lfh = await src.read(e.localOffset, 30);
  const lv = new DataView(lfh.buffer, lfh.byteOffset, lfh.byteLength);
  if (lfh.length < 30 || lv.getUint32(0, true) !== LFH) throw b.damaged('no local header');
  const start = e.localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  if (start + e.compressedSize > src.size) throw b.damaged('it ends too early');
  if (e.method !== 0 && e.method !== 8)
    throw b.damaged(`compression method ${e.method} is not supported`);
  const declared = b.verify && e.size <= b.limit;
  const bound = declared ? e.size : b.limit;
  if (e.method === 0) {
    if (b.verify && e.compressedSize !== e.size) throw b.damaged('its sizes disagree');
    if (e.compressedSize > bound) throw b.tooBig(bound, declared);
    for (let at = 0; at < e.compressedSize; at += BLOCK)
      yield await src.read(start + at, Math.min(BLOCK, e.compressedSize - at));
    return;
  }
  let produced = 0;
  let over = false;
  let ready: Uint8Array[] = [];
  let readyBytes = 0;
  const inflate = new Inflate((chunk) => {
    if (over) return;
    if (produced + chunk.length > bound) {
      over = true;
      return;
    }
    produced += chunk.length;
    if (chunk.length === 0) return;
    ready.push(chunk);
    readyBytes += chunk.length;
  });
  for (let at = 0; at < e.compressedSize; at += BLOCK) {
    const block = await src.read(start + at, Math.min(BLOCK, e.compressedSize - at));
    for (let p = 0; p < block.length; p += PIECE) {
      const piece = block.subarray(p, p + PIECE);
      try {
        inflate.push(piece, at + p + piece.length >= e.compressedSize);
      } catch (err) {
        throw b.damaged(err instanceof Error ? err.message : String(err));
      }
      if (over) throw b.tooBig(bound, declared);
      if (readyBytes >= YIELD_BYTES) {
        const out = ready;
        ready = [];
        readyBytes = 0;
        yield* out;
      }
    }
  }
  yield* ready;
  if (e.compressedSize === 0 && e.size > 0) throw b.damaged('it holds no data');
  if (b.verify && produced !== e.size)
    throw b.damaged('it unpacks to a different size than it declares');
}

/**
 * Issue 22 item 6: a zip entry is bounded by what it ACTUALLY inflates to, while it streams. The
 * inflater's output is counted (fflate's Inflate wrapped), so the tests assert on bytes produced.
 */
import type * as Fflate from 'fflate';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const inflated = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('fflate', async (importOriginal) => {
  const real = await importOriginal<typeof Fflate>();
  class CountingInflate extends real.Inflate {
    constructor(cb?: Fflate.FlateStreamHandler) {
      super((chunk, final) => {
        inflated.bytes += chunk.length;
        cb?.(chunk, final);
      });
    }
  }
  return { ...real, Inflate: CountingInflate };
});

import { bytesSource, entryChunks, listZip } from '../../../../src/core/data/source';
import { PIECE } from '../../../../src/core/data/zipInflate';
import { readMovieLensZip } from '../../../helpers/movielens';
import { deflateZeros, lyingZipBomb, zeroBomb, zipRaw } from '../../../../scripts/lib/attacks';
import { rejection } from '../../../helpers/errors';

const MB = 1024 * 1024;
const GIB = 1024 * MB;
/** The most one push of PIECE compressed bytes can inflate to (DEFLATE's ~1032x, rounded up). */
const ONE_PUSH = PIECE * 1040;

async function drain(chunks: AsyncGenerator<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of chunks) n += c.length;
  return n;
}

beforeEach(() => {
  inflated.bytes = 0;
});

describe('bounded inflation (zipInflate.ts)', () => {
  it('stops an entry that declares 1,000 bytes but inflates to 1 GiB just past 1,000 bytes', async () => {
    const zip = zipRaw([{ name: 'ratings.dat', deflated: deflateZeros(GIB), declared: 1000 }]);
    expect(zip.length).toBeLessThan(2 * MB);
    const src = bytesSource('lying.zip', zip);
    const [entry] = await listZip(src);
    const e = await rejection(drain(entryChunks(src, entry!, true, 64 * MB)));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(
      /^ratings\.dat in the zip archive unpacks to more than the 1,000 bytes it declares/,
    );
    expect(inflated.bytes).toBeGreaterThan(1000);
    expect(inflated.bytes).toBeLessThan(1000 + ONE_PUSH);
  });

  it('stops at the limit when the entry declares more than the limit', async () => {
    const zip = zipRaw([{ name: 'ratings.dat', deflated: deflateZeros(GIB), declared: GIB }]);
    const src = bytesSource('honest.zip', zip);
    const [entry] = await listZip(src);
    const e = await rejection(drain(entryChunks(src, entry!, true, 4 * MB)));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/unpacks to more than the 4 MB Reel reads/);
    expect(inflated.bytes).toBeLessThan(4 * MB + ONE_PUSH);
  });

  it('a peek at the first bytes stops the inflating too', async () => {
    const zip = zipRaw([{ name: 'x.dat', deflated: deflateZeros(GIB), declared: GIB }]);
    const src = bytesSource('peek.zip', zip);
    const [entry] = await listZip(src);
    const chunks = entryChunks(src, entry!, false, GIB);
    const first = await chunks.next();
    await chunks.return(undefined);
    expect(first.value).toBeInstanceOf(Uint8Array);
    expect(inflated.bytes).toBeLessThan(MB + ONE_PUSH);
  });
});

describe('the MovieLens reader against bombs that really inflate', () => {
  it('refuses tables that lie about their size (rows, then 1 GiB of zeros) as too large', async () => {
    const { zip, files } = lyingZipBomb();
    expect(zip.length).toBeLessThan(4 * MB);
    const e = await rejection(readMovieLensZip(zip));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(
      /unpacks to more than the .* it declares; it is refused as a zip bomb/,
    );
    const declared = Object.values(files).reduce((n, b) => n + b.length, 0);
    // three peeks and one table read, each stopped within a push of its bound: not 3 GiB
    expect(inflated.bytes).toBeLessThan(declared + 4 * (MB + ONE_PUSH));
  });

  it('refuses the reported bomb (three tables of 1 GB of zeros) after inflating only their heads', async () => {
    const bomb = zeroBomb();
    expect(bomb.length).toBeLessThan(3 * MB);
    const e = await rejection(readMovieLensZip(bomb));
    expect(e.code).toBe('not-movielens');
    expect(inflated.bytes).toBeLessThan(3 * (MB + ONE_PUSH));
  });
});

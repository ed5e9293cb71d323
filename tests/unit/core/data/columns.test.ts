import { describe, expect, it } from 'vitest';
import { concatColumns, readAll } from '../../../../src/core/data/bytes';

describe('concatColumns', () => {
  it('joins every column in order, keeping each column type', () => {
    const out = concatColumns([
      { a: Int32Array.from([1, 2]), b: Float32Array.from([0.5, 1.5]) },
      { a: Int32Array.from([3]), b: Float32Array.from([2.5]) },
    ]);
    expect(out.a).toBeInstanceOf(Int32Array);
    expect(Array.from(out.a)).toEqual([1, 2, 3]);
    expect(out.b).toBeInstanceOf(Float32Array);
    expect(Array.from(out.b)).toEqual([0.5, 1.5, 2.5]);
    expect(() => concatColumns([])).toThrow(RangeError);
  });
});

describe('readAll', () => {
  it('reads a stream to its end and reports the running total', async () => {
    const parts = [Uint8Array.from([1, 2]), Uint8Array.from([3])];
    const seen: number[] = [];
    const bytes = await readAll(new Blob(parts).stream(), (got) => seen.push(got));
    expect(Array.from(bytes)).toEqual([1, 2, 3]);
    expect(seen.at(-1)).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { cosineToRows, norm, rowCount, rowNorms } from '../../../../src/core/features/cosine';
import { ReelError } from '../../../../src/core/errors';

describe('rows of a row-major matrix', () => {
  // 4 rows x 2: [1,0], [0,2], [0,0], [-3,0]
  const m = { data: new Float32Array([1, 0, 0, 2, 0, 0, -3, 0]), dim: 2 };

  it('counts rows and computes norms', () => {
    expect(rowCount(m)).toBe(4);
    expect(Array.from(rowNorms(m))).toEqual([1, 2, 0, 3]);
    expect(norm([3, 4])).toBe(5);
  });

  it('is 1 for parallel, -1 for opposite, 0 for orthogonal rows', () => {
    expect(Array.from(cosineToRows([2, 0], m))).toEqual([1, 0, 0, -1]);
    const n = { data: new Float32Array([4, 3]), dim: 2 };
    expect(cosineToRows([3, 4], n)[0]).toBeCloseTo(24 / 25, 6);
  });

  it('is 0 (never NaN) with a zero or non-finite vector, and for a zero row', () => {
    expect(Array.from(cosineToRows([0, 0], m))).toEqual([0, 0, 0, 0]);
    expect(Array.from(cosineToRows([Number.NaN, 1], m))).toEqual([0, 0, 0, 0]);
    expect(Array.from(cosineToRows([Infinity, 1], m))).toEqual([0, 0, 0, 0]);
    expect(cosineToRows([0, 1], m)[2]).toBe(0);
  });

  it('uses the precomputed norms when given', () => {
    const withNorms = { ...m, norms: rowNorms(m) };
    expect(Array.from(cosineToRows([0, 5], withNorms))).toEqual([0, 1, 0, 0]);
  });

  it('rejects a matrix whose length is not rows x dim', () => {
    expect(() => rowCount({ data: new Float32Array(5), dim: 2 })).toThrow(ReelError);
    expect(() => rowCount({ data: new Float32Array(4), dim: 0 })).toThrow(ReelError);
    expect(() => cosineToRows([1, 2, 3], m)).toThrow(ReelError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  cosine,
  cosineOfRow,
  cosineToRows,
  rowCosine,
  rowCount,
  rowNorms,
  withNorms,
} from '../../../src/core/features/cosine';
import { ReelError } from '../../../src/core/errors';

describe('cosine', () => {
  it('is 1 for parallel, -1 for opposite, 0 for orthogonal vectors', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 6);
    expect(cosine([1, 2], [-1, -2])).toBeCloseTo(-1, 6);
    expect(cosine([1, 0], [0, 3])).toBe(0);
    expect(cosine([3, 4], [4, 3])).toBeCloseTo(24 / 25, 6);
  });

  it('is 0 (never NaN) with a zero or non-finite vector', () => {
    expect(cosine([0, 0], [1, 2])).toBe(0);
    expect(cosine([0, 0], [0, 0])).toBe(0);
    expect(cosine([], [])).toBe(0);
    expect(cosine([Number.NaN, 1], [1, 1])).toBe(0);
    expect(cosine([Infinity, 1], [1, 1])).toBe(0);
  });
});

describe('rows of a row-major matrix', () => {
  // 4 rows x 2: [1,0], [0,2], [0,0], [-3,0]
  const m = { data: new Float32Array([1, 0, 0, 2, 0, 0, -3, 0]), dim: 2 };

  it('counts rows and computes norms', () => {
    expect(rowCount(m)).toBe(4);
    expect(Array.from(rowNorms(m))).toEqual([1, 2, 0, 3]);
    expect(withNorms(m).norms).toEqual(rowNorms(m));
  });

  it('compares rows, zero rows give 0', () => {
    expect(rowCosine(m, 0, 3)).toBeCloseTo(-1, 6);
    expect(rowCosine(m, 0, 1)).toBe(0);
    expect(rowCosine(m, 2, 2)).toBe(0);
    expect(rowCosine(withNorms(m), 0, 0)).toBeCloseTo(1, 6);
  });

  it('compares a vector with every row', () => {
    expect(Array.from(cosineToRows([2, 0], m))).toEqual([1, 0, 0, -1]);
    expect(Array.from(cosineToRows([0, 0], m))).toEqual([0, 0, 0, 0]);
    expect(Array.from(cosineOfRow(m, 2))).toEqual([0, 0, 0, 0]);
    expect(Array.from(cosineOfRow(withNorms(m), 1))).toEqual([0, 1, 0, 0]);
  });

  it('rejects a matrix whose length is not rows x dim', () => {
    expect(() => rowCount({ data: new Float32Array(5), dim: 2 })).toThrow(ReelError);
    expect(() => rowCount({ data: new Float32Array(4), dim: 0 })).toThrow(ReelError);
    expect(() => cosineToRows([1, 2, 3], m)).toThrow(ReelError);
  });
});

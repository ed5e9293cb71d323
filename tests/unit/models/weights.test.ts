import { describe, expect, it } from 'vitest';
import { ReelError } from '../../../src/core/errors';
import { defaultConfig } from '../../../src/models/config';
import { initialWeights } from '../../../src/models/model';
import { parameterCount, restoreWeights, serializeWeights } from '../../../src/models/weights';
import { type ModelWeights } from '../../../src/models/weights';

const mf = initialWeights({ ...defaultConfig('mf'), dim: 3 }, 5, 4, 3.6);
const neural = initialWeights({ ...defaultConfig('neural'), dim: 3, hidden: [4, 2] }, 5, 4, 3.6);

function expectSame(a: ModelWeights, b: ModelWeights): void {
  expect(b.kind).toBe(a.kind);
  expect(b.hidden).toEqual(a.hidden);
  expect(b.ratingRange).toEqual(a.ratingRange);
  expect(b.globalMean).toBe(a.globalMean);
  expect([...b.userFactors]).toEqual([...a.userFactors]);
  expect([...b.movieFactors]).toEqual([...a.movieFactors]);
  expect([...b.userBias]).toEqual([...a.userBias]);
  expect([...b.movieBias]).toEqual([...a.movieBias]);
  expect(b.dense.length).toBe(a.dense.length);
  b.dense.forEach((l, i) => {
    expect([...l.kernel]).toEqual([...a.dense[i]!.kernel]);
    expect([...l.bias]).toEqual([...a.dense[i]!.bias]);
  });
}

describe('model weights', () => {
  it('round-trips through serialize / restore (MF and neural)', () => {
    for (const w of [mf, neural]) {
      const s = serializeWeights(w);
      expect(s.data.byteLength).toBe(parameterCount(w) * 4);
      // As IndexedDB or postMessage would: a structured clone.
      expectSame(w, restoreWeights(structuredClone(s)));
      // An already-restored object is accepted too.
      expectSame(w, restoreWeights(structuredClone(w)));
    }
  });

  it('has the documented shapes', () => {
    // input [u, v, b_u, b_i, u⊙v]: 3 dim + 2
    expect(neural.product).toBe(true);
    expect(neural.dense.map((l) => [l.inSize, l.outSize])).toEqual([
      [11, 4],
      [4, 2],
      [2, 1],
    ]);
    const plain = initialWeights(
      { ...defaultConfig('neural'), dim: 3, hidden: [4, 2], product: false },
      5,
      4,
      3.6,
    );
    expect(plain.dense[0]!.inSize).toBe(8);
    expect(plain.product).toBeUndefined();
    expect(mf.dense).toEqual([]);
  });

  it('reads weights saved before the u⊙v input existed (no product flag) as without it', () => {
    const plain = initialWeights(
      { ...defaultConfig('neural'), dim: 3, hidden: [4, 2], product: false },
      5,
      4,
      3.6,
    );
    const back = restoreWeights(serializeWeights(plain));
    expect(back.product).toBeUndefined();
    expect(back.dense[0]!.inSize).toBe(8);
    const withProduct = restoreWeights(serializeWeights(neural));
    expect(withProduct.product).toBe(true);
    expect(() =>
      restoreWeights({
        ...serializeWeights(neural),
        meta: { ...serializeWeights(neural).meta, product: false },
      }),
    ).toThrow();
  });

  it('refuses damaged or foreign data with model-invalid', () => {
    const s = serializeWeights(neural);
    const bad: unknown[] = [
      null,
      'x',
      { ...s, format: 99 },
      { ...s, data: s.data.slice(0, 8) },
      { ...s, meta: { ...s.meta, kind: 'svd' } },
      { ...s, meta: { ...s.meta, dim: 0 } },
      { ...mf, userBias: new Float32Array(2) },
      { ...mf, userBias: Float32Array.from([NaN, 0, 0, 0, 0]) },
      { ...neural, dense: neural.dense.slice(1) },
    ];
    for (const b of bad) {
      let err: unknown;
      try {
        restoreWeights(b);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ReelError);
      expect((err as ReelError).code).toBe('model-invalid');
    }
  });
});

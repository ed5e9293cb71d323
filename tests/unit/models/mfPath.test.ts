/** The neural model's MF path at the start (config.ts `mfPath`, model.ts mfPathInit). */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/models/config';
import { initialWeights, pretrainFromMf } from '../../../src/models/model';
import { restoreWeights, serializeWeights } from '../../../src/models/weights';
import { foldInNeural } from '../../../src/models/neuralFoldIn';
import { foldIn } from '../../../src/core/recommend/foldin';
import { foldInLambda } from '../../../src/models/config';
import { neuralHead, neuralInputs } from '../../../src/models/neural';
import type { ModelWeights } from '../../../src/models/weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The neural prediction for (user, movie) with biases set to bu, bi. */
function predict(w: ModelWeights, u: number, m: number, bu: number, bi: number): number {
  const d = w.dim;
  return tf.tidy(() => {
    const uu = tf.tensor2d(w.userFactors.subarray(u * d, (u + 1) * d), [1, d]);
    const vv = tf.tensor2d(w.movieFactors.subarray(m * d, (m + 1) * d), [1, d]);
    const layers = w.dense.map((l) => ({
      kernel: tf.tensor2d(l.kernel, [l.inSize, l.outSize]),
      bias: tf.tensor1d(l.bias),
    }));
    const parts = neuralInputs(uu, vv, tf.tensor2d([[bu]]), tf.tensor2d([[bi]]), true);
    return neuralHead(parts, layers, w.ratingRange).dataSync()[0]!;
  });
}

describe('mfPath', () => {
  it('starts the neural model as a biased MF seen through the sigmoid', () => {
    const cfg = { ...defaultConfig('neural'), product: true, mfPath: true, initStd: 0.3 };
    const w = initialWeights(cfg, 5, 7, 3.6);
    const [lo, hi] = w.ratingRange;
    const mid = (lo + hi) / 2;
    for (const [u, m, bu, bi] of [
      [0, 0, 0, 0],
      [1, 3, 0.4, -0.2],
      [4, 6, -0.5, 0.3],
    ] as const) {
      let dot = 0;
      for (let k = 0; k < w.dim; k++)
        dot += w.userFactors[u * w.dim + k]! * w.movieFactors[m * w.dim + k]!;
      const mf = 3.6 + bu + bi + dot;
      const sig = lo + (hi - lo) / (1 + Math.exp(-(4 / (hi - lo)) * (mf - mid)));
      // the other units add only small corrections at the start
      expect(Math.abs(predict(w, u, m, bu, bi) - sig)).toBeLessThan(0.15);
    }
  });

  it('changes nothing without it', () => {
    const base = { ...defaultConfig('neural'), product: true };
    const a = initialWeights({ ...base, mfPath: false }, 5, 7, 3.6);
    const b = initialWeights({ ...base, mfPath: true }, 5, 7, 3.6);
    expect(a.userFactors).toEqual(b.userFactors);
    expect(a.dense[0]!.kernel).not.toEqual(b.dense[0]!.kernel);
  });

  it('takes the MF’s rows (leaving out a user row beyond the data set) and says so', () => {
    const mf = initialWeights({ ...defaultConfig('mf'), initStd: 0.2 }, 6, 7, 3.5);
    const cfg = { ...defaultConfig('neural'), dim: mf.dim };
    const w = pretrainFromMf(cfg, 5, 7, mf);
    expect(w.fromMf).toBe(true);
    expect(w.globalMean).toBe(3.5);
    expect(w.userFactors).toEqual(mf.userFactors.subarray(0, 5 * mf.dim));
    expect(w.movieFactors).toEqual(mf.movieFactors);
    expect(restoreWeights(serializeWeights(w)).fromMf).toBe(true);
    expect(() => pretrainFromMf({ ...cfg, dim: 8 }, 5, 7, mf)).toThrow(/does not match/);
  });

  it('folds a person into it with the MF’s closed form on its rows, whatever came before', () => {
    const mf = initialWeights({ ...defaultConfig('mf'), initStd: 0.2 }, 6, 7, 3.5);
    const w = pretrainFromMf({ ...defaultConfig('neural'), dim: mf.dim }, 6, 7, mf);
    const ratings = [
      { movieIndex: 1, rating: 5 },
      { movieIndex: 4, rating: 2 },
      { movieIndex: 6, rating: 4 },
    ];
    const expected = foldIn(ratings, w, foldInLambda(3));
    const stale = { vector: new Float32Array(w.dim).fill(1), bias: 2 };
    for (const got of [foldInNeural(w, ratings), foldInNeural(w, ratings, { init: stale })]) {
      expect(got.bias).toBeCloseTo(expected.bias, 6);
      expect(Array.from(got.vector)).toEqual(Array.from(expected.vector));
    }
  });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/eval/rng';
import { rmse } from '../../../src/core/eval/metrics';
import { choleskySolve, foldIn, type FoldedUser } from '../../../src/core/recommend/foldin';
import { defaultConfig } from '../../../src/models/config';
import { initialWeights } from '../../../src/models/model';
import { foldInNeural, meanUser } from '../../../src/models/neuralFoldIn';
import { createServingModel, predictPairs, type ScoreOptions } from '../../../src/models/predict';
import type { ModelWeights } from '../../../src/models/weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The MF prediction of one movie, written out. */
function byHand(f: FoldedUser, w: ModelWeights, m: number): number {
  let s = w.globalMean + f.bias + w.movieBias[m]!;
  for (let d = 0; d < w.dim; d++) s += f.vector[d]! * w.movieFactors[m * w.dim + d]!;
  return s;
}

/** A random MF / neural model over 60 movies (dim 4). */
function model(kind: 'mf' | 'neural', seed: number, product = kind === 'neural'): ModelWeights {
  const w = initialWeights(
    { ...defaultConfig(kind), dim: 4, hidden: [8], initStd: 0.8, seed, product },
    10,
    60,
    3.5,
  );
  const rng = createRng(seed);
  w.movieBias.forEach((_, i) => (w.movieBias[i] = rng.nextNormal() * 0.3));
  return w;
}

/** Scores of all movies for one user through a serving model made for the call. */
async function scoreUser(
  w: ModelWeights,
  vector: Float32Array,
  bias: number,
  opts?: ScoreOptions,
): Promise<Float32Array> {
  const s = createServingModel(w);
  try {
    return await s.scoreUser(vector, bias, opts);
  } finally {
    s.dispose();
  }
}

async function plantedRatings(
  w: ModelWeights,
  vector: Float32Array,
  bias: number,
  movies: number[],
) {
  const all = await scoreUser(w, vector, bias);
  return movies.map((m) => ({ movieIndex: m, rating: all[m]! }));
}

describe('choleskySolve', () => {
  it('solves a small SPD system', async () => {
    // A = [[4, 2], [2, 3]], b = [2, 1] -> x = [0.5, 0]
    const x = choleskySolve(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });
});

describe('MF fold-in (ridge solve)', () => {
  const w = model('mf', 1);
  const planted = Float32Array.from([0.9, -0.4, 0.3, 1.1]);
  const movies = Array.from({ length: 30 }, (_, i) => 2 * i);

  it('recovers a planted user vector and bias from noise-free ratings', async () => {
    const f = foldIn(await plantedRatings(w, planted, 0.25, movies), w, 1e-6);
    for (let d = 0; d < 4; d++) expect(f.vector[d]).toBeCloseTo(planted[d]!, 3);
    expect(f.bias).toBeCloseTo(0.25, 3);
  });

  it('shrinks towards zero as lambda grows, and is the zero user with no ratings', async () => {
    const r = await plantedRatings(w, planted, 0.25, movies);
    const small = foldIn(r, w, 0.1);
    const big = foldIn(r, w, 1000);
    const norm = (v: Float32Array): number => Math.hypot(...v);
    expect(norm(big.vector)).toBeLessThan(norm(small.vector));
    expect(norm(big.vector)).toBeLessThan(0.1);
    expect(foldIn([], w, 1)).toEqual({ vector: new Float32Array(4), bias: 0 });
  });

  it('scores all movies in the tf serving path as mu + b_i + b_u + u.v', async () => {
    const f = foldIn(await plantedRatings(w, planted, 0.25, movies), w, 0.5);
    const t = await scoreUser(w, f.vector, f.bias);
    for (let m = 0; m < 60; m++) expect(t[m]).toBeCloseTo(byHand(f, w, m), 4);
    const clipped = await scoreUser(w, f.vector, f.bias, { clip: true });
    for (const x of clipped) expect(x >= 1 && x <= 5).toBe(true);
  });
});

describe('neural fold-in (network frozen)', () => {
  it('fits a planted user: held-out predictions close to the truth', async () => {
    const w = model('neural', 2);
    const planted = Float32Array.from([0.7, -0.9, 0.5, 0.2]);
    const truth = await scoreUser(w, planted, 0.1);
    const seen = Array.from({ length: 40 }, (_, i) => i);
    const ratings = seen.map((m) => ({ movieIndex: m, rating: truth[m]! }));
    const start = meanUser(w);
    const f = foldInNeural(w, ratings, { steps: 30, tolerance: 0, lambda: 0 });
    const heldOut = Array.from({ length: 20 }, (_, i) => 40 + i);
    const pick = (s: Float32Array): number[] => heldOut.map((m) => s[m]!);
    const after = rmse(pick(await scoreUser(w, f.vector, f.bias)), pick(truth));
    const before = rmse(pick(await scoreUser(w, start.vector, start.bias)), pick(truth));
    expect(after).toBeLessThan(0.25 * before);
    expect(after).toBeLessThan(0.05);
  });

  it('ends at a minimum of the ridge objective as served by tf (finite differences)', async () => {
    for (const product of [true, false]) {
      const w = model('neural', 6, product);
      const truth = await scoreUser(w, Float32Array.from([0.3, -0.2, 0.5, 0.1]), 0.2);
      const ratings = Array.from({ length: 25 }, (_, i) => ({
        movieIndex: 2 * i,
        rating: Math.round(truth[2 * i]! * 2) / 2,
      }));
      const lambda = 2;
      const objective = async (v: Float32Array, b: number): Promise<number> => {
        const s = await scoreUser(w, v, b);
        let f = lambda * b * b;
        for (const x of v) f += lambda * x * x;
        for (const r of ratings) f += (s[r.movieIndex]! - r.rating) ** 2;
        return f;
      };
      const f = foldInNeural(w, ratings, { lambda, steps: 50, tolerance: 0 });
      const at = await objective(f.vector, f.bias);
      const h = 1e-2;
      for (let k = 0; k <= 4; k++) {
        for (const sign of [1, -1]) {
          const v = f.vector.slice();
          let b = f.bias;
          if (k < 4) v[k]! += sign * h;
          else b += sign * h;
          // at a minimum, moving any coordinate by h raises F by O(h^2) and never lowers it
          expect(await objective(v, b)).toBeGreaterThan(at - 1e-4);
        }
      }
    }
  });

  it('on MF weights it converges to the ridge solution', async () => {
    const w = model('mf', 3);
    const planted = Float32Array.from([0.5, 0.5, -0.5, 0.2]);
    const r = await plantedRatings(
      w,
      planted,
      0,
      Array.from({ length: 30 }, (_, i) => i),
    );
    const g = foldInNeural(w, r, { steps: 30, lambda: 0 });
    for (let d = 0; d < 4; d++) expect(g.vector[d]).toBeCloseTo(planted[d]!, 2);
    const ridge = foldIn(r, w, 3);
    const h = foldInNeural(w, r, { steps: 30, lambda: 3 });
    for (let d = 0; d < 4; d++) expect(h.vector[d]).toBeCloseTo(ridge.vector[d]!, 4);
    expect(h.bias).toBeCloseTo(ridge.bias, 4);
  });

  it('warm-starts and tolerates unknown movies and no ratings', async () => {
    const w = model('neural', 4);
    const init = { vector: Float32Array.from([1, 2, 3, 4]), bias: 0.5 };
    expect(foldInNeural(w, [], { init })).toEqual({ vector: init.vector, bias: 0.5 });
    const f = foldInNeural(w, [{ movieIndex: 999, rating: 5 }], { init });
    expect([...f.vector]).toEqual([1, 2, 3, 4]);
  });
});

describe('serving', () => {
  it('scoreUser of a trained row equals predictPairs, for both kinds, without leaks', async () => {
    for (const kind of ['mf', 'neural'] as const) {
      const w = model(kind, 5);
      const before = tf.memory().numTensors;
      const s = createServingModel(w);
      const u = 3;
      const all = await s.scoreUser(w.userFactors.slice(u * 4, u * 4 + 4), w.userBias[u]!);
      const movies = Int32Array.from({ length: 60 }, (_, i) => i);
      const pairs = await s.predictPairs(new Int32Array(60).fill(u), movies);
      for (let m = 0; m < 60; m++) expect(all[m]).toBeCloseTo(pairs[m]!, 4);
      const clipped = await predictPairs(w, new Int32Array(60).fill(u), movies, { clip: true });
      for (const x of clipped) expect(x >= 1 && x <= 5).toBe(true);
      s.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

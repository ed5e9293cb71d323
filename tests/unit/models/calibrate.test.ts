/** Issue #11: MF's linear recalibration on the validation rows (calibrate.ts). */
import { describe, expect, it } from 'vitest';
import { applyCalibration, fitCalibration } from '../../../src/models/calibrate';
import { createRng } from '../../../src/core/eval/rng';
import type { ModelWeights } from '../../../src/models/weights';

const dim = 2;
const numUsers = 40;
const numMovies = 30;

function weights(): ModelWeights {
  const rng = createRng(7);
  const r = (n: number, s: number) =>
    Float32Array.from({ length: n }, () => (rng.next() - 0.5) * s);
  return {
    format: 1 as ModelWeights['format'],
    kind: 'mf',
    dim,
    hidden: [],
    numUsers,
    numMovies,
    globalMean: 3.5,
    ratingRange: [1, 5],
    userFactors: r(numUsers * dim, 1),
    movieFactors: r(numMovies * dim, 1),
    userBias: r(numUsers, 0.6),
    movieBias: r(numMovies, 0.6),
    dense: [],
  };
}

function predict(w: ModelWeights, u: number, i: number): number {
  let p = w.globalMean + w.userBias[u]! + w.movieBias[i]!;
  for (let f = 0; f < dim; f++) p += w.userFactors[u * dim + f]! * w.movieFactors[i * dim + f]!;
  return p;
}

/** Every (user, movie) pair rated `truth(prediction)`. */
function rows(w: ModelWeights, truth: (p: number) => number) {
  const users: number[] = [];
  const movies: number[] = [];
  const ratings: number[] = [];
  for (let u = 0; u < numUsers; u++)
    for (let i = 0; i < numMovies; i++) {
      users.push(u);
      movies.push(i);
      ratings.push(truth(predict(w, u, i)));
    }
  return {
    users: Int32Array.from(users),
    movies: Int32Array.from(movies),
    ratings: Float32Array.from(ratings),
  };
}

describe('fitCalibration', () => {
  it('recovers a stretch of predictions that are too close to the mean, and folds it in exactly', () => {
    const w = weights();
    const valid = rows(w, (p) => 1.1 * p - 0.35);
    const fit = fitCalibration(w, valid)!;
    expect(fit.calibration.b).toBeCloseTo(1.1, 4);
    expect(fit.calibration.a).toBeCloseTo(-0.35, 4);
    expect(fit.validRmse).toBeLessThan(fit.before);
    const c = applyCalibration(w, fit.calibration);
    for (const [u, i] of [
      [0, 0],
      [3, 17],
      [39, 29],
    ] as const)
      expect(predict(c, u, i)).toBeCloseTo(
        fit.calibration.a + fit.calibration.b * predict(w, u, i),
        4,
      );
    // the movie factors are untouched (the fold-in fits a new person against them)
    expect(c.movieFactors).toEqual(w.movieFactors);
    expect(w.globalMean).toBe(3.5);
  });

  it('is not used when it does not help, or on too few rows', () => {
    const w = weights();
    expect(
      fitCalibration(
        w,
        rows(w, (p) => p),
      ),
    ).toBeUndefined();
    const few = rows(w, (p) => 2 * p);
    const cut = {
      users: few.users.subarray(0, 50),
      movies: few.movies.subarray(0, 50),
      ratings: few.ratings.subarray(0, 50),
    };
    expect(fitCalibration(w, cut)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { fitBiases, globalMean, predictBiases } from '../../../../src/core/eval/baselines';
import { tuneBiases } from '../../../../src/core/eval/baselines';
import { buildIndexMaps, concatTrainingArrays } from '../../../../src/core/data/indexing';
import { toTrainingArrays } from '../../../../src/core/data/indexing';
import { rmse } from '../../../../src/core/eval/metrics';
import { splitRatings } from '../../../../src/core/eval/split';
import { ReelError } from '../../../../src/core/errors';
import { makeLatentData, pick } from '../../../helpers/latent';

describe('baselines', () => {
  it('global mean', () => {
    expect(globalMean([1, 2, 3, 6])).toBe(3);
  });

  it('biases recover planted biases when there is no interaction term', () => {
    const d = makeLatentData({ dim: 1, factorScale: 0, noise: 0.05, density: 0.5, seed: 2 });
    const m = fitBiases(d.all, d.numUsers, d.numMovies, {
      lambdaUser: 0.1,
      lambdaMovie: 0.1,
      iterations: 20,
    });
    // Biases are identified up to a constant shift between users and movies.
    const shiftU = m.userBias[0]! - d.userBias[0]!;
    for (let u = 0; u < d.numUsers; u++)
      expect(m.userBias[u]! - d.userBias[u]!).toBeCloseTo(shiftU, 1);
    expect(rmse(predictBiases(m, d.all.users, d.all.movies), d.all.ratings)).toBeLessThan(0.08);
  });

  it('lambda is chosen on validation and beats the global mean', () => {
    const d = makeLatentData({ seed: 3 });
    const s = splitRatings(d.all.ratings.length, 1);
    const fit = pick(d.all, s.train);
    const valid = pick(d.all, s.valid);
    const tuned = tuneBiases(fit, valid, d.numUsers, d.numMovies, [0, 5, 25]);
    const mu = globalMean(fit.ratings);
    const flat = rmse(new Float32Array(valid.ratings.length).fill(mu), valid.ratings);
    expect(tuned.validRmse).toBeLessThan(flat);
    expect([0, 5, 25]).toContain(tuned.model.lambdaUser);
  });
});

describe('indexing', () => {
  const maps = buildIndexMaps([10, 3, 7, 3], [5, 2]);

  it('maps ids densely in id order, unknown ids to -1', () => {
    expect(maps.numMovies).toBe(3);
    expect([...maps.movieIds]).toEqual([3, 7, 10]);
    expect(maps.movieIndexById[7]).toBe(1);
    expect(maps.movieIndexById[4]).toBe(-1);
    expect([...maps.userIds]).toEqual([2, 5]);
  });

  it('converts rating columns (all rows or a subset)', () => {
    const cols = {
      users: Uint32Array.from([5, 2, 5]),
      movies: Uint32Array.from([10, 3, 7]),
      ratings: Float32Array.from([4, 1, 5]),
    };
    const all = toTrainingArrays(cols, null, maps);
    expect([...all.users]).toEqual([1, 0, 1]);
    expect([...all.movies]).toEqual([2, 0, 1]);
    expect([...all.ratings]).toEqual([4, 1, 5]);
    const some = toTrainingArrays(cols, Uint32Array.from([2]), maps);
    expect([...some.movies]).toEqual([1]);
    expect(concatTrainingArrays(all, some).ratings.length).toBe(4);
  });

  it('refuses ratings of unknown movies', () => {
    const cols = {
      users: Uint32Array.from([5]),
      movies: Uint32Array.from([8]),
      ratings: Float32Array.from([3]),
    };
    expect(() => toTrainingArrays(cols, null, maps)).toThrow(ReelError);
  });
});

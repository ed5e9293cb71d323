import { describe, expect, it } from 'vitest';
import { restoreBlendInfo } from '../../../../src/core/api/restoreModel';
import type { Movie } from '../../../../src/core/data/types';
import { BLEND_GRID, blendPeople, BLEND_SCORES } from '../../../../src/core/eval/blendMeasure';
import { measureBlend, mfRow, type BlendInputs } from '../../../../src/core/eval/blendMeasure';
import { type MfFactors } from '../../../../src/core/eval/blendMeasure';
import { prepareExperiment } from '../../../../src/core/eval/experiment';
import { createRng } from '../../../../src/core/eval/rng';
import { fitGenreTfidf } from '../../../../src/core/features/tfidf';
import { makeClusterData } from '../../../helpers/clusters';

const data = makeClusterData({ seed: 5 });
const exp = prepareExperiment(data);
const { numUsers, numMovies } = exp.maps;

/** Item-item co-occurrence in the train rows: a stand-in for the ranking model. */
const cooc = new Float32Array(numMovies * numMovies);
{
  const byUser: number[][] = Array.from({ length: numUsers }, () => []);
  for (let i = 0; i < exp.train.users.length; i++)
    byUser[exp.train.users[i]!]!.push(exp.train.movies[i]!);
  for (const ms of byUser)
    for (const a of ms) for (const b of ms) if (a !== b) cooc[a * numMovies + b]!++;
}
const watch = (rated: Int32Array) => {
  const out = new Float32Array(numMovies);
  for (const a of rated) for (let b = 0; b < numMovies; b++) out[b]! += cooc[a * numMovies + b]!;
  return out;
};

function mfOf(dim: number): MfFactors {
  const rng = createRng(11);
  const rand = (n: number) => Float32Array.from({ length: n }, () => (rng.next() - 0.5) * 0.2);
  return {
    dim,
    globalMean: 3.5,
    ratingRange: [1, 5],
    userFactors: rand(numUsers * dim),
    userBias: rand(numUsers),
    movieFactors: rand(numMovies * dim),
    movieBias: rand(numMovies),
  };
}

const movies: Movie[] = Array.from({ length: numMovies }, (_, m) => ({
  id: m + 1,
  title: `Movie ${m}`,
  year: 1990,
  genres: [['Drama', 'Comedy', 'Action', 'Horror'][m % 4]!],
}));

function inputs(extra: Partial<BlendInputs> = {}): BlendInputs {
  return {
    dataVersion: 'v1',
    exp,
    watch,
    mf: mfOf(4),
    tfidf: fitGenreTfidf(movies),
    measuredOn: { ease: 1, mf: 2 },
    ...extra,
  };
}

const clock = () => {
  let t = 0;
  return () => (t += 500);
};
const options = { full: false, pause: () => Promise.resolve(), now: clock() };

describe('mfRow', () => {
  it('is the global mean plus both biases plus the factors’ dot product, unclipped', () => {
    const w: MfFactors = {
      dim: 2,
      globalMean: 4,
      ratingRange: [1, 5],
      userFactors: Float32Array.from([0, 0, 1, 2]),
      userBias: Float32Array.from([0, 0.5]),
      movieFactors: Float32Array.from([1, 1, 2, -1]),
      movieBias: Float32Array.from([0.25, -1]),
    };
    expect(Array.from(mfRow(w, 1, new Float32Array(2)))).toEqual([
      4 + 0.5 + 0.25 + 3,
      4 + 0.5 - 1 + 0,
    ]);
  });
});

describe('measureBlend', () => {
  it('measures people within the score budget, never fewer than 500', () => {
    expect(blendPeople(3_883)).toBe(Math.floor(BLEND_SCORES / 3_883));
    expect(blendPeople(1_000_000)).toBe(500);
  });

  it('chooses weights from the grid on validation and reports every model on the same people', async () => {
    const neural = (user: number) => mfRow(mfOf(4), user, new Float32Array(numMovies));
    const out = await measureBlend(inputs({ neural, measuredOn: { ease: 1, mf: 2, neural: 3 } }), {
      ...options,
      full: true,
      now: clock(),
    });
    expect(restoreBlendInfo(out)).toBe(out);
    expect(out.dataVersion).toBe('v1');
    expect(out.served.tasks).toBeGreaterThan(0);
    expect(BLEND_GRID).toContainEqual(out.weights);
    expect(out.curve.map((c) => c.weights)).toEqual(BLEND_GRID);
    expect(Object.keys(out.models).sort()).toEqual(['ease', 'mf', 'neural', 'popularity']);
    for (const f of Object.values(out.models)) expect(f!.users).toBe(out.served.users);
    expect(out.served.recall20).toBeTypeOf('number');
    expect(out.measuredOn).toEqual({ ease: 1, mf: 2, neural: 3 });
    expect(out.stars?.rows).toBeGreaterThan(0);
    expect(out.seconds).toBe(0.5);
    // the chosen weights are the best on validation (ties keep the earlier grid point)
    const best = Math.max(...out.curve.map((c) => c.valid.ndcg10));
    expect(out.curve.find((c) => c.valid.ndcg10 === best)!.weights).toEqual(out.weights);
  });

  it('gives the same figures twice (deterministic) and the ranking model beats popularity', async () => {
    const a = await measureBlend(inputs(), { ...options, now: clock() });
    const b = await measureBlend(inputs(), { ...options, now: clock() });
    expect(a).toEqual(b);
    expect(a.models.ease!.hr10).toBeGreaterThan(a.models.popularity!.hr10);
  });

  it('yields while it runs and stops with an abort error when cancelled', async () => {
    const signal = { aborted: false };
    let pauses = 0;
    const run = measureBlend(inputs(), {
      ...options,
      signal,
      pause: async () => {
        if (++pauses === 2) signal.aborted = true;
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'abort' });
    expect(pauses).toBe(2);
  });
});

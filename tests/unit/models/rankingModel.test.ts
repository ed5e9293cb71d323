import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { RankingAccumulator } from '../../../src/core/eval/accumulate';
import { prepareExperiment } from '../../../src/core/eval/experiment';
import { byUser, evaluateServed, fitServedStars, type Person } from '../../../src/core/eval/served';
import { IDENTITY_STARS, servedStars, StarsFit } from '../../../src/core/recommend/stars';
import { blendScores, standardiser } from '../../../src/core/recommend/blend';
import { itemOfMovie, similarRow, watchScores } from '../../../src/core/recommend/watch';
import { buildGram } from '../../../src/models/ease';
import { easeReference } from '../../helpers/ease';
import { chooseItems, EASE_BYTES_PER_CELL } from '../../../src/models/rankingModel';
import { EASE_BYTES_PER_RATING, EASE_DROPOUT } from '../../../src/models/rankingModel';
import { EASE_FIXED_BYTES, EASE_MAX_ITEMS } from '../../../src/models/rankingModel';
import { EASE_MEMORY_BUDGET, EASE_MIN_ITEMS, easeItemCap } from '../../../src/models/rankingModel';
import { restoreItemModel, serializeItemModel } from '../../../src/models/rankingModel';
import { trainRankingModel } from '../../../src/models/rankingModel';
import { makeClusterData } from '../../helpers/clusters';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = makeClusterData({ seed: 5 });
const exp = prepareExperiment(data);

describe('the ranking model (EASE) on planted structure', () => {
  it('beats popularity by far, chooses lambda on validation, leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const steps: string[] = [];
    const r = await trainRankingModel(exp, {
      grid: [1, 10, 100],
      searchItems: 60,
      onProgress: (phase) => steps.push(phase),
    });
    expect(tf.memory().numTensors).toBe(before);
    // starts in the middle of the grid, tries both neighbours, walks towards the better one
    expect(r.search.slice(0, 3).map((p) => p.lambda)).toEqual([10, 1, 100]);
    expect(r.search.map((p) => p.lambda)).toContain(r.lambda);
    const best = Math.max(...r.search.map((p) => p.ndcg10));
    expect(r.search.find((p) => p.lambda === r.lambda)!.ndcg10).toBe(best);
    expect(steps).toContain('search');
    expect(steps).toContain('solve');
    const pop = exp.baselines.popularity;
    expect(r.test!.tasks).toBeGreaterThan(100);
    expect(r.test!.hr10).toBeGreaterThan(pop.hr10 + 0.2);
    expect(r.test!.ndcg10).toBeGreaterThan(pop.ndcg10 + 0.15);
  });

  it('says "similar" within the taste group and round-trips through storage', async () => {
    const r = await trainRankingModel(exp, { lambda: 10 });
    const items = itemOfMovie(r.model, exp.maps.numMovies);
    const first = 10; // the first movie of group 0's block
    const row = similarRow(r.model, items, first);
    const top = Array.from(row, (s, i) => [s, i] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 5)
      .map(([, i]) => i);
    // mostly its own group's block (the other groups' blocks hold 5 of every 6 movies)
    expect(top.filter((i) => i >= 10 && i < 35).length).toBeGreaterThanOrEqual(3);
    const back = restoreItemModel(serializeItemModel(r.model), exp.maps.numMovies);
    expect(back.weights).toEqual(r.model.weights);
    expect(() =>
      restoreItemModel({ ...serializeItemModel(r.model), n: 3 }, exp.maps.numMovies),
    ).toThrow(/could not be read/);
  });

  it('solves DLAE: EASE on the Gram matrix with its diagonal raised by p / (1 - p)', async () => {
    const lambda = 10;
    const items = chooseItems(exp.train.movies, exp.maps.numMovies);
    const n = items.length;
    const itemOf = new Int32Array(exp.maps.numMovies).fill(-1);
    items.forEach((m, r) => (itemOf[m] = r));
    const gram = buildGram(exp.train, exp.maps.numUsers, itemOf, n);
    for (const p of [0, EASE_DROPOUT]) {
      const r = await trainRankingModel(exp, { lambda, dropout: p });
      expect(r.dropout).toBe(p);
      const raised = gram.slice();
      for (let i = 0; i < n; i++) raised[i * n + i]! *= 1 + p / (1 - p);
      const ref = easeReference(raised, n, lambda);
      let worst = 0;
      for (let i = 0; i < ref.length; i++)
        worst = Math.max(worst, Math.abs(ref[i]! - r.model.weights[i]!));
      expect(worst).toBeLessThan(1e-4);
    }
    expect(EASE_DROPOUT).toBeGreaterThan(0);
    await expect(trainRankingModel(exp, { lambda, dropout: 1 })).rejects.toThrow(/dropout/);
  });

  it('keeps the most-rated movies first', () => {
    const items = chooseItems(Int32Array.from([2, 2, 1, 5, 5, 5]), 6);
    expect(Array.from(items)).toEqual([5, 2, 1]);
  });

  it('never takes more than EASE_MAX_ITEMS movies: the most-rated of a huge catalogue', () => {
    const numMovies = EASE_MAX_ITEMS + 500;
    // movie m is rated (m % 7) + 1 times: the cap keeps the most-rated ones, ties by index
    const rows: number[] = [];
    for (let m = 0; m < numMovies; m++) for (let k = 0; k <= m % 7; k++) rows.push(m);
    const items = chooseItems(Int32Array.from(rows), numMovies);
    expect(items.length).toBe(EASE_MAX_ITEMS);
    const count = (m: number) => (m % 7) + 1;
    const kept = new Set(items);
    const minKept = Math.min(...Array.from(items, count));
    for (let m = 0; m < numMovies; m++)
      if (!kept.has(m)) expect(count(m)).toBeLessThanOrEqual(minKept);
    expect(Array.from(chooseItems(Int32Array.from([2, 2, 1, 5, 5, 5]), 6, 2))).toEqual([5, 2]);
  });

  it('caps the items by the memory rule: ML-1M keeps all its 3,706, 25M gets fewer', () => {
    const peak = (ratings: number, n: number) =>
      EASE_FIXED_BYTES + EASE_BYTES_PER_RATING * ratings + EASE_BYTES_PER_CELL * n * n;
    expect(easeItemCap(100_000)).toBe(EASE_MAX_ITEMS);
    expect(easeItemCap(1_000_209)).toBe(EASE_MAX_ITEMS); // ML-1M: 3,706 movies, uncapped
    const at25m = easeItemCap(25_000_095);
    expect(at25m).toBeGreaterThan(4_000);
    expect(at25m).toBeLessThan(5_500);
    expect(peak(25_000_095, at25m)).toBeLessThanOrEqual(EASE_MEMORY_BUDGET);
    expect(peak(25_000_095, at25m + 1)).toBeGreaterThan(EASE_MEMORY_BUDGET);
    let last = Infinity;
    for (let r = 0; r <= 100_000_000; r += 5_000_000) {
      const cap = easeItemCap(r);
      expect(cap).toBeLessThanOrEqual(last);
      expect(cap).toBeGreaterThanOrEqual(EASE_MIN_ITEMS);
      last = cap;
    }
    expect(easeItemCap(1e12)).toBe(EASE_MIN_ITEMS);
  });

  it('takes at most maxItems items when told', async () => {
    const r = await trainRankingModel(exp, { lambda: 50, maxItems: 5 });
    expect(r.model.n).toBe(5);
    expect(r.model.weights.length).toBe(25);
  });
});

describe('the served evaluation', () => {
  it('measures exactly blendScores, with the weights chosen on validation', async () => {
    const r = await trainRankingModel(exp, { lambda: 10 });
    const items = itemOfMovie(r.model, exp.maps.numMovies);
    // a stand-in rating signal: the person's mean rating plus a movie effect
    const movieEffect = Float32Array.from({ length: exp.maps.numMovies }, (_, i) => (i % 7) / 7);
    const signals = (p: Person) => {
      const mean = p.ratings.reduce((s, x) => s + x, 0) / Math.max(1, p.ratings.length);
      return {
        watch: watchScores(r.model, items, p.movies, { because: false }).scores,
        rating: Float32Array.from(movieEffect, (e) => mean + e - 0.3),
      };
    };
    const grid = [
      { rating: 0, content: 0 },
      { rating: 0.5, content: 0 },
      { rating: 5, content: 0 },
    ];
    const setup = {
      numUsers: exp.maps.numUsers,
      numMovies: exp.maps.numMovies,
      train: exp.train,
      valid: exp.valid,
      test: exp.test,
      testTasks: exp.ranking,
      validTasks: exp.validRanking,
    };
    const result = await evaluateServed(setup, { grid, signals, full: true });
    // recompute by hand with blendScores on every test task
    const train = byUser(exp.train, exp.maps.numUsers);
    const valid = new Map(grid.map((w) => [w, new RankingAccumulator()]));
    const test = new RankingAccumulator();
    for (const t of exp.validRanking) {
      const p = { user: t.userIdx, ...train.of(t.userIdx) };
      for (const w of grid)
        valid
          .get(w)!
          .addTask(blendScores({ ...signals(p), numRatings: p.movies.length, weights: w }), t);
    }
    const chosen = grid.reduce((a, b) =>
      valid.get(b)!.result().ndcg10 > valid.get(a)!.result().ndcg10 ? b : a,
    );
    for (const t of exp.ranking) {
      const p = { user: t.userIdx, ...train.of(t.userIdx) };
      test.addTask(blendScores({ ...signals(p), numRatings: p.movies.length, weights: chosen }), t);
    }
    expect(result.weights).toEqual(chosen);
    expect(result.served.hr10).toBe(test.result().hr10);
    expect(result.served.ndcg10).toBe(test.result().ndcg10);
    expect(result.served.recall20).toBeGreaterThan(0);
    expect(result.curve).toHaveLength(3);

    // `people`: at least everyone changes nothing; fewer measures every k-th person only
    const all = await evaluateServed(setup, {
      grid,
      signals,
      full: true,
      people: exp.maps.numUsers,
    });
    expect(all).toEqual(result);
    const seen: number[] = [];
    const some = await evaluateServed(setup, {
      grid,
      signals: (p) => (seen.push(p.user), signals(p)),
      people: Math.ceil(exp.maps.numUsers / 3),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((u) => u % 3 === 0)).toBe(true);
    expect(some.served.tasks).toBe(exp.ranking.filter((t) => t.userIdx % 3 === 0).length);

    // measureFloor: the share of test tasks whose held-out movie the floor hides, counted by hand
    const floored = await evaluateServed(setup, { grid, signals, measureFloor: true });
    const hidden = exp.ranking.filter((t) => {
      const p = { user: t.userIdx, ...train.of(t.userIdx) };
      return signals(p).rating[t.movieIdxs[0]!]! < 3;
    }).length;
    expect(hidden).toBeGreaterThan(0);
    expect(floored.positivesBelowFloor).toBeCloseTo(hidden / exp.ranking.length, 12);
    expect(floored.served.hr10).toBeLessThanOrEqual(1 - floored.positivesBelowFloor!);
    expect(result.positivesBelowFloor).toBeUndefined();

    // the served stars: fitted on the validation rows, by hand the same
    const stars = await fitServedStars(setup, { signals });
    const fit = new StarsFit();
    const validRows = byUser(exp.valid, exp.maps.numUsers);
    for (let u = 0; u < exp.maps.numUsers; u++) {
      const sg = signals({ user: u, ...train.of(u) });
      const st = standardiser(sg.watch);
      const v = validRows.of(u);
      v.movies.forEach((m, i) =>
        fit.add(sg.rating[m]!, (sg.watch[m]! - st.mean) / st.sd, v.ratings[i]!),
      );
    }
    expect(stars.stack).toEqual(fit.result());
    expect(stars.stack).not.toEqual(IDENTITY_STARS);
    expect(stars.rows).toBe(exp.valid.users.length);
    const fewer = await fitServedStars(setup, { signals, people: exp.maps.numUsers / 4 });
    expect(fewer.rows).toBeLessThan(stars.rows / 2);

    // ... and their test RMSE, measured with the blend on every person's test rows (clipped)
    const rmseOf = (sg: (p: Person) => { rating: Float32Array }) => {
      const testRows = byUser(exp.test, exp.maps.numUsers);
      let se = 0;
      let n = 0;
      for (let u = 0; u < exp.maps.numUsers; u++) {
        const r = sg({ user: u, ...train.of(u) }).rating;
        const t = testRows.of(u);
        t.movies.forEach((m, i) => {
          se += (Math.min(5, Math.max(1, r[m]!)) - t.ratings[i]!) ** 2;
          n++;
        });
      }
      return { rmse: Math.sqrt(se / n), rows: n };
    };
    const withStars = (p: Person) => {
      const sg = signals(p);
      return { ...sg, rating: servedStars(sg.rating, sg.watch, stars.stack) };
    };
    const measured = await evaluateServed(setup, {
      grid,
      signals: withStars,
      ratingRange: [1, 5],
    });
    const byHand = rmseOf(withStars);
    expect(measured.ratingRmse!.rows).toBe(byHand.rows);
    expect(measured.ratingRmse!.rmse).toBeCloseTo(byHand.rmse, 10);
    // fitted to the same kind of ratings, the stars predict the held-out ones better here
    expect(byHand.rmse).toBeLessThan(rmseOf(signals).rmse);
    expect(result.ratingRmse).toBeUndefined();
  });
});

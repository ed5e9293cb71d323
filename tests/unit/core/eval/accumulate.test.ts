import { describe, expect, it } from 'vitest';
import { rankOrder, RankingAccumulator, topKExcluding } from '../../../../src/core/eval/accumulate';
import { buildRankingTasks } from '../../../../src/core/eval/ranking';
import { createRng } from '../../../../src/core/eval/rng';

describe('full-catalogue ranking with one score for everyone', () => {
  it('addFullInOrder gives exactly the figures of addFull (ties, non-finite scores)', () => {
    const rng = createRng(5).next;
    const n = 500;
    // few distinct values: many ties; some NaN and -Infinity
    const scores = Float32Array.from({ length: n }, () => {
      const r = rng();
      return r < 0.05 ? NaN : r < 0.08 ? -Infinity : Math.floor(rng() * 20);
    });
    const order = rankOrder(scores);
    const a = new RankingAccumulator();
    const b = new RankingAccumulator();
    for (let u = 0; u < 200; u++) {
      const known = new Uint8Array(n);
      for (let k = Math.floor(rng() * 480); k > 0; k--) known[Math.floor(rng() * n)] = 1;
      const positives = Array.from({ length: 1 + Math.floor(rng() * 30) }, () =>
        Math.floor(rng() * n),
      ).filter((m) => !known[m]);
      a.addFull(scores, known, positives);
      b.addFullInOrder(order, known, positives);
      const walked: number[] = [];
      for (const m of order) if (!known[m] && walked.length < 20) walked.push(m);
      expect(walked).toEqual(topKExcluding(scores, 20, known));
    }
    expect(b.result()).toEqual(a.result());
  });
});

describe('sampled ranking tasks', () => {
  it('are drawn from the candidates the person has not rated, 99 of them', () => {
    const rng = createRng(9).next;
    const numUsers = 40;
    const numMovies = 300;
    const users: number[] = [];
    const movies: number[] = [];
    const ratings: number[] = [];
    for (let u = 0; u < numUsers; u++) {
      const seen = new Set<number>();
      const k = u === 0 ? 250 : 5 + Math.floor(rng() * 100); // user 0: too few left to sample
      while (seen.size < k) seen.add(Math.floor(rng() * numMovies));
      for (const m of seen) {
        users.push(u);
        movies.push(m);
        ratings.push(1 + Math.floor(rng() * 5));
      }
    }
    const all = {
      users: Int32Array.from(users),
      movies: Int32Array.from(movies),
      ratings: Float32Array.from(ratings),
    };
    const test = Uint32Array.from({ length: users.length }, (_, i) => i).filter((i) => i % 7 === 0);
    const candidates = Int32Array.from({ length: 280 }, (_, i) => i + 10);
    const tasks = buildRankingTasks(all, test, { seed: 3, numUsers, numMovies, candidates });
    expect(tasks.length).toBeGreaterThan(10);
    expect(tasks.some((t) => t.userIdx === 0)).toBe(false);
    for (const t of tasks) {
      const mine = new Set(movies.filter((_, i) => users[i] === t.userIdx));
      const negatives = Array.from(t.movieIdxs.subarray(1));
      expect(negatives).toHaveLength(99);
      expect(new Set(negatives).size).toBe(99);
      for (const m of negatives) {
        expect(mine.has(m)).toBe(false);
        expect(m >= 10 && m < 290).toBe(true);
      }
    }
  });
});

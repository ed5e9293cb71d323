import { describe, expect, it } from 'vitest';
import { hitRateAtK, mae, ndcgAtK, rmse } from '../../../../src/core/eval/metrics';
import { buildRankingTasks, rankingFromScores } from '../../../../src/core/eval/ranking';
import { rankingPairs } from '../../../../src/core/eval/ranking';

describe('accuracy metrics', () => {
  it('rmse and mae on a hand-computed case', () => {
    const pred = [3, 4, 1];
    const truth = [4, 4, 3];
    // errors -1, 0, -2: squared 1, 0, 4 -> mean 5/3; abs mean 1
    expect(rmse(pred, truth)).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(mae(pred, truth)).toBeCloseTo(1, 12);
    expect(rmse([], [])).toBeNaN();
    expect(() => rmse([1], [1, 2])).toThrow(RangeError);
  });
});

describe('ranking metrics', () => {
  it('HR@k and NDCG@k on hand-computed ranks', () => {
    const ranks = [0, 1, 9, 10, 50];
    expect(hitRateAtK(ranks, 10)).toBeCloseTo(3 / 5, 12);
    const ndcg = (1 / Math.log2(2) + 1 / Math.log2(3) + 1 / Math.log2(11)) / 5;
    expect(ndcgAtK(ranks, 10)).toBeCloseTo(ndcg, 12);
    expect(hitRateAtK([], 10)).toBeNaN();
  });

  it('ranks ties against the positive', () => {
    // The 0-based rank r of the positive is the one where HR@r is 0 and HR@(r+1) is 1.
    const rankOf = (scores: number[]): number => {
      const tasks = [{ userIdx: 0, movieIdxs: Int32Array.from(scores, (_, i) => i) }];
      let r = 0;
      while (rankingFromScores(tasks, scores, r + 1).hr === 0) r++;
      return r;
    };
    expect(rankOf([0.5, 0.1, 0.9, 0.5])).toBe(2);
    expect(rankOf([1, 1, 1])).toBe(2);
    expect(rankOf([3, 1, 2])).toBe(0);
  });

  it('lays tasks out as pairs and scores them', () => {
    const tasks = [
      { userIdx: 0, movieIdxs: Int32Array.from([5, 1, 2, 3]) },
      { userIdx: 1, movieIdxs: Int32Array.from([4, 1, 2, 3]) },
    ];
    const pairs = rankingPairs(tasks);
    expect([...pairs.users]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect([...pairs.movies]).toEqual([5, 1, 2, 3, 4, 1, 2, 3]);
    // Score = movie index for user 0 (positive 5 is top), minus index for user 1 (4 is last).
    const scores = Float32Array.from(pairs.movies, (m, i) => (pairs.users[i] === 0 ? m : -m));
    expect(rankingFromScores(tasks, scores, 2)).toEqual({ hr: 0.5, ndcg: 0.5, tasks: 2 });
  });
});

describe('buildRankingTasks', () => {
  // 30 users x 300 movies; user u rated movies 5u..5u+99, rating 5 on even k. Movies rated by
  // someone: 0..244, so each user has 145 candidates.
  const numUsers = 30;
  const numMovies = 300;
  const users: number[] = [];
  const movies: number[] = [];
  const ratings: number[] = [];
  for (let u = 0; u < numUsers; u++) {
    for (let k = 0; k < 100; k++) {
      users.push(u);
      movies.push(5 * u + k);
      ratings.push(k % 2 === 0 ? 5 : 2);
    }
  }
  const all = {
    users: Int32Array.from(users),
    movies: Int32Array.from(movies),
    ratings: Uint8Array.from(ratings),
  };
  // Test rows: every 10th row.
  const testRows = Uint32Array.from({ length: users.length / 10 }, (_, i) => i * 10);
  const opts = { seed: 9, numUsers, numMovies };

  it('makes one task per user with a test rating >= 4, positive + 99 never-rated movies', () => {
    const tasks = buildRankingTasks(all, testRows, opts);
    expect(tasks.length).toBe(numUsers);
    for (const t of tasks) {
      expect(t.movieIdxs.length).toBe(100);
      const pos = t.movieIdxs[0]!;
      const row = users.findIndex((u, i) => u === t.userIdx && movies[i] === pos);
      expect(testRows.includes(row)).toBe(true);
      expect(ratings[row]).toBeGreaterThanOrEqual(4);
      const negs = [...t.movieIdxs.subarray(1)];
      expect(new Set(negs).size).toBe(99);
      for (const m of negs) {
        // never rated by this user anywhere; rated by someone (default candidates)
        expect(m >= 5 * t.userIdx && m < 5 * t.userIdx + 100).toBe(false);
        expect(m <= 5 * (numUsers - 1) + 99).toBe(true);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const a = buildRankingTasks(all, testRows, opts);
    const b = buildRankingTasks(all, testRows, opts);
    const c = buildRankingTasks(all, testRows, { ...opts, seed: 10 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('skips users without a high test rating', () => {
    const low = { ...all, ratings: all.ratings.map(() => 3) };
    expect(buildRankingTasks(low, testRows, opts)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Movie } from '../../../../src/core/data/types';
import { makeExplainer } from '../../../../src/core/recommend/explain';
import { DISLIKE_WEIGHT, NOT_INTERESTED_WEIGHT } from '../../../../src/core/recommend/watch';
import { itemOfMovie, watchScores, watchScoresAt } from '../../../../src/core/recommend/watch';
import { watchWeight, watchWeights, type ItemModel } from '../../../../src/core/recommend/watch';

/**
 * Planted data: movie 0 (a musical the person rates 1★) is co-watched with 2 and 3 (more
 * musicals); movie 1 (a noir they rate 5★) with 4 and 5 (more noir). Movie 3 is also co-watched
 * a little with the noir.
 */
const n = 6;
const B: ItemModel = {
  n,
  movieOfItem: Int32Array.from({ length: n }, (_, i) => i),
  weights: Float32Array.from(
    [
      [0, 0, 0.6, 0.4, 0, 0],
      [0, 0, 0, 0.1, 0.5, 0.4],
      [0.6, 0, 0, 0, 0, 0],
      [0.4, 0.1, 0, 0, 0, 0],
      [0, 0.5, 0, 0, 0, 0],
      [0, 0.4, 0, 0, 0, 0],
    ].flat(),
  ),
};
const items = itemOfMovie(B, n);

describe('the dislike rule (watchWeight)', () => {
  it('counts a watch +1, pushes a dislike away, a not-interested mildly, nothing else', () => {
    for (const s of [3, 3.5, 4, 5]) expect(watchWeight(s)).toBe(1);
    for (const s of [0.5, 1, 2, 2.5]) expect(watchWeight(s)).toBe(DISLIKE_WEIGHT);
    expect(DISLIKE_WEIGHT).toBeLessThan(0);
    expect(watchWeight(null, 'seen')).toBe(1);
    expect(watchWeight(null, 'not-interested')).toBe(NOT_INTERESTED_WEIGHT);
    expect(NOT_INTERESTED_WEIGHT).toBeLessThan(0);
    expect(NOT_INTERESTED_WEIGHT).toBeGreaterThan(DISLIKE_WEIGHT);
    expect(watchWeight(null, 'want')).toBe(0);
    expect(watchWeight(null)).toBe(0);
  });

  it("makes a disliked film's co-watched films fall instead of rise", () => {
    const rated = [0, 1];
    const old = watchScores(B, items, rated).scores; // every rating a watch
    const now = watchScores(B, items, rated, { weights: watchWeights([1, 5]) }).scores;
    for (const m of [2, 3]) {
      expect(now[m]!).toBeLessThan(old[m]!);
      expect(now[m]!).toBeLessThan(0 + 0.1 + 1e-6); // 3 keeps only the noir's small push
    }
    expect(now[2]!).toBeLessThan(0);
    // the liked film's neighbours are untouched and now rank above every disliked neighbour
    expect(now[4]).toBeCloseTo(old[4]!);
    expect(Math.min(now[4]!, now[5]!)).toBeGreaterThan(Math.max(now[2]!, now[3]!));
    // and watchScoresAt (the sampled evaluation) gives the same numbers
    const at = watchScoresAt(
      B,
      items,
      rated,
      [2, 3, 4, 5],
      new Float32Array(n),
      watchWeights([1, 5]),
    );
    for (const m of [2, 3, 4, 5]) expect(at[m]).toBeCloseTo(now[m]!);
  });

  it('never names a disliked film as the reason', () => {
    const w = watchScores(B, items, [0, 1], { weights: watchWeights([1, 5]) });
    expect(w.because[2]).toBe(-1);
    expect(w.because[3]).toBe(1); // the 5★ noir, not the 1★ musical
    const movies: Movie[] = Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      title: `Film ${i}`,
      year: 1990,
      genres: ['Drama'],
    }));
    // even if asked with the old (unweighted) contributors, explain refuses a film under 3★
    const unweighted = watchScores(B, items, [0, 1]);
    const explain = makeExplainer({
      movies,
      ratingOf: new Map([
        [0, 2],
        [1, 5],
      ]),
      picks: [],
      watch: unweighted,
    });
    expect(explain(2).text).not.toContain('Film 0');
    expect(explain(4).text).toContain('Film 1');
  });
});

import { describe, expect, it } from 'vitest';
import type { Tier } from '../../../src/core/features/tiers';
import { buildTierLists } from '../../../src/core/recommend/lists';
import { rankAll, topN } from '../../../src/core/recommend/rank';
import { LIST_SIZE, MIN_TRUSTED_RATINGS } from '../../../src/core/recommend/stage';

// 9 movies: 0-2 popular, 3-5 mid, 6-8 niche; scores are predicted ratings
const tiers: Tier[] = [
  'popular',
  'popular',
  'popular',
  'mid',
  'mid',
  'mid',
  'niche',
  'niche',
  'niche',
];
const scores = new Float32Array([3.5, 4.5, 4.0, 2.0, 4.9, 3.0, 5.0, 4.2, 3.9]);
const counts = [900, 800, 700, 300, 200, 100, 50, 40, 30];

describe('buildTierLists', () => {
  it('builds one list per tier, best predicted rating first', () => {
    expect(buildTierLists({ scores, tiers, counts, size: 2 })).toEqual({
      popular: [1, 2],
      mid: [4, 5],
      niche: [6, 7],
    });
  });

  it('never lists rated or dismissed movies', () => {
    const rated = new Map([[1, 5]]);
    const dismissed = new Set([4, 6]);
    const lists = buildTierLists({ scores, tiers, counts, exclude: [rated, dismissed] });
    expect(lists).toEqual({ popular: [2, 0], mid: [5, 3], niche: [7, 8] });
    const all = [...lists.popular, ...lists.mid, ...lists.niche];
    for (const i of [1, 4, 6]) expect(all).not.toContain(i);
  });

  it('leaves niche movies with fewer than MIN_TRUSTED_RATINGS out of the niche list', () => {
    expect(MIN_TRUSTED_RATINGS).toBe(20);
    const few = [900, 800, 700, 300, 200, 100, 5, 40, 19];
    expect(buildTierLists({ scores, tiers, counts: few }).niche).toEqual([7]);
    expect(buildTierLists({ scores, tiers, counts: few, minNicheRatings: 0 }).niche).toEqual([
      6, 7, 8,
    ]);
    expect(buildTierLists({ scores, tiers }).niche).toEqual([6, 7, 8]);
  });

  it('skips non-finite scores and defaults to LIST_SIZE', () => {
    const withNaN = Float32Array.from(scores);
    withNaN[1] = Number.NaN;
    expect(buildTierLists({ scores: withNaN, tiers }).popular).toEqual([2, 0]);
    const big = Array.from({ length: 100 }, (_, i) => i);
    const bigTiers = big.map((): Tier => 'mid');
    expect(buildTierLists({ scores: big, tiers: bigTiers }).mid).toHaveLength(LIST_SIZE);
  });
});

describe('topN / rankAll', () => {
  it('orders by score, then counts, then index', () => {
    const s = [1, 3, 3, 2, 3];
    expect(topN(s, 3)).toEqual([1, 2, 4]);
    expect(topN(s, 3, undefined, [0, 1, 5, 0, 9])).toEqual([4, 2, 1]);
    expect(topN(s, 10)).toEqual([1, 2, 4, 3, 0]);
    expect(topN(s, 0)).toEqual([]);
    expect(rankAll(s, (i) => i !== 2)).toEqual([1, 4, 3, 0]);
  });
});

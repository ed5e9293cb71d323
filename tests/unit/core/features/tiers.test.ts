import { describe, expect, it } from 'vitest';
import type { Movie } from '../../../../src/core/data/types';
import { computePopularity, indexById, MID_SHARE } from '../../../../src/core/features/tiers';
import { POPULAR_SHARE, ratingCounter, TIER_ORDER } from '../../../../src/core/features/tiers';
import { TIERS } from '../../../../src/core/features/tiers';

const movies: Movie[] = [10, 20, 30, 40].map((id) => ({
  id,
  title: `M${id}`,
  year: null,
  genres: [],
}));

describe('ratingCounter', () => {
  const countAll = (col: ArrayLike<number>, key?: 'id' | 'index') => {
    const counter = ratingCounter(movies, key);
    counter.add(col);
    return Array.from(counter.counts);
  };

  it('counts by MovieLens id, ignoring ids that name no movie', () => {
    const col = new Uint16Array([10, 20, 20, 40, 40, 40, 99, 0]);
    expect(countAll(col)).toEqual([1, 2, 0, 3]);
    expect(Array.from(indexById(movies).slice(10, 11))).toEqual([0]);
    expect(indexById(movies)[11]).toBe(-1);
  });

  it('counts by dense index', () => {
    const col = new Uint16Array([0, 3, 3, 7]);
    expect(countAll(col, 'index')).toEqual([1, 0, 0, 2]);
  });

  it('counts piece by piece (one stored shard at a time) as in one column, with a row filter', () => {
    const col = Uint32Array.of(10, 20, 20, 40, 40, 40, 99, 30);
    const raters = Uint32Array.of(1, 2, 1, 1, 2, 2, 1, 2);
    const counter = ratingCounter(movies);
    for (const [a, b] of [
      [0, 3],
      [3, 3],
      [3, 8],
    ] as const) {
      const users = raters.subarray(a, b);
      counter.add(col.subarray(a, b), (r) => users[r] === 2);
    }
    expect(Array.from(counter.counts)).toEqual([0, 1, 1, 2]);
  });
});

describe('computePopularity', () => {
  it('uses the documented shares', () => {
    expect([POPULAR_SHARE, MID_SHARE]).toEqual([0.5, 0.9]);
  });

  it('splits by cumulative share of ratings: first 50% popular, up to 90% mid, rest niche', () => {
    // total 100: 50 | 30 + 10 | 5, 3, 2, 0
    const p = computePopularity([5, 50, 0, 30, 3, 10, 2]);
    expect(p.tiers).toEqual(['niche', 'popular', 'niche', 'mid', 'niche', 'mid', 'niche']);
    expect(p.sizes).toEqual({ popular: 1, mid: 2, niche: 4 });
    expect(p.minCount).toEqual({ popular: 50, mid: 10 });
    expect(p.totalRatings).toBe(100);
    expect(Array.from(p.order)).toEqual([1, 3, 5, 0, 4, 6, 2]);
    expect(Array.from(p.rank)).toEqual([3, 0, 6, 1, 4, 2, 5]);
  });

  it('keeps equal counts in one tier (ties go to the more popular side)', () => {
    // the third 30 starts after 60% of ratings but ties the second: still popular
    expect(computePopularity([30, 30, 30, 10]).tiers).toEqual([
      'popular',
      'popular',
      'popular',
      'niche',
    ]);
    expect(computePopularity([40, 40, 10, 10]).tiers).toEqual(['popular', 'popular', 'mid', 'mid']);
  });

  it('puts movies with zero ratings in niche, and everything in niche when nobody rated', () => {
    expect(computePopularity([0, 0, 0]).tiers).toEqual(['niche', 'niche', 'niche']);
    const p = computePopularity([0, 7, 0]);
    expect(p.tiers).toEqual(['niche', 'popular', 'niche']);
    expect(p.sizes).toEqual({ popular: 1, mid: 0, niche: 2 });
    expect(p.minCount.mid).toBe(Infinity);
    expect(computePopularity([]).tiers).toEqual([]);
  });

  it('gives a meaningful number of movies to each tier on a long-tailed catalogue', () => {
    // Zipf-like counts for 1,000 movies
    const counts = Array.from({ length: 1000 }, (_, i) => Math.floor(10000 / (i + 1)));
    const { sizes } = computePopularity(counts);
    for (const t of TIER_ORDER) expect(sizes[t]).toBeGreaterThan(20);
    expect(sizes.popular).toBeLessThan(sizes.mid);
    expect(sizes.mid).toBeLessThan(sizes.niche);
  });
});

describe('TIERS', () => {
  it('has a label and a description for every tier', () => {
    for (const t of TIER_ORDER) {
      expect(TIERS[t].label.length).toBeGreaterThan(0);
      expect(TIERS[t].description.length).toBeGreaterThan(0);
    }
  });
});

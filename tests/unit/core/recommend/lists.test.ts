import { describe, expect, it } from 'vitest';
import type { Tier } from '../../../../src/core/features/tiers';
import type { Movie } from '../../../../src/core/data/types';
import { buildPagedTierLists, buildTierLists } from '../../../../src/core/recommend/lists';
import { filmFilter, filterOptions, whyEmpty } from '../../../../src/core/recommend/lists';
import { topN } from '../../../../src/core/recommend/rank';
import { LIST_SIZE, MIN_TRUSTED_RATINGS } from '../../../../src/core/recommend/stage';

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

describe('topN', () => {
  it('orders by score, then counts, then index', () => {
    const s = [1, 3, 3, 2, 3];
    expect(topN(s, 3)).toEqual([1, 2, 4]);
    expect(topN(s, 3, undefined, [0, 1, 5, 0, 9])).toEqual([4, 2, 1]);
    expect(topN(s, 10)).toEqual([1, 2, 4, 3, 0]);
    expect(topN(s, 0)).toEqual([]);
    expect(topN(s, 10, (i) => i !== 2)).toEqual([1, 4, 3, 0]);
  });
});

describe('paging, filters and empty lists', () => {
  const movies: Movie[] = tiers.map((_, i) => ({
    id: i + 1,
    title: `M${i}`,
    year: 1950 + 10 * (i % 5),
    genres: i % 2 ? ['Comedy'] : ['Drama', 'Film-Noir'],
  }));

  it('a tier shows its own size and says whether there is more', () => {
    const { lists, more } = buildPagedTierLists({ scores, tiers, counts, sizes: { popular: 2 } });
    expect(lists.popular).toEqual([1, 2]);
    expect(more.popular).toBe(true);
    expect(more.mid).toBe(false);
  });

  it('narrows by genre and decade', () => {
    const keep = filmFilter(movies, { genre: 'Comedy' })!;
    const lists = buildTierLists({ scores, tiers, counts, keep });
    expect(
      Object.values(lists)
        .flat()
        .every((i) => movies[i]!.genres.includes('Comedy')),
    ).toBe(true);
    const byDecade = filmFilter(movies, { decade: 1960 })!;
    expect(Object.values(buildTierLists({ scores, tiers, counts, keep: byDecade })).flat()).toEqual(
      [1, 6],
    );
    expect(filmFilter(movies, {})).toBeUndefined();
    expect(filterOptions(movies)).toEqual({
      genres: ['Comedy', 'Drama', 'Film-Noir'],
      decades: [1950, 1960, 1970, 1980, 1990],
    });
  });

  it('an empty list says why: all rated, the filter, or the star floor', () => {
    const all = { scores, tiers, counts, minNicheRatings: 0 };
    expect(whyEmpty({ ...all, exclude: new Set([0, 1, 2]) }, 'popular')).toBe('done');
    expect(whyEmpty({ ...all, keep: () => false }, 'popular')).toBe('filter');
    const floored = new Float32Array(scores).fill(-Infinity);
    expect(whyEmpty({ ...all, scores: floored }, 'popular')).toBe('floor');
  });
});

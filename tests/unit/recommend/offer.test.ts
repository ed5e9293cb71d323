import { describe, expect, it } from 'vitest';
import type { Tier } from '../../../src/core/features/tiers';
import { chooseOffers } from '../../../src/core/recommend/offer';
import { OFFER_BATCH_SIZE, OFFER_PATTERN } from '../../../src/core/recommend/stage';

// 12 movies: 0-3 popular, 4-7 mid, 8-11 niche; score = higher for lower index inside each tier
const tiers: Tier[] = [
  ...Array<Tier>(4).fill('popular'),
  ...Array<Tier>(4).fill('mid'),
  ...Array<Tier>(4).fill('niche'),
];
const scores = [0.9, 0.8, 0.7, 0.6, 0.95, 0.5, 0.4, 0.3, 0.99, 0.2, 0.1, 0.05];
const counts = [900, 800, 700, 600, 400, 300, 200, 100, 50, 40, 30, 25];

describe('chooseOffers', () => {
  it('follows the tier pattern (3 popular, 2 mid, 1 niche per 6), best content score first', () => {
    expect(OFFER_PATTERN).toEqual(['popular', 'mid', 'popular', 'niche', 'popular', 'mid']);
    const offers = chooseOffers({ scores, tiers, counts, count: 6 });
    expect(offers).toEqual([0, 4, 1, 8, 2, 5]);
    expect(offers.map((i) => tiers[i])).toEqual(OFFER_PATTERN);
  });

  it('excludes rated and dismissed movies (sets, maps, predicates, combined)', () => {
    const rated = new Map([
      [0, 5],
      [4, 3],
    ]);
    const dismissed = new Set([8]);
    const offers = chooseOffers({ scores, tiers, counts, count: 6, exclude: [rated, dismissed] });
    expect(offers).toEqual([1, 5, 2, 9, 3, 6]);
    const byFn = chooseOffers({ scores, tiers, counts, count: 6, exclude: (i) => i % 2 === 0 });
    expect(byFn.every((i) => i % 2 === 1)).toBe(true);
  });

  it('fills a slot from the nearest tier when a tier runs out, and stops when all do', () => {
    const offers = chooseOffers({ scores, tiers, counts, count: 20 });
    expect(offers).toHaveLength(12);
    expect(new Set(offers).size).toBe(12);
    // popular has 4: the 4th popular slot onwards falls back to mid
    expect(offers.slice(0, 6)).toEqual([0, 4, 1, 8, 2, 5]);
  });

  it('skips niche movies with too few ratings when counts are given', () => {
    const few = counts.map((c, i) => (i === 8 ? 3 : c));
    const offers = chooseOffers({ scores, tiers, counts: few, count: 6 });
    expect(offers).not.toContain(8);
    expect(offers[3]).toBe(9);
    expect(chooseOffers({ scores, tiers, counts: few, count: 6, minNicheRatings: 0 })[3]).toBe(8);
    expect(chooseOffers({ scores, tiers, count: 6 })[3]).toBe(8); // no counts: no filter
  });

  it('breaks equal scores by popularity, then index, and is deterministic', () => {
    const flat = new Array(12).fill(0.5);
    const a = chooseOffers({ scores: flat, tiers, counts, count: 6 });
    expect(a).toEqual([0, 4, 1, 8, 2, 5]);
    expect(chooseOffers({ scores: flat, tiers, counts, count: 6 })).toEqual(a);
    const reversed = [...counts].reverse();
    expect(chooseOffers({ scores: flat, tiers, counts: reversed, count: 3 })).toEqual([3, 7, 2]);
  });

  it('defaults to OFFER_BATCH_SIZE and handles count 0 / custom patterns', () => {
    const many = Array.from({ length: 60 }, (_, i) => i / 60);
    const manyTiers = Array.from(
      { length: 60 },
      (_, i): Tier => (['popular', 'mid', 'niche'] as const)[i % 3]!,
    );
    expect(chooseOffers({ scores: many, tiers: manyTiers })).toHaveLength(OFFER_BATCH_SIZE);
    expect(chooseOffers({ scores, tiers, count: 0 })).toEqual([]);
    expect(chooseOffers({ scores, tiers, count: 3, pattern: ['niche'] })).toEqual([8, 9, 10]);
  });
});

import { describe, expect, it } from 'vitest';
import { GEM_MIN_STARS, GEM_RULE, communityGood } from '../../../../src/core/features/tiers';
import { gemRule, shrunkMeans } from '../../../../src/core/features/tiers';
import { buildTierLists } from '../../../../src/core/recommend/lists';
import type { Tier } from '../../../../src/core/features/tiers';

describe('gems are good films', () => {
  // five films: counts and mean stars (sum = count * mean)
  const counts = Uint32Array.from([1000, 300, 40, 40, 60, 2]);
  const means = [3.5, 2.4, 4.3, 2.8, 4.0, 5];
  const sums = Float64Array.from(means.map((m, i) => m * counts[i]!));

  it('shrinks few ratings toward the catalogue mean', () => {
    const s = shrunkMeans(counts, sums);
    expect(s[0]).toBeCloseTo(3.5, 1);
    // two 5★ ratings are not a 5★ film
    expect(s[5]!).toBeLessThan(3.6);
    expect(s[2]!).toBeGreaterThan(s[3]!);
  });

  it('keeps weak films and low predictions out of well known and hidden gems', () => {
    const good = communityGood(counts, sums);
    expect(good[1]).toBe(0); // Meteor-like: a 2.4 average
    expect(good[2]).toBe(1);
    expect(good[3]).toBe(0);
    expect(good[4]).toBe(1);
    const tiers: Tier[] = ['popular', 'mid', 'niche', 'niche', 'niche', 'niche'];
    const stars = Float32Array.from([3.2, 4.5, 3.4, 4.5, 4.0, 3.0]);
    const rule = gemRule(good, stars);
    expect(rule('popular', 0)).toBe(true); // the popular tier keeps its own rule
    expect(rule('mid', 1)).toBe(false); // predicted high, but the community rates it low
    expect(rule('niche', 2)).toBe(false); // rated well, predicted 3.4★
    expect(rule('niche', 3)).toBe(false);
    const lists = buildTierLists({
      scores: stars,
      tiers,
      counts,
      minNicheRatings: 0,
      offerable: rule,
    });
    for (const t of ['mid', 'niche'] as const)
      for (const i of lists[t]) {
        expect(good[i]).toBe(1);
        expect(stars[i]!).toBeGreaterThanOrEqual(GEM_MIN_STARS);
      }
    expect(lists.popular).toEqual([0]);
    expect(lists.niche).toEqual([4]);
  });

  it('states the rule in one sentence', () => {
    expect(GEM_RULE).toMatch(/3\.5★/);
    expect(GEM_RULE.split('. ').length).toBe(1);
  });
});

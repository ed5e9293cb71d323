import { describe, expect, it } from 'vitest';
import { blendScores, contentWeight, DEFAULT_BLEND } from '../../../../src/core/recommend/blend';
import { standardiser } from '../../../../src/core/recommend/blend';
import { COLLAB_UNLOCK_RATINGS, CONTENT_WEIGHT_EARLY } from '../../../../src/core/recommend/stage';
import { CONTENT_WEIGHT_MIN_AT, MIN_PREDICTED_RATING } from '../../../../src/core/recommend/stage';

const w = { rating: 0.5, content: 0.1 };

describe('contentWeight', () => {
  it('is the early weight up to the unlock, falls linearly to the validated weight, then stays', () => {
    expect(contentWeight(0, w)).toBe(CONTENT_WEIGHT_EARLY);
    expect(contentWeight(COLLAB_UNLOCK_RATINGS, w)).toBe(CONTENT_WEIGHT_EARLY);
    const mid = (COLLAB_UNLOCK_RATINGS + CONTENT_WEIGHT_MIN_AT) / 2;
    expect(contentWeight(mid, w)).toBeCloseTo((CONTENT_WEIGHT_EARLY + 0.1) / 2, 10);
    expect(contentWeight(CONTENT_WEIGHT_MIN_AT, w)).toBeCloseTo(0.1, 10);
    expect(contentWeight(5000, w)).toBeCloseTo(0.1, 10);
    expect(contentWeight(Number.NaN, w)).toBe(CONTENT_WEIGHT_EARLY);
  });
});

describe('blendScores (the served ranking)', () => {
  it('standardises each signal per person and adds them with the weights', () => {
    const watch = [1, 2, 3, 4];
    const rating = [4, 4, 3.5, 4.5];
    const content = [0, 0, 1, 1];
    const s = blendScores({ watch, rating, content, numRatings: 1000, weights: w });
    const z = (a: number[], i: number) => {
      const { mean, sd } = standardiser(a);
      return (a[i]! - mean) / sd;
    };
    for (let i = 0; i < 4; i++)
      expect(s[i]).toBeCloseTo(z(watch, i) + 0.5 * z(rating, i) + 0.1 * z(content, i), 5);
  });

  it('never recommends a movie predicted below 3★ or one the ranking model cannot score', () => {
    const s = blendScores({
      watch: [5, 1, -Infinity, 2],
      rating: [MIN_PREDICTED_RATING - 0.01, 4, 5, MIN_PREDICTED_RATING],
      numRatings: 20,
      weights: DEFAULT_BLEND,
    });
    expect(s[0]).toBe(-Infinity);
    expect(s[2]).toBe(-Infinity);
    expect(Number.isFinite(s[1]!)).toBe(true);
    expect(Number.isFinite(s[3]!)).toBe(true);
    // unclipped predictions rank as they are: 4.4 above 3.5 when the rating decides
    const byRating = blendScores({ rating: [3.5, 4.4], numRatings: 20, weights: DEFAULT_BLEND });
    expect(byRating[1]).toBeGreaterThan(byRating[0]!);
  });

  it('works with a model missing: the rating alone ranks, content still counts', () => {
    const s = blendScores({ rating: [3, 5, 4], content: [0, 0, 0], numRatings: 60, weights: w });
    expect(
      Array.from(s)
        .map((x, i) => [x, i])
        .sort((a, b) => b[0]! - a[0]!)
        .map((p) => p[1]),
    ).toEqual([1, 2, 0]);
    expect(Array.from(blendScores({ numRatings: 0, weights: w }))).toEqual([]);
  });
});

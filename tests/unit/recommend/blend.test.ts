import { describe, expect, it } from 'vitest';
import {
  blendOne,
  blendScores,
  contentWeight,
  explainBlend,
  hybridAsRating,
  rescaleRating,
} from '../../../src/core/recommend/blend';
import {
  CONTENT_WEIGHT_MAX,
  CONTENT_WEIGHT_MIN,
  CONTENT_WEIGHT_MIN_AT,
  COLLAB_UNLOCK_RATINGS,
} from '../../../src/core/recommend/stage';

describe('contentWeight', () => {
  it('is 0.5 up to the unlock, falls linearly to 0.2 at 50 ratings, then stays', () => {
    expect([CONTENT_WEIGHT_MAX, CONTENT_WEIGHT_MIN, CONTENT_WEIGHT_MIN_AT]).toEqual([0.5, 0.2, 50]);
    expect(contentWeight(0)).toBe(0.5);
    expect(contentWeight(COLLAB_UNLOCK_RATINGS)).toBe(0.5);
    expect(contentWeight(30)).toBeCloseTo(0.35, 10);
    expect(contentWeight(50)).toBeCloseTo(0.2, 10);
    expect(contentWeight(500)).toBe(0.2);
    expect(contentWeight(Number.NaN)).toBe(0.5);
  });
});

describe('blending', () => {
  it('rescales predicted ratings 1..5 to 0..1, clamped', () => {
    expect(rescaleRating(1)).toBe(0);
    expect(rescaleRating(3)).toBe(0.5);
    expect(rescaleRating(5)).toBe(1);
    expect(rescaleRating(6.2)).toBe(1);
    expect(rescaleRating(-1)).toBe(0);
    expect(rescaleRating(Number.NaN)).toBe(0);
  });

  it('computes hybrid = (1 - w) * collab01 + w * content01', () => {
    expect(blendOne(5, 1, 0.3)).toBeCloseTo(1, 10);
    expect(blendOne(3, 0.5, 0.5)).toBeCloseTo(0.5, 10);
    expect(blendOne(4, 0.2, 0.3)).toBeCloseTo(0.7 * 0.75 + 0.3 * 0.2, 10);
    expect(blendOne(4, -0.4, 0.3)).toBeCloseTo(0.7 * 0.75, 10); // negative content clamps to 0
    expect(blendOne(4, Number.NaN, 0.3)).toBeCloseTo(0.7 * 0.75, 10);
  });

  it('blends whole arrays with the weight for the rating count', () => {
    const collab = new Float32Array([5, 1, 3]);
    const content = new Float32Array([0, 1, 0.5]);
    const at10 = blendScores(collab, content, 10);
    expect(Array.from(at10)).toEqual([0.5, 0.5, 0.5]);
    const at50 = blendScores(collab, content, 50);
    expect(at50[0]).toBeCloseTo(0.8, 6);
    expect(at50[1]).toBeCloseTo(0.2, 6);
    // a content array that is too short counts as no match
    expect(blendScores(collab, [1], 50)[2]).toBeCloseTo(0.8 * 0.5, 6);
    expect(hybridAsRating(0.5)).toBe(3);
  });

  it('explains the weights in one line', () => {
    expect(explainBlend(10)).toBe(
      'Hybrid: 50% predicted rating (matrix factorizer) + 50% genre match with your profile; ' +
        'the genre share falls from 50% at 10 ratings to 20% at 50 as you rate more.',
    );
    expect(explainBlend(30, 'neural model')).toContain(
      '65% predicted rating (neural model) + 35% genre match',
    );
    expect(explainBlend(80)).not.toContain('\n');
  });
});

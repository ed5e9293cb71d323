import { describe, expect, it } from 'vitest';
import { predictedText, starsLabel, starValues } from '../../../../src/ui/rate/scale';
import { countByFilter, ratingRows } from '../../../../src/ui/ratings/ratingRows';

describe('the rating scale (issue #10: half stars where the release has them)', () => {
  it('offers 1..5, or 0.5..5 in halves', () => {
    expect(starValues(false)).toEqual([1, 2, 3, 4, 5]);
    expect(starValues(true)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  });

  it('shows a predicted rating to the half only where the release rates in halves', () => {
    expect(predictedText(3.74, true)).toBe('3.5');
    expect(predictedText(3.76, true)).toBe('4.0');
    expect(predictedText(3.74, false)).toBe('3.7');
  });

  it('names each value', () => {
    expect(starsLabel(0.5)).toBe('half a star');
    expect(starsLabel(1)).toBe('1 star');
    expect(starsLabel(3.5)).toBe('3.5 stars');
  });

  it('files a half-star rating under the star above in "Your ratings"', () => {
    const rs = [
      { movieId: 1, rating: 3.5, at: 1 },
      { movieId: 2, rating: 4, at: 2 },
      { movieId: 3, rating: 0.5, at: 3 },
      { movieId: 4, rating: null, at: 4 },
    ];
    expect(ratingRows(rs, 4).map((r) => r.movieId)).toEqual([2, 1]);
    expect(ratingRows(rs, 1).map((r) => r.movieId)).toEqual([3]);
    expect(countByFilter(rs).get(3)).toBe(0);
    expect(countByFilter(rs).get('all')).toBe(4);
  });
});

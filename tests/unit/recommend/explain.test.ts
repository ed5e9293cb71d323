import { describe, expect, it } from 'vitest';
import type { Movie } from '../../../src/core/data/types';
import {
  explainRecommendation,
  joinWords,
  makeExplainer,
  stars,
} from '../../../src/core/recommend/explain';

const movies: Movie[] = [
  { id: 1, title: 'Fargo', year: 1996, genres: ['Crime', 'Drama', 'Thriller'] },
  { id: 2, title: 'Matrix, The', year: 1999, genres: ['Action', 'Sci-Fi', 'Thriller'] },
  { id: 3, title: 'Blood Simple', year: 1984, genres: ['Drama', 'Film-Noir'] },
  { id: 4, title: 'Dark City', year: 1998, genres: ['Film-Noir', 'Sci-Fi', 'Thriller'] },
  { id: 5, title: 'Notting Hill', year: 1999, genres: ['Comedy', 'Romance'] },
  { id: 6, title: 'Toy Story', year: 1995, genres: ['Animation', "Children's", 'Comedy'] },
];
// item factors, dim 2: Fargo [1,0], Matrix [0,1], Blood Simple ~Fargo, Dark City ~Matrix,
// Notting Hill opposite of Fargo, Toy Story zero
const factors = {
  data: new Float32Array([1, 0, 0, 1, 0.9, 0.1, 0.2, 0.9, -1, 0.05, 0, 0]),
  dim: 2,
};

describe('explain', () => {
  const ctx = {
    movies,
    factors,
    picks: ['Comedy', 'Romance', 'Drama'],
    ratings: [
      { index: 0, rating: 5 },
      { index: 1, rating: 4 },
    ],
  };

  it('names the most similar highly rated movie, with stars', () => {
    const e = explainRecommendation(2, ctx);
    expect(e.text).toBe('because you rated Fargo ★★★★★');
    expect(e.label).toBe('because you rated Fargo 5 stars');
    expect(e).toMatchObject({ kind: 'rated', source: 0, rating: 5 });
    expect(e.similarity).toBeGreaterThan(0.9);
    // article moved back to the front
    expect(explainRecommendation(3, ctx).text).toBe('because you rated The Matrix ★★★★');
  });

  it('ignores ratings below 4', () => {
    const low = { ...ctx, ratings: [{ index: 0, rating: 3 }] };
    expect(explainRecommendation(2, low)).toMatchObject({
      kind: 'genres',
      text: 'shares Drama with your picks',
    });
  });

  it('falls back to genres shared with the picks when no liked movie is similar enough', () => {
    expect(explainRecommendation(4, ctx)).toEqual({
      kind: 'genres',
      text: 'shares Comedy and Romance with your picks',
      label: 'shares Comedy and Romance with your picks',
      genres: ['Comedy', 'Romance'],
    });
    // zero factors: no similarity, genre fallback
    expect(explainRecommendation(5, ctx).text).toBe('shares Comedy with your picks');
    // no factors at all
    expect(explainRecommendation(2, { ...ctx, factors: undefined }).text).toBe(
      'shares Drama with your picks',
    );
  });

  it('says "predicted from people with similar taste" when nothing else applies', () => {
    const e = explainRecommendation(3, { ...ctx, factors: undefined });
    expect(e).toMatchObject({ kind: 'model', text: 'predicted from people with similar taste' });
  });

  it('lists at most three genres and never explains a movie by itself', () => {
    const picksAll = {
      ...ctx,
      picks: ['Animation', "Children's", 'Comedy', 'Romance'],
      ratings: [{ index: 5, rating: 5 }],
    };
    expect(makeExplainer(picksAll)(5).text).toBe(
      "shares Animation, Children's and Comedy with your picks",
    );
  });

  it('formats stars and word lists', () => {
    expect(stars(4)).toBe('★★★★');
    expect(stars(9)).toBe('★★★★★');
    expect(joinWords([])).toBe('');
    expect(joinWords(['A'])).toBe('A');
    expect(joinWords(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

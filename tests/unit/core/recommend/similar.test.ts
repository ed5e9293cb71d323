import { describe, expect, it } from 'vitest';
import type { Movie } from '../../../../src/core/data/types';
import { fitGenreTfidf } from '../../../../src/core/features/tfidf';
import { similarMovies } from '../../../../src/core/recommend/similar';

const movies: Movie[] = [
  { id: 1, title: 'A', year: null, genres: ['Comedy'] },
  { id: 2, title: 'B', year: null, genres: ['Comedy', 'Romance'] },
  { id: 3, title: 'C', year: null, genres: ['Horror'] },
  { id: 4, title: 'D', year: null, genres: ['Comedy'] },
  { id: 5, title: 'E', year: null, genres: [] },
];
const tfidf = fitGenreTfidf(movies);
// The ranking model's row for movie 0 (watching A speaks for D most, then C; not for B).
const row0 = Float32Array.from([-Infinity, -0.1, 0.3, 0.9, -Infinity]);

describe('similarMovies', () => {
  it("uses the ranking model's row and excludes the movie itself", () => {
    const r = similarMovies(0, { row: row0, tfidf });
    expect(r.source).toBe('model');
    expect(r.indices).toEqual([3, 2]); // B speaks against, E is outside the model
    expect(r.scores[0]).toBeCloseTo(0.9, 6);
    expect(r.indices).not.toContain(0);
  });

  it('falls back to content similarity without factors or for a movie with zero factors', () => {
    const r = similarMovies(0, { tfidf, size: 2 });
    expect(r.source).toBe('content');
    expect(r.indices).toEqual([3, 1]);
    expect(r.scores[0]).toBeCloseTo(1, 6);
    expect(similarMovies(4, { tfidf }).source).toBe('none'); // not in the model, no genres
    const onlyGenres = similarMovies(3, { row: new Float32Array(5).fill(-Infinity), tfidf });
    expect(onlyGenres.source).toBe('content');
    expect(onlyGenres.indices.slice(0, 2)).toEqual([0, 1]);
  });

  it('drops low-count movies from model results, breaks ties by counts, honours exclusions', () => {
    const counts = [100, 100, 5, 100, 0];
    expect(similarMovies(0, { row: row0, counts }).indices).toEqual([3]);
    expect(similarMovies(0, { row: row0, counts, minRatings: 0 }).indices).toEqual([3, 2]);
    expect(similarMovies(0, { row: row0, exclude: new Set([3]) }).indices).toEqual([2]);
    // content ties (A and D are both pure Comedy) go to the more rated movie
    expect(similarMovies(1, { tfidf, counts: [10, 0, 0, 50, 0] }).indices.slice(0, 2)).toEqual([
      3, 0,
    ]);
  });

  it('returns nothing for an unknown movie', () => {
    expect(similarMovies(99, { tfidf })).toEqual({
      source: 'none',
      indices: [],
      scores: [],
    });
  });
});

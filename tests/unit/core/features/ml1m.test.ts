// Content features on the real MovieLens 1M (tests/helpers/ml1m.ts; skipped without a copy).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Movie } from '../../../../src/core/data/types';
import { buildSearchIndex, displayTitle, search } from '../../../../src/core/features/search';
import { fitGenreTfidf } from '../../../../src/core/features/tfidf';
import { computePopularity } from '../../../../src/core/features/tiers';
import { countRatings } from '../../../helpers/ratings';
import { chooseOffers } from '../../../../src/core/recommend/offer';
import { loadMl1m, ML1M_PATH } from '../../../helpers/ml1m';

describe.skipIf(!ML1M_PATH)('content features on MovieLens 1M', () => {
  let movies: Movie[] = [];
  let counts: Uint32Array = new Uint32Array(0);
  let pop = computePopularity([]);

  beforeAll(async () => {
    const data = await loadMl1m();
    movies = data.movies;
    counts = countRatings(data.ratings.movies, movies);
    pop = computePopularity(counts);
  });

  it('splits 3,883 movies into tiers of meaningful size', () => {
    expect(movies).toHaveLength(3883);
    expect(pop.totalRatings).toBe(1000209);
    expect(pop.sizes).toEqual({ popular: 452, mid: 1230, niche: 2201 });
    expect(pop.minCount).toEqual({ popular: 645, mid: 151 });
  });

  it('finds Les Misérables and The Matrix', () => {
    const index = buildSearchIndex(movies, { counts });
    const titles = (q: string) => search(index, q, 3).map((i) => displayTitle(movies[i]!.title));
    expect(titles('miserables')).toEqual(['Les Misérables', 'Les Misérables']);
    expect(titles('the matrix')[0]).toBe('The Matrix');
  });

  it('offers a tier mix of well-matched movies for a genre profile', () => {
    const tf = fitGenreTfidf(movies);
    expect(tf.dim).toBe(18);
    const scores = tf.scoreAll(tf.profileFromGenres(['Sci-Fi', 'Action', 'Thriller']));
    const offers = chooseOffers({ scores, tiers: pop.tiers, counts });
    expect(offers).toHaveLength(12);
    expect(offers.map((i) => pop.tiers[i])).toEqual([
      ...['popular', 'mid', 'popular', 'niche', 'popular', 'mid'],
      ...['popular', 'mid', 'popular', 'niche', 'popular', 'mid'],
    ]);
    expect(displayTitle(movies[offers[0]!]!.title)).toBe('Terminator 2: Judgment Day');
    for (const i of offers) expect(scores[i]).toBeGreaterThan(0.5);
  });
});

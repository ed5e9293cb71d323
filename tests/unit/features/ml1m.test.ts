// Content features on the real MovieLens 1M (skipped unless ML1M_DIR or ML1M_ZIP is set).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Movie } from '../../../src/core/data/types';
import { buildSearchIndex, displayTitle, search } from '../../../src/core/features/search';
import { fitGenreTfidf } from '../../../src/core/features/tfidf';
import { computePopularity, countRatings } from '../../../src/core/features/tiers';
import { chooseOffers } from '../../../src/core/recommend/offer';

function readMl1m(): { movies: Buffer | Uint8Array; ratings: Buffer | Uint8Array } | null {
  const dir = process.env.ML1M_DIR;
  if (dir && existsSync(join(dir, 'movies.dat')))
    return {
      movies: readFileSync(join(dir, 'movies.dat')),
      ratings: readFileSync(join(dir, 'ratings.dat')),
    };
  const zip = process.env.ML1M_ZIP;
  if (zip && existsSync(zip)) {
    const files = unzipSync(readFileSync(zip), {
      filter: (f) => /(movies|ratings)\.dat$/.test(f.name),
    });
    const get = (n: string) => Object.entries(files).find(([k]) => k.endsWith(n))?.[1];
    const movies = get('movies.dat');
    const ratings = get('ratings.dat');
    return movies && ratings ? { movies, ratings } : null;
  }
  return null;
}

const raw = readMl1m();

describe.skipIf(!raw)('content features on MovieLens 1M', () => {
  let movies: Movie[] = [];
  let counts: Uint32Array = new Uint32Array(0);
  let pop = computePopularity([]);

  beforeAll(() => {
    movies = new TextDecoder('latin1')
      .decode(raw!.movies)
      .trim()
      .split('\n')
      .map((line) => {
        const [id, t, g] = line.trim().split('::');
        const m = /^(.*?)\s*\((\d{4})\)\s*$/.exec(t!)!;
        return { id: Number(id), title: m[1]!, year: Number(m[2]), genres: g!.split('|') };
      });
    const ids: number[] = [];
    for (const line of new TextDecoder().decode(raw!.ratings).split('\n'))
      if (line) ids.push(Number(line.split('::')[1]));
    counts = countRatings(Uint16Array.from(ids), movies);
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

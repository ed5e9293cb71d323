import { describe, expect, it } from 'vitest';
import { readMovieLensFiles } from '../../helpers/movielens';
import { generateRelease, moviesCsv, userCounts, type Shape } from '../../../scripts/lib/longtail';

const SMALL: Shape = { users: 300, movies: 2_000, ratings: 40_123 };

function files(shape: Shape, seed = 7) {
  const g = generateRelease(shape, seed);
  return {
    'movies.csv': new TextEncoder().encode(moviesCsv(g.movies)),
    'ratings.csv': new TextEncoder().encode([...g.ratings].join('')),
  };
}

describe('the long-tailed generator (npm run scale-data)', () => {
  it('writes a CSV release the reader takes, with the exact counts of its shape', async () => {
    const data = await readMovieLensFiles(files(SMALL));
    expect(data.ratings.ratings.length).toBe(SMALL.ratings);
    expect(data.users.length).toBe(SMALL.users);
    expect(data.movies.length).toBe(SMALL.movies);
    expect(Math.max(...data.movies.map((m) => m.id))).toBeGreaterThan(65_535);
    expect(data.ratings.ratings.some((r) => r % 1 !== 0)).toBe(true);
    expect(data.movies.some((m) => m.title.includes('É'))).toBe(true);
    expect(data.movies.some((m) => m.title.includes(','))).toBe(true);
  });

  it('is long-tailed: a few movies take many ratings, many take few; every user rates 20', async () => {
    const data = await readMovieLensFiles(files(SMALL));
    const perMovie = new Map<number, number>();
    for (const m of data.ratings.movies) perMovie.set(m, (perMovie.get(m) ?? 0) + 1);
    const counts = [...perMovie.values()].sort((a, b) => b - a);
    const median = counts[counts.length >> 1]!;
    expect(counts[0]!).toBeGreaterThan(20 * median);
    expect(counts.filter((c) => c < 5).length).toBeGreaterThan(counts.length / 10);
    const perUser = userCounts(SMALL, 7);
    expect(Math.min(...perUser)).toBeGreaterThanOrEqual(20);
    expect(perUser.reduce((a, b) => a + b, 0)).toBe(SMALL.ratings);
  });

  it('gives the same bytes for the same shape and seed, other bytes for another seed', () => {
    const same = (x: Uint8Array, y: Uint8Array) => Buffer.from(x).equals(Buffer.from(y));
    const a = files(SMALL, 3);
    const b = files(SMALL, 3);
    expect(same(a['ratings.csv'], b['ratings.csv'])).toBe(true);
    expect(same(a['movies.csv'], b['movies.csv'])).toBe(true);
    expect(same(files(SMALL, 4)['ratings.csv'], a['ratings.csv'])).toBe(false);
  });

  it('writes whole stars only for a whole-star shape', async () => {
    const data = await readMovieLensFiles(files({ ...SMALL, wholeStars: true }));
    expect(data.ratings.ratings.every((r) => r % 1 === 0)).toBe(true);
  });
});

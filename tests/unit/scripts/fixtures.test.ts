import { describe, expect, it } from 'vitest';
import { GENRES } from '../../../src/core/data/types';
import { makeFixture, makeFixtureZip } from '../../../scripts/lib/fixtures';

describe('makeFixture', () => {
  it('is deterministic per seed', () => {
    expect(makeFixture({ users: 50 }).files).toEqual(makeFixture({ users: 50 }).files);
    expect(makeFixtureZip({ users: 50 })).toEqual(makeFixtureZip({ users: 50 }));
    expect(makeFixture({ users: 50, seed: 2 }).files['ratings.dat']).not.toEqual(
      makeFixture({ users: 50 }).files['ratings.dat'],
    );
  });

  it('has the default size, every genre, Latin-1 titles and some unrated movies', () => {
    const { files, parsed, truth } = makeFixture();
    expect(parsed.users.length).toBe(400);
    expect(parsed.movies.length).toBe(300);
    const n = parsed.ratings.users.length;
    expect(n / 400).toBeGreaterThan(35);
    expect(n / 400).toBeLessThan(45);
    expect(new Set(parsed.movies.flatMap((m) => m.genres))).toEqual(new Set(GENRES));
    expect(files['movies.dat'].includes(0xe9)).toBe(true); // é as one Latin-1 byte
    const rated = new Set(parsed.ratings.movies);
    expect(truth.unratedMovieIds.length).toBe(2);
    for (const id of truth.unratedMovieIds) expect(rated.has(id)).toBe(false);
    expect(new Set(parsed.ratings.ratings)).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('plants a structure that explains most of the rating variance', () => {
    const { parsed, truth } = makeFixture();
    const r = parsed.ratings;
    const userIndex = new Map(truth.userIds.map((id, i) => [id, i]));
    const movieIndex = new Map(truth.movieIds.map((id, i) => [id, i]));
    let sxy = 0,
      sxx = 0,
      syy = 0,
      sx = 0,
      sy = 0;
    const n = r.users.length;
    for (let i = 0; i < n; i++) {
      const x = truth.score(userIndex.get(r.users[i]!)!, movieIndex.get(r.movies[i]!)!);
      const y = r.ratings[i]!;
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    const corr = (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
    expect(corr).toBeGreaterThan(0.8);
  });
});

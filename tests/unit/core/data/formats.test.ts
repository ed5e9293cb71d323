/** Issue #10: every MovieLens release's format, recognised by content, as a zip or loose files. */
import { describe, expect, it } from 'vitest';
import { readMovieLens } from '../../../../src/core/data/movielens';
import { readMovieLensFiles } from '../../../helpers/movielens';
import { bytesSource } from '../../../../src/core/data/source';
import { RatingsParser } from '../../../../src/core/data/ratingsParser';
import { makeReleaseFixture, zipRelease } from '../../../../scripts/lib/fixtures';
import { type ReleaseFormat } from '../../../../scripts/lib/fixtures';
import { rejection } from '../../../helpers/errors';

const CASES: [ReleaseFormat, string, string][] = [
  ['ml-100k', 'ml-100k/', 'ml-100k'],
  ['ml-1m', 'ml-1m/', 'ml-1m'],
  ['ml-10m', 'ml-10M100K/', 'ml-10m'],
  ['csv', 'ml-latest-small/', 'ml-latest-small'],
];

describe.each(CASES)('the %s format', (format, folder, release) => {
  const fx = makeReleaseFixture(format);

  it('reads the zip: counts, an accented title, ids above 65,535, half stars where they exist', async () => {
    const data = await readMovieLens([bytesSource('x.zip', zipRelease(fx, folder))]);
    expect(data.release).toBe(release);
    expect(data.movies).toEqual(fx.parsed.movies);
    expect(data.users).toEqual(fx.parsed.users);
    expect(data.ratings).toEqual(fx.parsed.ratings);
    expect(data.movies.map((m) => m.title)).toContain('Misérables, Les');
    expect(data.ratings.users).toContain(fx.bigUser);
    expect(data.ratings.movies).toContain(fx.bigMovie);
    const halves = [...data.ratings.ratings].some((r) => !Number.isInteger(r));
    expect(halves).toBe(format === 'ml-10m' || format === 'csv');
    expect(data.users.every((u) => u.gender !== undefined)).toBe(
      format === 'ml-100k' || format === 'ml-1m',
    );
  });

  it('reads the loose files under any names (content, not names, decides)', async () => {
    const renamed = Object.fromEntries(
      Object.entries(fx.files).map(([name, bytes], i) => [`file-${i}-${name.length}`, bytes]),
    );
    const data = await readMovieLensFiles(renamed);
    expect(data).toEqual(fx.parsed);
  });
});

describe('genres from the data', () => {
  it('makes Children one genre with Children\'s, keeps IMAX, drops "(no genres listed)"', async () => {
    const fx = makeReleaseFixture('csv');
    const data = await readMovieLensFiles(fx.files);
    const all = new Set(data.movies.flatMap((m) => m.genres));
    expect(all.has('Children')).toBe(false);
    expect(all.has("Children's")).toBe(true);
    expect(all.has('IMAX')).toBe(true);
    expect(all.has('(no genres listed)')).toBe(false);
  });
});

describe('streaming', () => {
  it('parses a ratings table larger than the chunk size, cut at every possible place', () => {
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `${i + 1},${(i % 97) + 70000},${((i % 10) + 1) / 2},${1e9 + i}`,
    );
    const text = `userId,movieId,rating,timestamp\r\n${lines.join('\r\n')}\r\n`;
    const bytes = new TextEncoder().encode(text);
    for (const chunk of [1, 7, 64, 4096]) {
      const p = new RatingsParser('ratings.csv', 'csv', { halfStars: true });
      for (let at = 0; at < bytes.length; at += chunk) p.push(bytes.subarray(at, at + chunk));
      const r = p.end();
      expect(r.ratings.length).toBe(3000);
      expect(r.users[2999]).toBe(3000);
      expect(r.movies[5]).toBe(70005);
      expect(r.ratings[0]).toBe(0.5);
      expect(r.ratings[8]).toBe(4.5);
      expect(r.timestamps[2999]).toBe(1e9 + 2999);
    }
  });

  it('reads a zip entry bigger than the read chunk (4 MB) in pieces', async () => {
    const n = 300_000; // ~7 MB of CSV
    const body = Array.from({ length: n }, (_, i) => `${(i >> 4) + 1},${(i & 15) + 1},3.5,${i}`);
    const fx = makeReleaseFixture('csv');
    const movies = new TextEncoder().encode(
      `movieId,title,genres\n${Array.from({ length: 16 }, (_, i) => `${i + 1},M${i} (2000),Drama`).join('\n')}\n`,
    );
    const ratings = new TextEncoder().encode(
      `userId,movieId,rating,timestamp\n${body.join('\n')}\n`,
    );
    expect(ratings.length).toBeGreaterThan(4 << 20);
    const data = await readMovieLens([
      bytesSource(
        'z.zip',
        zipRelease({ ...fx, files: { 'ratings.csv': ratings, 'movies.csv': movies } }, 'big/'),
      ),
    ]);
    expect(data.ratings.ratings.length).toBe(n);
    expect(data.users.length).toBe(n / 16);
  });

  it('refuses a half star in a release with whole stars only, naming the line', async () => {
    const fx = makeReleaseFixture('ml-1m');
    const text = new TextDecoder('latin1').decode(fx.files['ratings.dat']).split('\n');
    text[2] = text[2]!.replace(/^(\d+::\d+)::\d::/, '$1::3.5::');
    const e = await rejection(
      readMovieLensFiles({ ...fx.files, 'ratings.dat': new TextEncoder().encode(text.join('\n')) }),
    );
    expect(e.code).toBe('parse');
    expect(e.message).toMatch(/^ratings\.dat line 3: Rating must be a whole number from 1 to 5/);
  });
});

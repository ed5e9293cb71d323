import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readHistoryBytes } from '../../../../src/core/history/read';
import { ReelError } from '../../../../src/core/errors';
import type { HistoryEntry } from '../../../../src/core/history/types';
import { cp1252, enc, IMDB_OLD, IMDB_RATINGS, LB_DIARY } from '../../../helpers/history/fixtures';
import { LB_PROFILE, LB_RATINGS, LB_REVIEWS, LB_WATCHED } from '../../../helpers/history/fixtures';
import { LB_WATCHLIST, letterboxdZip, TMDB_RATINGS } from '../../../helpers/history/fixtures';
import { TRAKT_RATINGS, TRAKT_WATCHED, withBom } from '../../../helpers/history/fixtures';

const read = (files: Record<string, string | Uint8Array>) =>
  readHistoryBytes(
    Object.entries(files).map(([name, v]) => ({
      name,
      bytes: typeof v === 'string' ? enc(v) : v,
    })),
  );

const byTitle = (entries: HistoryEntry[], title: string) =>
  entries.filter((e) => e.title === title);

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ReelError);
    return (e as ReelError).code;
  }
  return 'no error';
}

describe('Letterboxd CSVs', () => {
  it('reads ratings.csv with quoted titles, commas and doubled quotes', async () => {
    const r = await read({ 'ratings.csv': LB_RATINGS });
    expect(r.entries).toHaveLength(5);
    expect(r.files).toEqual([{ file: 'ratings.csv', format: 'letterboxd-ratings' }]);
    expect(byTitle(r.entries, 'Crouching Tiger, Hidden Dragon')[0]).toMatchObject({
      source: 'letterboxd',
      kind: 'rating',
      year: 2000,
      stars: 3.5,
      date: '2021-03-06',
      row: 4,
    });
    expect(byTitle(r.entries, 'The "Burbs"')[0]?.stars).toBe(2);
  });

  it('merges diary (latest entry of a rewatch wins), watched and watchlist', async () => {
    const r = await read({
      'ratings.csv': LB_RATINGS,
      'diary.csv': LB_DIARY,
      'watched.csv': LB_WATCHED,
      'watchlist.csv': LB_WATCHLIST,
    });
    // Psycho: rated in ratings.csv (5), also in diary and watched -> one rating
    const psycho = byTitle(r.entries, 'Psycho');
    expect(psycho).toHaveLength(1);
    expect(psycho[0]).toMatchObject({ kind: 'rating', stars: 5, date: '2022-01-02' });
    // Das Boot: only in the diary, twice -> the later rewatch (4.5 on 2023-05-31)
    expect(byTitle(r.entries, 'Das Boot')).toEqual([
      expect.objectContaining({ kind: 'rating', stars: 4.5, date: '2023-05-31' }),
    ]);
    // Heat: diary without rating, and watched -> seen, once
    expect(byTitle(r.entries, 'Heat')).toEqual([expect.objectContaining({ kind: 'seen' })]);
    expect(byTitle(r.entries, 'Fargo')).toEqual([expect.objectContaining({ kind: 'seen' })]);
    expect(byTitle(r.entries, 'Amélie')).toEqual([
      expect.objectContaining({ kind: 'watchlist', year: 2001 }),
    ]);
    // blank year is allowed
    expect(byTitle(r.entries, 'Untitled Project')[0]?.year).toBeUndefined();
  });

  it('tells watched.csv from watchlist.csv by name only (same header)', async () => {
    const a = await read({ 'watched.csv': LB_WATCHED });
    expect(a.entries.every((e) => e.kind === 'seen')).toBe(true);
    const b = await read({ 'my watchlist.csv': LB_WATCHED });
    expect(b.entries.every((e) => e.kind === 'watchlist')).toBe(true);
    expect(await code(read({ 'export.csv': LB_WATCHED }))).toBe('not-history');
  });

  it('never reads profile.csv or reviews.csv alone', async () => {
    expect(await code(read({ 'profile.csv': LB_PROFILE }))).toBe('not-history');
    expect(await code(read({ 'reviews.csv': LB_REVIEWS }))).toBe('not-history');
  });

  it('lists malformed rows (rating off the scale, bad year) and reads the rest', async () => {
    const text = `${LB_RATINGS}\n2022-01-03,Too Many Stars,1999,u,7\n2022-01-04,Bad Year,19x9,u,3\n2022-01-05,Quarter,1999,u,3.25`;
    const r = await read({ 'ratings.csv': text });
    expect(r.entries).toHaveLength(5);
    expect(r.malformedCount).toBe(3);
    expect(r.malformed.map((m) => [m.row, m.reason])).toEqual([
      [7, expect.stringMatching(/outside 0\.5–5/)],
      [8, expect.stringMatching(/not a year/)],
      [9, expect.stringMatching(/outside 0\.5–5/)],
    ]);
  });

  it('refuses a file whose every row is malformed', async () => {
    expect(
      await code(
        read({ 'ratings.csv': 'Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,X,2000,u,9\n' }),
      ),
    ).toBe('parse');
  });
});

describe('Letterboxd zip', () => {
  it('reads the top-level lists only: never profile, reviews, deleted/, orphaned/, likes/, lists/', async () => {
    const r = await read({ 'letterboxd-someone-2024.zip': letterboxdZip() });
    const titles = r.entries.map((e) => e.title);
    expect(titles).toContain('Se7en');
    expect(titles).toContain('Das Boot');
    for (const t of ['Deleted Film', 'Orphan Film', 'Liked Film']) expect(titles).not.toContain(t);
    const read_ = r.files.filter((f) => f.format !== 'ignored').map((f) => f.file.split('/')[1]);
    expect(read_.sort()).toEqual(['diary.csv', 'ratings.csv', 'watched.csv', 'watchlist.csv']);
    expect(r.files.some((f) => /profile|reviews/.test(f.file))).toBe(false);
  });

  it('reads an export inside one folder, and an empty watchlist is fine', async () => {
    const z = zipSync({
      'letterboxd-x/ratings.csv': strToU8(LB_RATINGS),
      'letterboxd-x/watchlist.csv': strToU8('Date,Name,Year,Letterboxd URI\n'),
    });
    const r = await read({ 'x.zip': z });
    expect(r.entries).toHaveLength(5);
  });

  it('refuses a zip bomb by what it declares, and by what it actually inflates to', async () => {
    const limits = { fileBytes: 1 << 20, zipEntryBytes: 1 << 20, zipTotalBytes: 1 << 20 };
    const z = zipSync({ 'ratings.csv': new Uint8Array(4 << 20) }, { level: 9 });
    expect(z.length).toBeLessThan(20_000);
    const p = readHistoryBytes([{ name: 'bomb.zip', bytes: z }], { limits });
    await expect(p).rejects.toThrow(/holds 4 MB unpacked/);
    // The same zip lying about its size: 1 KB declared in the central directory.
    const lying = z.slice();
    const v = new DataView(lying.buffer);
    for (let i = lying.length - 22; i >= 0; i--)
      if (v.getUint32(i, true) === 0x02014b50) {
        v.setUint32(i + 24, 1024, true);
        break;
      }
    const q = readHistoryBytes([{ name: 'lying.zip', bytes: lying }], { limits });
    await expect(q).rejects.toMatchObject({ code: 'too-large' });
    await expect(q).rejects.toThrow(/more than it declares/);
  });

  it('refuses an empty export, and a zip of something else', async () => {
    const empty = zipSync({ 'ratings.csv': strToU8('Date,Name,Year,Letterboxd URI,Rating\n') });
    expect(await code(read({ 'e.zip': empty }))).toBe('empty-file');
    const other = zipSync({ 'notes.txt': strToU8('hello') });
    expect(await code(read({ 'o.zip': other }))).toBe('not-history');
  });
});

describe('IMDb', () => {
  it('halves ratings, keeps movies/videos/TV movies, skips and counts the rest', async () => {
    const r = await read({ 'ratings.csv': IMDB_RATINGS });
    expect(r.entries.map((e) => e.title)).toEqual(['Se7en', 'The Boat', 'A "Quoted", Title']);
    expect(r.entries[0]).toMatchObject({ source: 'imdb', imdb: 114369, stars: 4.5, year: 1995 });
    expect(r.entries[1]).toMatchObject({ originalTitle: 'Das Boot', stars: 4 });
    expect(r.entries[0]!.originalTitle).toBeUndefined();
    expect(r.skipped).toEqual({
      'TV series': 1,
      'TV episodes': 1,
      'TV mini-series': 1,
      shorts: 1,
      'video games': 1,
    });
    expect(r.malformed).toEqual([
      expect.objectContaining({ row: 10, reason: expect.stringMatching(/1–10/) }),
    ]);
  });

  it('reads the older layout (camelCase types, no Original Title) with a BOM', async () => {
    const r = await read({ 'ratings.csv': withBom(IMDB_OLD) });
    expect(r.files[0]!.format).toBe('imdb-ratings');
    expect(r.entries.map((e) => [e.title, e.stars])).toEqual([
      ['Psycho', 5],
      ['Some Video', 2.5],
      ['A TV Film', 3],
    ]);
    expect(r.skipped).toEqual({ 'TV series': 1, podcasts: 1 });
  });

  it('decodes Windows-1252 text', async () => {
    const text = `${IMDB_HEADER_OLD}\ntt0211915,9,2019-01-01,Le Fabuleux Destin d’Amélie Poulain,https://x/,movie,8.3,122,2001,Comedy,1,2001-04-25,Jean-Pierre Jeunet\n`;
    const r = await read({ 'ratings.csv': cp1252(text) });
    expect(r.entries[0]!.title).toBe('Le Fabuleux Destin d’Amélie Poulain');
  });
});

const IMDB_HEADER_OLD =
  'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors';

describe('TMDB', () => {
  it('reads movies only, rounds halved ratings half up', async () => {
    const r = await read({ 'tmdb.csv': TMDB_RATINGS });
    expect(r.entries.map((e) => [e.title, e.year, e.stars, e.tmdb, e.imdb])).toEqual([
      ['Se7en', 1995, 4.5, 807, 114369],
      ['Psycho', 1960, 4, 539, 54215],
      ['No Date Film', undefined, 0.5, 999, undefined],
    ]);
    expect(r.entries[0]!.date).toBe('2021-01-01T10:00:00.000Z');
    expect(r.skipped).toEqual({ TV: 2 });
  });
});

describe('Trakt', () => {
  it('reads ratings and watched JSON, skips shows, lists bad elements', async () => {
    const r = await read({
      'ratings-movies.json': TRAKT_RATINGS,
      'watched-movies.json': TRAKT_WATCHED,
    });
    expect(r.entries.map((e) => [e.title, e.kind, e.stars, e.imdb, e.tmdb])).toEqual([
      ['Heat', 'rating', 4, 113277, 949],
      ['Fargo', 'rating', 1.5, undefined, undefined],
      ['Amélie', 'seen', undefined, 211915, 194],
    ]);
    expect(r.skipped).toEqual({ TV: 1 });
    expect(r.malformed).toEqual([
      expect.objectContaining({ row: 3, reason: expect.stringMatching(/1–10/) }),
    ]);
  });

  it('refuses an empty backup and JSON of another kind', async () => {
    expect(await code(read({ 'ratings-movies.json': '[]' }))).toBe('empty-file');
    expect(await code(read({ 'x.json': '{"a":1}' }))).toBe('not-history');
  });
});

describe('bad input', () => {
  it('says which formats are read', async () => {
    await expect(
      read({ 'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Comedy\n' }),
    ).rejects.toThrow(/Letterboxd.*IMDb.*TMDB.*Trakt/);
  });

  it('refuses empty and header-only files', async () => {
    expect(await code(read({ 'ratings.csv': '' }))).toBe('empty-file');
    expect(await code(read({ 'ratings.csv': '  \n' }))).toBe('empty-file');
    expect(await code(read({ 'ratings.csv': `${IMDB_HEADER_OLD}\n` }))).toBe('empty-file');
    expect(await code(readHistoryBytes([]))).toBe('empty-file');
  });

  it('refuses a file over the size limit before reading it', async () => {
    const p = readHistoryBytes([{ name: 'big.csv', bytes: new Uint8Array(2048) }], {
      limits: { fileBytes: 1024, zipEntryBytes: 1024, zipTotalBytes: 1024 },
    });
    expect(await code(p)).toBe('too-large');
  });

  it('recognises a Reel profile export and leaves it to the profile import', async () => {
    const json = JSON.stringify({ format: 'reel-profile/2', ratings: [] });
    await expect(read({ 'p.json': json })).rejects.toThrow(/Reel profile/);
  });

  it('keeps HTML in titles as plain text', async () => {
    const r = await read({
      'ratings.csv':
        'Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,<script>alert(1)</script>,2000,u,3\n',
    });
    expect(r.entries[0]!.title).toBe('<script>alert(1)</script>');
  });
});

/** links.csv: the reader, the movies shard's link columns, and what the matcher is given. */
import { describe, expect, it } from 'vitest';
import { catalogueLinks, imdbTitleId, imdbUrl } from '../../../../src/core/data/links';
import { parseLinksCsv, searchUrls, tmdbUrl, withLinks } from '../../../../src/core/data/links';
import { classify } from '../../../../src/core/data/classify';
import { dataVersionOf } from '../../../../src/core/data/dataVersion';
import { decodeMovies, encodeMovies } from '../../../../src/core/data/shardCodec';
import { buildShardSet } from '../../../../src/core/data/shards';
import type { Movie } from '../../../../src/core/data/types';
import { buildCatalogueIndex } from '../../../../src/core/history/match';
import { makeReleaseFixture } from '../../../../scripts/lib/fixtures';
import { generateRelease, linksCsv, moviesCsv } from '../../../../scripts/lib/longtail';
import { readMovieLensFiles } from '../../../helpers/movielens';
import { sha256Async } from '../../../../scripts/lib/checksum';
import { errorOf } from '../../../helpers/errors';

const MOVIES: Movie[] = [
  { id: 1, title: 'Toy Story', year: 1995, genres: ['Animation'] },
  { id: 2, title: 'Jumanji', year: 1995, genres: ['Adventure'] },
  { id: 3, title: 'Grumpier Old Men', year: 1995, genres: [] },
];

describe('parseLinksCsv', () => {
  it('reads ids, zero-padded IMDb numbers, empty TMDB ids, CRLF and a BOM', () => {
    const text = '\ufeffmovieId,imdbId,tmdbId\r\n1,0114709,862\r\n2,0113497,\n3,,15602\n\n';
    expect(parseLinksCsv(text)).toEqual([
      { movieId: 1, imdb: 114709, tmdb: 862 },
      { movieId: 2, imdb: 113497, tmdb: 0 },
      { movieId: 3, imdb: 0, tmdb: 15602 },
    ]);
  });

  it('names the file and line of a malformed row', async () => {
    const bad = (text: string) => Promise.resolve(errorOf(() => parseLinksCsv(text, 'links.csv')));
    expect((await bad('movieId,imdbId,tmdbId\n1,0114709,862\n2,tt0113497,1\n')).message).toMatch(
      /links\.csv line 3: imdbId/,
    );
    expect((await bad('movieId,imdbId,tmdbId\n1,2\n')).message).toMatch(/line 2: expected 3/);
    expect((await bad('movieId,imdbId,tmdbId\n\n1,2,3\n')).message).toMatch(/line 2: .*empty/);
    expect((await bad('a,b,c\n')).message).toMatch(/line 1: the header/);
    expect((await bad('movieId,imdbId,tmdbId\n0,1,2\n')).code).toBe('parse');
  });

  it('is recognised by its header', () => {
    const head = new TextEncoder().encode('movieId,imdbId,tmdbId\n1,0114709,862\n');
    expect(classify(head, true)).toEqual({ kind: 'links', dialect: 'csv' });
  });
});

describe('links on the movies', () => {
  const linked = withLinks(MOVIES, [
    { movieId: 1, imdb: 114709, tmdb: 862 },
    { movieId: 2, imdb: 113497, tmdb: 0 },
    { movieId: 99, imdb: 1, tmdb: 1 }, // a film the table does not list: ignored
    { movieId: 1, imdb: 5, tmdb: 5 }, // a second row for a film: ignored
  ]);

  it('sets present ids only, leaving the input as it was', () => {
    expect(linked[0]).toMatchObject({ imdbId: 114709, tmdbId: 862 });
    expect(linked[1]!.imdbId).toBe(113497);
    expect('tmdbId' in linked[1]!).toBe(false);
    expect(linked[2]).toBe(MOVIES[2]);
    expect('imdbId' in MOVIES[0]!).toBe(false);
  });

  it('round-trips through the movies shard; without links the shard is as before', () => {
    expect(decodeMovies(encodeMovies(linked))).toEqual(linked);
    const plain = encodeMovies(MOVIES);
    expect(decodeMovies(plain)).toEqual(MOVIES);
    // no link columns at all when no film has a link
    const json = JSON.stringify({
      ids: [1, 2, 3],
      titles: MOVIES.map((m) => m.title),
      years: [1995, 1995, 1995],
      genres: ['Animation', 'Adventure', ''],
    });
    expect(plain.length).toBeLessThan(encodeMovies(linked).length);
    expect(new DataView(plain.buffer, plain.byteOffset).getUint32(12, true)).toBe(json.length);
  });

  it('a damaged links column is reported as damage', async () => {
    const bytes = encodeMovies(linked);
    // re-encode a body whose imdb column is too short
    const { deflateSync, strToU8 } = await import('fflate');
    const body = strToU8(
      JSON.stringify({
        ids: [1, 2, 3],
        titles: ['a', 'b', 'c'],
        years: [null, null, null],
        genres: ['', '', ''],
        imdb: [1, 2],
        tmdb: [0, 0, 0],
      }),
    );
    const packed = deflateSync(body);
    const out = new Uint8Array(16 + packed.length);
    out.set(bytes.subarray(0, 16));
    new DataView(out.buffer).setUint32(12, body.length, true);
    out.set(packed, 16);
    expect(errorOf(() => decodeMovies(out, 'movies-x.bin')).code).toBe('checksum');
  });

  it('changes the data version only for a release that has links', async () => {
    const data = (movies: Movie[]) => ({
      release: 'ml-latest-small',
      movies,
      users: [{ id: 1 }],
      ratings: {
        users: Uint32Array.of(1),
        movies: Uint32Array.of(1),
        ratings: Float32Array.of(4),
        timestamps: Uint32Array.of(1),
      },
    });
    const plain = await dataVersionOf(data(MOVIES), sha256Async);
    const withIds = await dataVersionOf(data(linked), sha256Async);
    expect(withIds).not.toBe(plain);
    expect(await dataVersionOf(data(MOVIES.map((m) => ({ ...m }))), sha256Async)).toBe(plain);
  });

  it('gives the matcher its links, so IMDb and TMDB ids find films', () => {
    const links = catalogueLinks(linked);
    expect(links).toEqual([
      { movieId: 1, imdbId: 114709, tmdbId: 862 },
      { movieId: 2, imdbId: 113497, tmdbId: null },
    ]);
    const ix = buildCatalogueIndex({ label: 'test', movies: linked, links });
    expect(ix.byImdb.get(113497)).toBe(1);
    expect(ix.byTmdb.get(862)).toBe(0);
  });

  it('makes the links out', () => {
    expect(imdbTitleId(114709)).toBe('tt0114709');
    expect(imdbTitleId(10872600)).toBe('tt10872600');
    expect(imdbUrl(114709)).toBe('https://www.imdb.com/title/tt0114709/');
    expect(tmdbUrl(862)).toBe('https://www.themoviedb.org/movie/862');
    expect(searchUrls('Seven (Se7en)', 1995)).toEqual({
      imdb: 'https://www.imdb.com/find/?q=Seven%20(Se7en)%201995',
      letterboxd: 'https://letterboxd.com/search/Seven%20(Se7en)%201995/',
    });
  });
});

describe('the CSV release fixture', () => {
  it('reads links.csv beside the movies', async () => {
    const fx = makeReleaseFixture('csv');
    const data = await readMovieLensFiles(fx.files);
    expect(data.movies).toEqual(fx.parsed.movies);
    expect(data.movies[0]).toMatchObject({ imdbId: 114709, tmdbId: 862 });
    expect(data.movies[3]!.imdbId).toBeUndefined();
    expect(data.movies.filter((m) => m.imdbId !== undefined).length).toBe(data.movies.length - 1);
  });

  it('keeps them through the shard set the host serves and an import stores', async () => {
    const fx = makeReleaseFixture('csv');
    const set = await buildShardSet(fx.parsed, { sha256: sha256Async, source: 'test' });
    const movies = set.files.find((f) => f.name.startsWith('movies-'))!;
    expect(decodeMovies(movies.bytes)).toEqual(fx.parsed.movies);
  });

  it('other releases have none', async () => {
    const data = await readMovieLensFiles(makeReleaseFixture('ml-1m').files);
    expect(data.movies.some((m) => m.imdbId !== undefined)).toBe(false);
  });
});

describe('the long-tailed generator', () => {
  it('writes a links.csv the reader takes, one row per film', async () => {
    const g = generateRelease({ users: 60, movies: 200, ratings: 2_000 }, 3);
    const enc = (s: string) => new TextEncoder().encode(s);
    const data = await readMovieLensFiles({
      'movies.csv': enc(moviesCsv(g.movies)),
      'ratings.csv': enc([...g.ratings].join('')),
      'links.csv': enc(linksCsv(g.movies)),
    });
    expect(data.movies.every((m) => m.imdbId === 100_000 + m.id * 3)).toBe(true);
    expect(data.movies.filter((m) => m.tmdbId === undefined).every((m) => m.id % 10 === 0)).toBe(
      true,
    );
  });
});

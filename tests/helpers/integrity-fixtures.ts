/**
 * Attack fixtures for rating integrity (issue 22): other content under the same release name, in
 * the real ML-1M format, made from the fixture the test server serves (`makeFixture`), so a
 * browser that stored that one sees "ml-1m" replaced. Deterministic: equal options, equal bytes.
 * - `otherFilmsFixture`: the same ids, users and ratings, but most ids name other films (titles,
 *   years and genres moved round among them), as a re-cut or a modified copy would;
 * - `subsetFixture`: some of the films (and only their ratings) left out, the rest unchanged.
 * Each says, for every id, whether it still names the same film, so a test knows what must carry.
 */
import { encodeLatin1 } from '../../src/core/data/latin1';
import type { ParsedMovieLens } from '../../src/core/data/movielens';
import type { Movie } from '../../src/core/data/types';
import { makeFixture, zipDatFiles, type DatFiles } from '../../scripts/lib/fixtures';
import { type FixtureOptions } from '../../scripts/lib/fixtures';

export interface IntegrityFixture {
  files: DatFiles;
  /** what parsing `files` must give */
  parsed: ParsedMovieLens;
  /** the ids that still name the film they named in `makeFixture(opts)` */
  sameFilm: ReadonlySet<number>;
  /** the ids no longer in the catalogue */
  absent: ReadonlySet<number>;
}

const lines = (rows: string[]) => encodeLatin1(rows.map((r) => `${r}\n`).join(''));

function write(parsed: ParsedMovieLens): DatFiles {
  const r = parsed.ratings;
  const ratingLines = Array.from(
    { length: r.ratings.length },
    (_, i) => `${r.users[i]}::${r.movies[i]}::${r.ratings[i]}::${r.timestamps[i]}`,
  );
  return {
    'movies.dat': lines(
      parsed.movies.map((m) => `${m.id}::${m.title} (${m.year})::${m.genres.join('|')}`),
    ),
    'users.dat': lines(
      parsed.users.map((u) => `${u.id}::${u.gender}::${u.age}::${u.occupation}::${u.zip}`),
    ),
    'ratings.dat': lines(ratingLines),
  };
}

/**
 * Every `keepEvery`-th movie (by position) keeps its film; the others take the title, year and
 * genres of the next non-kept movie (a rotation, so each of those ids names another film and
 * every film is still listed once).
 */
export function otherFilmsFixture(opts: FixtureOptions = {}, keepEvery = 4): IntegrityFixture {
  const base = makeFixture(opts).parsed;
  const moved = base.movies.map((_, i) => i).filter((i) => i % keepEvery !== 0);
  const movies: Movie[] = base.movies.map((m) => ({ ...m, genres: [...m.genres] }));
  for (const [k, i] of moved.entries()) {
    const from = base.movies[moved[(k + 1) % moved.length]!]!;
    movies[i] = {
      id: base.movies[i]!.id,
      title: from.title,
      year: from.year,
      genres: [...from.genres],
    };
  }
  const sameFilm = new Set(
    movies
      .filter((m, i) => m.title === base.movies[i]!.title && m.year === base.movies[i]!.year)
      .map((m) => m.id),
  );
  const parsed: ParsedMovieLens = { ...base, movies };
  return { files: write(parsed), parsed, sameFilm, absent: new Set() };
}

/** The fixture without every `dropEvery`-th movie (by position, from the second) and its ratings. */
export function subsetFixture(opts: FixtureOptions = {}, dropEvery = 3): IntegrityFixture {
  const base = makeFixture(opts).parsed;
  const dropped = new Set(base.movies.filter((_, i) => i % dropEvery === 1).map((m) => m.id));
  const movies = base.movies.filter((m) => !dropped.has(m.id));
  const r = base.ratings;
  const keep: number[] = [];
  for (let i = 0; i < r.movies.length; i++) if (!dropped.has(r.movies[i]!)) keep.push(i);
  const ratings = {
    users: Uint32Array.from(keep, (i) => r.users[i]!),
    movies: Uint32Array.from(keep, (i) => r.movies[i]!),
    ratings: Float32Array.from(keep, (i) => r.ratings[i]!),
    timestamps: Uint32Array.from(keep, (i) => r.timestamps[i]!),
  };
  // ML-1M lists only people who rated something.
  const raters = new Set(ratings.users);
  const parsed: ParsedMovieLens = {
    ...base,
    movies,
    users: base.users.filter((u) => raters.has(u.id)),
    ratings,
  };
  return {
    files: write(parsed),
    parsed,
    sameFilm: new Set(movies.map((m) => m.id)),
    absent: dropped,
  };
}

/** Zipped as the official ml-1m.zip is laid out (ml-1m/*.dat), so it is read as "ml-1m". */
export const zipIntegrityFixture = (fx: IntegrityFixture) => zipDatFiles(fx.files, 'ml-1m/');

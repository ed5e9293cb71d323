/**
 * Deterministic MovieLens-1M-format fixtures (seeded PRNG; equal options give equal bytes).
 * Real formats: '::' separators, '\n' line ends, Latin-1 bytes (e.g. "Misérables" has 0xE9),
 * all 18 genres, user ids 1..N, movie ids with gaps, the last two movies never rated.
 * Ratings are planted: round(clip(mean + userBias + movieBias + userFactor·movieFactor + noise))
 * so model tests can check that learning recovers the structure (truth is returned alongside).
 * Also builders for bad inputs: malformed lines, a non-MovieLens zip, empty files, damaged shards.
 */
import { zipSync } from 'fflate';
import { decodeLatin1, encodeLatin1 } from '../../src/core/data/latin1';
import { withLinks } from '../../src/core/data/links';
import type { ParsedMovieLens } from '../../src/core/data/movielens';
import { AGE_BRACKETS, GENRES, type Movie, type User } from '../../src/core/data/types';
import { createRng } from '../../src/core/eval/rng';

export interface FixtureOptions {
  users?: number;
  movies?: number;
  /** Mean ratings per user; each user gets 50%..150% of it (at least 5). */
  ratingsPerUser?: number;
  seed?: number;
  /** Rank of the planted latent structure. */
  dim?: number;
  /** Standard deviation of the noise added before rounding. */
  noise?: number;
}

interface FixtureTruth {
  dim: number;
  globalMean: number;
  /** Index i (0-based) of every array below is userIds[i] / movieIds[i]. */
  userIds: number[];
  movieIds: number[];
  /** Row-major, users x dim and movies x dim. */
  userFactors: Float32Array;
  movieFactors: Float32Array;
  userBias: Float32Array;
  movieBias: Float32Array;
  /** Movies listed in movies.dat that nobody rated. */
  unratedMovieIds: number[];
  /** The noiseless (unrounded, unclipped) score of user index u for movie index m. */
  score(u: number, m: number): number;
}

export type DatFiles = {
  'movies.dat': Uint8Array;
  'users.dat': Uint8Array;
  'ratings.dat': Uint8Array;
};

export interface Fixture {
  files: DatFiles;
  truth: FixtureTruth;
  /** What parsing `files` must give. */
  parsed: ParsedMovieLens;
}

/** Titles with Latin-1 letters, quotes and inner parentheses, used first. */
const SPECIAL_TITLES = [
  'Misérables, Les (1995)',
  'Cité des enfants perdus, La (1995)',
  'Señorita Extraviada (2001)',
  'Shawshank "Redemption", The (1994)',
  'Seven (Se7en) (1995)',
  "Ça commence aujourd'hui (1999)",
];

export function makeFixture(opts: FixtureOptions = {}): Fixture {
  const nUsers = opts.users ?? 400;
  const nMovies = opts.movies ?? 300;
  const perUser = opts.ratingsPerUser ?? 40;
  const dim = opts.dim ?? 4;
  const noise = opts.noise ?? 0.4;
  const rng = createRng(opts.seed ?? 1).next;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

  const movies: Movie[] = [];
  for (let i = 0; i < nMovies; i++) {
    const raw =
      i < SPECIAL_TITLES.length
        ? SPECIAL_TITLES[i]!
        : `Fixture Movie ${i + 1} (${1920 + Math.floor(rng() * 81)})`;
    const m = /^(.*) \((\d{4})\)$/.exec(raw)!;
    const genres = new Set<string>([i < GENRES.length ? GENRES[i]! : pick(GENRES)]);
    for (let extra = Math.floor(rng() * 3); extra > 0; extra--) genres.add(pick(GENRES));
    movies.push({
      id: i + 1 + Math.floor(i / 10),
      title: m[1]!,
      year: Number(m[2]),
      genres: [...genres],
    });
  }

  const ages = Object.keys(AGE_BRACKETS).map(Number);
  const users: User[] = [];
  for (let i = 0; i < nUsers; i++) {
    const zip = String(Math.floor(rng() * 1e5)).padStart(5, '0');
    users.push({
      id: i + 1,
      gender: rng() < 0.28 ? 'F' : 'M',
      age: pick(ages),
      occupation: Math.floor(rng() * 21),
      zip: rng() < 0.1 ? `${zip}-${String(Math.floor(rng() * 1e4)).padStart(4, '0')}` : zip,
    });
  }

  // Planted structure: factor entries ~ N(0, s) with dim * s^4 = 0.8, so u·v has variance ~0.8.
  const s = Math.pow(0.8 / dim, 0.25);
  const globalMean = 3.6;
  const userFactors = Float32Array.from({ length: nUsers * dim }, () => gauss() * s);
  const movieFactors = Float32Array.from({ length: nMovies * dim }, () => gauss() * s);
  const userBias = Float32Array.from({ length: nUsers }, () => gauss() * 0.35);
  const movieBias = Float32Array.from({ length: nMovies }, () => gauss() * 0.5);
  const score = (u: number, m: number) => {
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += userFactors[u * dim + k]! * movieFactors[m * dim + k]!;
    return globalMean + userBias[u]! + movieBias[m]! + dot;
  };

  // Popularity-skewed choice of distinct movies per user (Efraimidis-Spirakis weighted sampling).
  const rated = nMovies > 20 ? nMovies - 2 : nMovies;
  const weight = Float64Array.from({ length: rated }, (_, i) => 1 / Math.pow(i + 5, 0.7));
  const lines: string[] = [];
  const cols = {
    users: [] as number[],
    movies: [] as number[],
    ratings: [] as number[],
    ts: [] as number[],
  };
  for (let u = 0; u < nUsers; u++) {
    const k = Math.min(rated, Math.max(5, Math.round(perUser * (0.5 + rng()))));
    const keyed = Array.from({ length: rated }, (_, m) => ({
      m,
      key: Math.pow(rng(), 1 / weight[m]!),
    }));
    keyed.sort((a, b) => b.key - a.key);
    let t = 956_703_932 + Math.floor(rng() * 90_000_000); // 2000-04-25 .. 2003
    for (const { m } of keyed.slice(0, k)) {
      const r = Math.min(5, Math.max(1, Math.round(score(u, m) + gauss() * noise)));
      if (rng() < 0.7) t += Math.floor(rng() * 5_000); // some equal timestamps, as in ML-1M
      cols.users.push(users[u]!.id);
      cols.movies.push(movies[m]!.id);
      cols.ratings.push(r);
      cols.ts.push(t);
      lines.push(`${users[u]!.id}::${movies[m]!.id}::${r}::${t}`);
    }
  }

  const dat = (rows: string[]) => encodeLatin1(rows.map((r) => `${r}\n`).join(''));
  const files: DatFiles = {
    'movies.dat': dat(movies.map((m) => `${m.id}::${m.title} (${m.year})::${m.genres.join('|')}`)),
    'users.dat': dat(users.map((u) => `${u.id}::${u.gender}::${u.age}::${u.occupation}::${u.zip}`)),
    'ratings.dat': dat(lines),
  };
  const parsed: ParsedMovieLens = {
    release: 'ml-1m',
    movies,
    users,
    ratings: {
      users: Uint32Array.from(cols.users),
      movies: Uint32Array.from(cols.movies),
      ratings: Float32Array.from(cols.ratings),
      timestamps: Uint32Array.from(cols.ts),
    },
  };
  const truth: FixtureTruth = {
    dim,
    globalMean,
    userIds: users.map((u) => u.id),
    movieIds: movies.map((m) => m.id),
    userFactors,
    movieFactors,
    userBias,
    movieBias,
    unratedMovieIds: movies.slice(rated).map((m) => m.id),
    score,
  };
  return { files, truth, parsed };
}

/** A zip laid out like the official ml-1m.zip: ml-1m/{movies,ratings,users}.dat and a README. */
export function makeFixtureZip(opts: FixtureOptions = {}, folder = 'ml-1m/'): Uint8Array {
  return zipDatFiles(makeFixture(opts).files, folder);
}

export function zipDatFiles(files: Partial<DatFiles>, folder = 'ml-1m/'): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    [`${folder}README`]: encodeLatin1('Reel test fixture in MovieLens 1M format. Not real data.\n'),
  };
  for (const [name, bytes] of Object.entries(files)) entries[`${folder}${name}`] = bytes;
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

// -------------------------------------------------------------------------------------------
// Bad inputs

/** `bytes` with its 1-based line `line` replaced by `text` (Latin-1). */
export function replaceLine(bytes: Uint8Array, line: number, text: string): Uint8Array {
  const lines = decodeLatin1(bytes).split('\n');
  if (line < 1 || line > lines.length) throw new RangeError(`No line ${line}.`);
  lines[line - 1] = text;
  return encodeLatin1(lines.join('\n'));
}

/** The fixture's files with one malformed ratings.dat line (a rating of "six" on line `line`). */
export function malformedFiles(
  line = 7,
  opts: FixtureOptions = {},
): { files: DatFiles; line: number; text: string } {
  const { files } = makeFixture(opts);
  const text = '1::1::six::978300760';
  return {
    files: { ...files, 'ratings.dat': replaceLine(files['ratings.dat'], line, text) },
    line,
    text,
  };
}

/** A valid zip that holds no MovieLens tables. */
export function notMovieLensZip(): Uint8Array {
  return zipSync(
    {
      'holiday/notes.txt': encodeLatin1('Nothing to see here.\n'),
      'holiday/data.csv': encodeLatin1('a,b\n1,2\n'),
    },
    { mtime: new Date('2000-01-01T00:00:00Z') },
  );
}

export function emptyFile(): Uint8Array {
  return new Uint8Array(0);
}

/** A copy of a shard with one byte of its compressed body flipped (its sha256 no longer matches). */
export function corruptShard(bytes: Uint8Array, at = Math.floor(bytes.length / 2)): Uint8Array {
  const out = bytes.slice();
  out[Math.max(16, Math.min(at, out.length - 1))]! ^= 0xff;
  return out;
}

/** A copy of a shard cut short. */
export function truncatedShard(bytes: Uint8Array, keep = Math.floor(bytes.length / 2)): Uint8Array {
  return bytes.slice(0, keep);
}

// -------------------------------------------------------------------------------------------
// The other releases' formats (issue #10), made from the same planted data

export type ReleaseFormat = 'ml-100k' | 'ml-1m' | 'ml-10m' | 'csv';

export interface ReleaseFixture {
  /** file name -> bytes, as the release lays them out (beside its other, unused files) */
  files: Record<string, Uint8Array>;
  /** what reading `files` must give */
  parsed: ParsedMovieLens;
  /** a user and a movie id above 65,535 that the data uses */
  bigUser: number;
  bigMovie: number;
}

const BIG_ID = 70_000;
const ML100K_OCC = ['other', 'educator', 'artist', 'administrator', 'student', 'programmer'];
const OCC_CODE: Record<string, number> = {
  other: 0,
  educator: 1,
  artist: 2,
  administrator: 3,
  student: 4,
  programmer: 12,
};
const AGE_OF: Record<number, number> = { 1: 16, 18: 20, 25: 30, 35: 40, 45: 47, 50: 52, 56: 60 };

/**
 * The fixture in a release's real format: the last user and the last movie get ids above 65,535;
 * releases with half stars (ML-10M, CSV) get every third rating above 1 lowered by half a star;
 * the newer releases' genre names ("Children", "IMAX", "(no genres listed)") are written.
 */
export function makeReleaseFixture(
  format: ReleaseFormat,
  opts: FixtureOptions = { users: 40, movies: 60, ratingsPerUser: 12 },
): ReleaseFixture {
  const base = makeFixture(opts).parsed;
  const lastUser = base.users.at(-1)!.id;
  const lastMovie = base.movies.at(-1)!.id;
  const uid = (id: number) => (id === lastUser ? BIG_ID + 30_000 : id);
  const mid = (id: number) => (id === lastMovie ? BIG_ID : id);
  const halves = format === 'ml-10m' || format === 'csv';
  const modern = halves;
  const movies: Movie[] = base.movies.map((m, i) => ({
    ...m,
    id: mid(m.id),
    // the newer releases: a movie with no genres, and IMAX; ML-100K lists genres in flag order
    genres:
      modern && i === 7
        ? []
        : modern && i === 8
          ? [...m.genres, 'IMAX']
          : format === 'ml-100k'
            ? GENRES.filter((g) => m.genres.includes(g))
            : m.genres,
  }));
  // the last movie is never rated in makeFixture: rate it once so its big id is in the ratings
  const r = base.ratings;
  const n = r.ratings.length;
  const ratings = {
    users: Uint32Array.from(r.users, uid),
    movies: Uint32Array.from(r.movies, mid),
    ratings: Float32Array.from(r.ratings, (v, i) => (halves && i % 3 === 0 && v > 1 ? v - 0.5 : v)),
    timestamps: Uint32Array.from(r.timestamps),
  };
  const firstOfLast = ratings.users.indexOf(uid(lastUser));
  ratings.movies[firstOfLast] = BIG_ID; // lastUser never rated lastMovie? make sure it is unique
  const seen = new Set<number>();
  for (let i = firstOfLast; i < n; i++) {
    if (i !== firstOfLast && ratings.movies[i] === BIG_ID) ratings.movies[i] = movies[0]!.id;
    seen.add(ratings.movies[i]!);
  }
  if (seen.size !== n - firstOfLast) throw new Error('fixture: duplicate after remapping');
  const withDemographics = format === 'ml-100k' || format === 'ml-1m';
  const users: User[] = withDemographics
    ? base.users.map((u) => ({ ...u, id: uid(u.id) }))
    : [...new Set(ratings.users)].sort((a, b) => a - b).map((id) => ({ id }));
  if (format === 'ml-100k')
    for (const [i, u] of users.entries()) {
      u.occupation = OCC_CODE[ML100K_OCC[i % ML100K_OCC.length]!]!;
      u.age = u.age!;
    }
  const release = format === 'csv' ? 'ml-latest-small' : format;
  // links.csv (CSV releases): the first film as in the real files (Toy Story's ids), the others
  // made up from their ids; every fifth without a TMDB id, the fourth film without a row.
  const linkRows =
    format === 'csv'
      ? movies.flatMap((m, i) =>
          i === 3
            ? []
            : [
                i === 0
                  ? { movieId: m.id, imdb: 114709, tmdb: 862 }
                  : {
                      movieId: m.id,
                      imdb: 100_000 + m.id * 7,
                      tmdb: i % 5 === 0 ? 0 : 9_000 + m.id,
                    },
              ],
        )
      : [];
  const parsed: ParsedMovieLens = {
    release,
    movies: format === 'csv' ? withLinks(movies, linkRows) : movies,
    users,
    ratings,
  };

  const genreOut = (g: string[]) =>
    modern ? g.map((x) => (x === "Children's" ? 'Children' : x)) : g;
  const stars = (v: number) =>
    Number.isInteger(v) ? (format === 'csv' ? `${v}.0` : `${v}`) : `${v}`;
  const rows = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
  const lines = (xs: string[]) => `${xs.join('\n')}\n`;
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const files: Record<string, Uint8Array> = {};
  const rating = (i: number, sep: string) =>
    [ratings.users[i], ratings.movies[i], stars(ratings.ratings[i]!), ratings.timestamps[i]].join(
      sep,
    );
  if (format === 'ml-100k') {
    files['u.data'] = encodeLatin1(lines(rows((i) => rating(i, '\t'))));
    files['u1.base'] = encodeLatin1(
      lines(rows((i) => rating(i, '\t')).slice(0, Math.floor(n / 2))),
    );
    const flags = (g: string[]) =>
      ['unknown', ...GENRES].map((x) => (g.includes(x) ? '1' : '0')).join('|');
    files['u.item'] = encodeLatin1(
      lines(
        movies.map(
          (m) =>
            `${m.id}|${m.title} (${m.year})|01-Jan-${m.year}||http://us.imdb.com/M/title-exact?x|${flags(m.genres)}`,
        ),
      ),
    );
    files['u.user'] = encodeLatin1(
      lines(
        users.map(
          (u, i) =>
            `${u.id}|${AGE_OF[u.age!]}|${u.gender}|${ML100K_OCC[i % ML100K_OCC.length]}|${u.zip}`,
        ),
      ),
    );
    files['u.genre'] = encodeLatin1(lines(['unknown', ...GENRES].map((g, i) => `${g}|${i}`)));
    files['u.occupation'] = encodeLatin1(lines(ML100K_OCC));
  } else if (format === 'ml-1m' || format === 'ml-10m') {
    files['ratings.dat'] = encodeLatin1(lines(rows((i) => rating(i, '::'))));
    const movieLines = movies.map(
      (m) =>
        `${m.id}::${m.title} (${m.year})::${m.genres.length ? genreOut(m.genres).join('|') : '(no genres listed)'}`,
    );
    // ML-10M's movies.dat is UTF-8, ML-1M's Latin-1
    files['movies.dat'] =
      format === 'ml-10m' ? utf8(lines(movieLines)) : encodeLatin1(lines(movieLines));
    if (format === 'ml-1m')
      files['users.dat'] = encodeLatin1(
        lines(users.map((u) => `${u.id}::${u.gender}::${u.age}::${u.occupation}::${u.zip}`)),
      );
    else
      files['tags.dat'] = utf8(
        lines([
          `15::${movies[0]!.id}::excellent!::1215184630`,
          `15::${movies[1]!.id}::5::1215184631`,
        ]),
      );
  } else {
    files['ratings.csv'] = utf8(
      lines(['userId,movieId,rating,timestamp', ...rows((i) => rating(i, ','))]),
    );
    const q = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    files['movies.csv'] = utf8(
      lines([
        'movieId,title,genres',
        ...movies.map(
          (m) =>
            `${m.id},${q(`${m.title} (${m.year})`)},${m.genres.length ? genreOut(m.genres).join('|') : '(no genres listed)'}`,
        ),
      ]),
    );
    files['tags.csv'] = utf8(
      lines(['userId,movieId,tag,timestamp', `1,${movies[0]!.id},funny,1139045764`]),
    );
    files['links.csv'] = utf8(
      lines([
        'movieId,imdbId,tmdbId',
        ...linkRows.map(
          (l) => `${l.movieId},${String(l.imdb).padStart(7, '0')},${l.tmdb === 0 ? '' : l.tmdb}`,
        ),
      ]),
    );
    files['genome-tags.csv'] = utf8(lines(['tagId,tag', '1,007']));
    files['genome-scores.csv'] = utf8(
      lines(['movieId,tagId,relevance', `${movies[0]!.id},1,0.02875`]),
    );
  }
  return { files, parsed, bigUser: uid(lastUser), bigMovie: BIG_ID };
}

/** A release fixture zipped under its folder, as GroupLens publishes it. */
export function zipRelease(fx: ReleaseFixture, folder: string): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    [`${folder}README.txt`]: encodeLatin1('Reel test fixture. Not real data.\n'),
  };
  for (const [name, bytes] of Object.entries(fx.files)) entries[`${folder}${name}`] = bytes;
  return zipSync(entries, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

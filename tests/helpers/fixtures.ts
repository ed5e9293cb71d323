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
import type { ParsedMovieLens } from '../../src/core/data/movielens';
import { AGE_BRACKETS, GENRES, type Movie, type User } from '../../src/core/data/types';

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

export interface FixtureTruth {
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
export const SPECIAL_TITLES = [
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
  const rng = mulberry32(opts.seed ?? 1);
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
    movies,
    users,
    ratings: {
      users: Uint16Array.from(cols.users),
      movies: Uint16Array.from(cols.movies),
      ratings: Uint8Array.from(cols.ratings),
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

/** Small deterministic PRNG (mulberry32): floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

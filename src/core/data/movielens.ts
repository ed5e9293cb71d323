/**
 * Reads any MovieLens release as a user supplies it: the official zip (tables at any folder
 * depth), a folder, or the loose files. Tables are recognised by their CONTENT, never by name:
 *
 * | release                 | ratings                    | movies                         | users   |
 * | ML-100K                 | u.data: tab, whole stars   | u.item: pipe, 19 genre flags   | u.user  |
 * | ML-1M                   | ratings.dat: '::'          | movies.dat: '::'               | users.dat |
 * | ML-10M                  | ratings.dat: '::', halves  | movies.dat: '::'               | none    |
 * | ML-20M/25M/32M, latest  | ratings.csv (header), halves | movies.csv (header, quoted)  | none    |
 *
 * When a kind has several candidates (ML-100K's u1.base ... ub.test hold the same rows as u.data)
 * the biggest wins, then the shallowest. Other tables (tags, links, genome) are never read past
 * their first 64 KB. The ratings table is STREAMED (chunks of a file or of an inflating zip entry
 * go straight into typed columns: no string of the file, memory ~13 bytes a rating); the movies
 * and users tables are small and read whole, decoded as Latin-1 or UTF-8 (latin1.ts).
 * Sizes are checked BEFORE anything is inflated or decoded (`ReadLimits`): a zip bomb or a huge
 * file is refused, never read as empty. Errors are ReelErrors in plain words: 'empty-file',
 * 'not-movielens', 'parse' (first bad row, with file and line), 'too-large'.
 */
import { ReelError, throwIfAborted } from '../errors';
import { findDuplicateRating } from './duplicates';
import { decodeLatin1, decodeTable } from './latin1';
import {
  parseMovies,
  parseMoviesCsv,
  parseMoviesItem,
  parseUsers,
  parseUsersItem,
  RatingsParser,
  type RatingsDialect,
} from './parse';
import {
  baseName,
  bytesSource,
  chunksOf,
  entryChunks,
  headOf,
  isZipMagic,
  listZip,
  type ByteSource,
} from './source';
import type { Movie, RatingColumns, User } from './types';

export interface ParsedMovieLens {
  /** Release id (RELEASES key), as detected from the content. */
  release: string;
  movies: Movie[];
  /** With demographics (ML-100K, ML-1M) or ids only, taken from the ratings (the others). */
  users: User[];
  ratings: RatingColumns;
}

export interface ReleaseInfo {
  label: string;
  /** The zip GroupLens publishes (with `${url}.md5` beside it); none for ml-latest. */
  url?: string;
  /** ratings / users / movies of the published release */
  counts?: { ratings: number; users: number; movies: number };
}

const GROUPLENS = 'https://files.grouplens.org/datasets/movielens/';

export const RELEASES = {
  'ml-100k': {
    label: 'MovieLens 100K',
    url: `${GROUPLENS}ml-100k.zip`,
    counts: { ratings: 100_000, users: 943, movies: 1_682 },
  },
  'ml-1m': {
    label: 'MovieLens 1M',
    url: `${GROUPLENS}ml-1m.zip`,
    counts: { ratings: 1_000_209, users: 6_040, movies: 3_883 },
  },
  'ml-10m': {
    label: 'MovieLens 10M',
    url: `${GROUPLENS}ml-10m.zip`,
    counts: { ratings: 10_000_054, users: 69_878, movies: 10_681 },
  },
  'ml-20m': {
    label: 'MovieLens 20M',
    url: `${GROUPLENS}ml-20m.zip`,
    counts: { ratings: 20_000_263, users: 138_493, movies: 27_278 },
  },
  'ml-25m': {
    label: 'MovieLens 25M',
    url: `${GROUPLENS}ml-25m.zip`,
    counts: { ratings: 25_000_095, users: 162_541, movies: 62_423 },
  },
  'ml-32m': {
    label: 'MovieLens 32M',
    url: `${GROUPLENS}ml-32m.zip`,
    counts: { ratings: 32_000_204, users: 200_948, movies: 87_585 },
  },
  'ml-latest-small': {
    label: 'MovieLens Latest (small)',
    url: `${GROUPLENS}ml-latest-small.zip`,
    counts: { ratings: 100_836, users: 610, movies: 9_742 },
  },
  'ml-latest': { label: 'MovieLens Latest', url: `${GROUPLENS}ml-latest.zip` },
} satisfies Record<string, ReleaseInfo>;

export type ReleaseId = keyof typeof RELEASES;
export const RELEASE_IDS = Object.keys(RELEASES) as ReleaseId[];

export function releaseLabel(id: string): string {
  return (RELEASES as Record<string, ReleaseInfo>)[id]?.label ?? id;
}

/**
 * Progress of reading. 'unzip' reports done 0 then 1 of total 1 once the tables are found;
 * 'parse' reports per table in bytes of that table: movies and users once, ratings after every
 * chunk (4 MB).
 */
export interface ReadProgress {
  phase: 'unzip' | 'parse';
  file?: string;
  done: number;
  total: number;
}
export type OnReadProgress = (p: ReadProgress) => void;

/**
 * Most bytes a table read whole (movies, users) may hold. ML-32M's movies.csv is ~4 MB.
 */
export const MAX_TABLE_BYTES = 64 * 1024 * 1024;
/**
 * Most bytes of the (streamed) ratings table in a browser: ML-32M's ratings.csv (~880 MB) and
 * ML-25M's (~680 MB) pass; its columns then take ~13 bytes a rating (~420 MB for 32M ratings).
 */
export const MAX_RATINGS_BYTES = 1024 * 1024 * 1024;

export interface ReadLimits {
  tableBytes: number;
  ratingsBytes: number;
}
export const BROWSER_LIMITS: ReadLimits = {
  tableBytes: MAX_TABLE_BYTES,
  ratingsBytes: MAX_RATINGS_BYTES,
};
/** `npm run data` streams too, and a machine has more memory than a tab: 4 GiB of ratings. */
export const CLI_LIMITS: ReadLimits = {
  tableBytes: 4 * MAX_TABLE_BYTES,
  ratingsBytes: 4 * MAX_RATINGS_BYTES,
};

export interface ReadOptions {
  onProgress?: OnReadProgress;
  limits?: ReadLimits;
  signal?: AbortSignal;
}

const HOW_TO =
  'Choose a MovieLens zip from GroupLens (ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, ml-32m, ml-latest or ml-latest-small), or the files inside it.';

const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en')} MB`;

/** Refuses input bigger than `limit`; `what` names it in the message. */
export function checkSize(what: string, bytes: number, limit = MAX_TABLE_BYTES): void {
  if (bytes > limit)
    throw new ReelError(
      'too-large',
      `${what} ${bytes >= 1024 * 1024 ? `holds ${mb(bytes)}` : 'is too large'}, more than the ${mb(limit)} Reel reads. ${HOW_TO}`,
    );
}

type Kind = 'ratings' | 'movies' | 'users';
type Dialect = 'dat' | 'tab' | 'pipe' | 'csv';

interface Table {
  /** path as given (zip entry path, or the file name) */
  path: string;
  size: number;
  /** `verify`: check the whole entry inflates to its declared size (off for a peek) */
  open(verify?: boolean): AsyncGenerator<Uint8Array>;
  kind?: Kind;
  dialect?: Dialect;
}

const SNIFF_BYTES = 64 * 1024;

/** Reads the sources (zips, loose files, a folder's files) as one MovieLens release. */
export async function readMovieLens(
  sources: ByteSource[],
  opts: ReadOptions = {},
): Promise<ParsedMovieLens> {
  const limits = opts.limits ?? BROWSER_LIMITS;
  if (sources.length === 0) throw new ReelError('empty-file', `No file was chosen. ${HOW_TO}`);
  const tables: Table[] = [];
  let zipped = false;
  for (const src of sources) {
    if (src.size === 0)
      throw new ReelError('empty-file', `${baseName(src.name) || 'The file'} is empty. ${HOW_TO}`);
    const head = await src.read(0, 4);
    if (isZipMagic(head)) {
      zipped = true;
      opts.onProgress?.({ phase: 'unzip', done: 0, total: 1 });
      for (const e of await listZip(src)) {
        if (e.size === 0 && classifyBlank(new Uint8Array(0), e.name))
          throw new ReelError('empty-file', `${baseName(e.name)} is empty. ${HOW_TO}`);
        if (e.size > 0)
          tables.push({
            path: e.name,
            size: e.size,
            open: (verify = true) => entryChunks(src, e, verify),
          });
      }
    } else {
      tables.push({ path: src.name, size: src.size, open: () => chunksOf(src) });
    }
  }
  for (const t of tables) {
    throwIfAborted(opts.signal);
    const head = await headOf(t.open(false), SNIFF_BYTES);
    const c = classify(head, head.length >= t.size) ?? classifyBlank(head, t.path);
    if (c) Object.assign(t, c);
  }
  if (zipped) opts.onProgress?.({ phase: 'unzip', done: 1, total: 1 });
  const where = zipped && sources.length === 1 ? 'This zip archive has' : 'The files chosen have';

  const ratings = pick(tables, 'ratings', ['dat', 'tab', 'csv']);
  if (!ratings)
    throw new ReelError(
      'not-movielens',
      `${where} no ratings table (ratings.dat, u.data or ratings.csv), so it is not MovieLens. ${HOW_TO}`,
    );
  const family: Dialect[] =
    ratings.dialect === 'tab' ? ['pipe'] : ratings.dialect === 'csv' ? ['csv'] : ['dat'];
  const movies = pick(tables, 'movies', family);
  const users = ratings.dialect === 'csv' ? undefined : pick(tables, 'users', family);
  const need = [
    !movies &&
      (ratings.dialect === 'tab'
        ? 'u.item'
        : ratings.dialect === 'csv'
          ? 'movies.csv'
          : 'movies.dat'),
    !users && ratings.dialect === 'tab' && 'u.user',
  ].filter((x): x is string => !!x);
  if (need.length > 0)
    throw new ReelError(
      'not-movielens',
      `${where} no ${need.join(' and ')} beside its ratings, so it is not a complete MovieLens release. ${HOW_TO}`,
    );
  const release: ReleaseId =
    ratings.dialect === 'tab'
      ? 'ml-100k'
      : ratings.dialect === 'dat'
        ? users
          ? 'ml-1m'
          : 'ml-10m'
        : 'ml-latest';

  checkSize(`The movies table ${baseName(movies!.path)}`, movies!.size, limits.tableBytes);
  if (users) checkSize(`The users table ${baseName(users.path)}`, users.size, limits.tableBytes);
  checkSize(`The ratings table ${baseName(ratings.path)}`, ratings.size, limits.ratingsBytes);

  const readText = async (t: Table) => {
    const parts: Uint8Array[] = [];
    let n = 0;
    for await (const c of t.open()) {
      parts.push(c);
      n += c.length;
    }
    const all = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return decodeTable(all, baseName(t.path));
  };
  const small = async <T>(t: Table, parse: (text: string, file: string) => T): Promise<T> => {
    const file = baseName(t.path);
    opts.onProgress?.({ phase: 'parse', file, done: 0, total: t.size });
    const out = parse(await readText(t), file);
    opts.onProgress?.({ phase: 'parse', file, done: t.size, total: t.size });
    return out;
  };
  const movieRows = await small(
    movies!,
    movies!.dialect === 'pipe'
      ? parseMoviesItem
      : movies!.dialect === 'csv'
        ? parseMoviesCsv
        : parseMovies,
  );
  const userRows = users
    ? await small(users, users.dialect === 'pipe' ? parseUsersItem : parseUsers)
    : undefined;

  const ratingsFile = baseName(ratings.path);
  const parser = new RatingsParser(ratingsFile, ratings.dialect as RatingsDialect, {
    halfStars: release !== 'ml-100k' && release !== 'ml-1m',
    sizeHint: ratings.size,
  });
  let done = 0;
  for await (const chunk of ratings.open()) {
    throwIfAborted(opts.signal);
    parser.push(chunk);
    done += chunk.length;
    opts.onProgress?.({ phase: 'parse', file: ratingsFile, done, total: ratings.size });
  }
  const cols = parser.end();

  const noRows = (t: Table, what: string) =>
    new ReelError('empty-file', `${baseName(t.path)} has no ${what}, only blank lines. ${HOW_TO}`);
  if (movieRows.length === 0) throw noRows(movies!, 'movies');
  if (userRows && userRows.length === 0) throw noRows(users!, 'users');
  if (cols.ratings.length === 0) throw noRows(ratings, 'ratings');
  checkReferences(
    ratingsFile,
    { rows: movieRows, file: baseName(movies!.path) },
    userRows && { rows: userRows, file: baseName(users!.path) },
    cols,
    ratings.dialect!,
  );
  checkNoDuplicates(ratingsFile, cols, ratings.dialect === 'csv' ? 1 : 0);
  return {
    release: release === 'ml-latest' ? csvRelease(cols.ratings.length) : release,
    movies: movieRows,
    users: userRows ?? usersFromRatings(cols.users),
    ratings: cols,
  };
}

/** The CSV releases differ only in size: a published one is told by its exact rating count. */
function csvRelease(ratings: number): ReleaseId {
  for (const id of ['ml-20m', 'ml-25m', 'ml-32m', 'ml-latest-small'] as const)
    if (RELEASES[id].counts.ratings === ratings) return id;
  return ratings < 1_000_000 ? 'ml-latest-small' : 'ml-latest';
}

// ---------------------------------------------------------------------------------------------
// The earlier entry points, kept for callers with bytes in memory

/** Reads a zip held in memory. */
export function readMovieLensZip(bytes: Uint8Array, opts?: ReadOptions): Promise<ParsedMovieLens> {
  if (bytes.length > 0 && !isZipMagic(bytes))
    return Promise.reject(
      new ReelError('not-movielens', `This file is not a zip archive. ${HOW_TO}`),
    );
  return readMovieLens([bytesSource('The zip archive', bytes)], opts);
}

/** Reads tables (or zips) held in memory, by any names. */
export function readMovieLensFiles(
  files: Record<string, Uint8Array>,
  opts?: ReadOptions,
): Promise<ParsedMovieLens> {
  return readMovieLens(
    Object.entries(files).map(([name, bytes]) => bytesSource(name, bytes)),
    opts,
  );
}

/** @deprecated the same as readMovieLensFiles (kept for callers of the ML-1M-only reader). */
export const readMovieLensUpload = readMovieLensFiles;

// ---------------------------------------------------------------------------------------------
// Recognising tables by content

function splitLines(head: Uint8Array, complete: boolean): string[] {
  let text = decodeLatin1(head);
  if (text.charCodeAt(0) === 0xef && text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3);
  const lines = text.split('\n');
  if (!complete) lines.pop(); // cut mid-line
  return lines
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l !== '')
    .slice(0, 50);
}

const DIGITS = /^\d{1,10}$/;
const STARS = /^\d(\.\d{1,6})?$/;

/** What a table is, from its first bytes; null when it is none of the three MovieLens tables. */
export function classify(
  head: Uint8Array,
  complete = false,
): { kind: Kind; dialect: Dialect } | null {
  const lines = splitLines(head, complete);
  if (lines.length === 0) return null;
  const first = lines[0]!.replace(/\s/g, '').toLowerCase();
  if (first === 'userid,movieid,rating,timestamp') return { kind: 'ratings', dialect: 'csv' };
  if (first === 'movieid,title,genres') return { kind: 'movies', dialect: 'csv' };
  // The first line and most of the others must fit: a malformed line further on is then
  // reported by the parser with its line number instead of hiding the whole table.
  const all = (sep: string, ok: (f: string[]) => boolean) =>
    ok(lines[0]!.split(sep)) && lines.filter((l) => ok(l.split(sep))).length >= lines.length * 0.8;
  if (lines[0]!.includes('::')) {
    if (
      all(
        '::',
        (f) =>
          f.length === 4 &&
          DIGITS.test(f[0]!) &&
          DIGITS.test(f[1]!) &&
          STARS.test(f[2]!) &&
          DIGITS.test(f[3]!),
      )
    )
      return { kind: 'ratings', dialect: 'dat' };
    if (all('::', (f) => f.length === 3 && DIGITS.test(f[0]!)))
      return { kind: 'movies', dialect: 'dat' };
    if (all('::', (f) => f.length === 5 && DIGITS.test(f[0]!) && (f[1] === 'M' || f[1] === 'F')))
      return { kind: 'users', dialect: 'dat' };
    return null;
  }
  if (lines[0]!.includes('\t')) {
    if (all('\t', (f) => f.length === 4 && f.every((x) => DIGITS.test(x))))
      return { kind: 'ratings', dialect: 'tab' };
    return null;
  }
  if (lines[0]!.includes('|')) {
    if (all('|', (f) => f.length === 24 && DIGITS.test(f[0]!)))
      return { kind: 'movies', dialect: 'pipe' };
    if (
      all(
        '|',
        (f) =>
          f.length === 5 &&
          DIGITS.test(f[0]!) &&
          DIGITS.test(f[1]!) &&
          (f[2] === 'M' || f[2] === 'F'),
      )
    )
      return { kind: 'users', dialect: 'pipe' };
  }
  return null;
}

/**
 * A table holding only blank lines has no content to recognise; under its published name it is
 * taken as that table, so the error says what is wrong ("ratings.dat has no ratings").
 */
function classifyBlank(head: Uint8Array, path: string): { kind: Kind; dialect: Dialect } | null {
  if (head.some((b) => b !== 0x0a && b !== 0x0d)) return null;
  const known: Record<string, { kind: Kind; dialect: Dialect }> = {
    'ratings.dat': { kind: 'ratings', dialect: 'dat' },
    'movies.dat': { kind: 'movies', dialect: 'dat' },
    'users.dat': { kind: 'users', dialect: 'dat' },
    'u.data': { kind: 'ratings', dialect: 'tab' },
    'u.item': { kind: 'movies', dialect: 'pipe' },
    'u.user': { kind: 'users', dialect: 'pipe' },
    'ratings.csv': { kind: 'ratings', dialect: 'csv' },
    'movies.csv': { kind: 'movies', dialect: 'csv' },
  };
  return known[baseName(path).toLowerCase()] ?? null;
}

/** The candidate of `kind` in one of `dialects`: the biggest, then the shallowest. */
function pick(tables: Table[], kind: Kind, dialects: Dialect[]): Table | undefined {
  const depth = (p: string) => p.split(/[/\\]/).length;
  return tables
    .filter((t) => t.kind === kind && dialects.includes(t.dialect!))
    .sort((a, b) => b.size - a.size || depth(a.path) - depth(b.path))[0];
}

// ---------------------------------------------------------------------------------------------
// Cross-checks

function checkNoDuplicates(file: string, r: RatingColumns, headerLines: number): void {
  const d = findDuplicateRating(r);
  if (!d) return;
  throw new ReelError(
    'parse',
    `${file} line ${d.second + 1 + headerLines}: user ${d.user} rates movie ${d.movie} a second time ` +
      `(first on line ${d.first + 1 + headerLines}). Each person rates a movie once; use the files as published.`,
  );
}

/** Every rating must name a listed movie (and user, when there is a users table). */
function checkReferences(
  file: string,
  movies: { rows: Movie[]; file: string },
  users: { rows: User[]; file: string } | undefined,
  r: RatingColumns,
  dialect: Dialect,
): void {
  const knownMovie = new Set(movies.rows.map((m) => m.id));
  const knownUser = users ? new Set(users.rows.map((u) => u.id)) : null;
  const header = dialect === 'csv' ? 1 : 0;
  const sep = dialect === 'dat' ? '::' : dialect === 'tab' ? '\t' : ',';
  let lastUser = -1;
  for (let i = 0; i < r.users.length; i++) {
    const u = r.users[i]!;
    const userOk = !knownUser || u === lastUser || knownUser.has(u);
    if (userOk) lastUser = u;
    const what = !userOk ? 'user' : !knownMovie.has(r.movies[i]!) ? 'movie' : null;
    if (what) {
      const id = what === 'user' ? u : r.movies[i];
      const line = [u, r.movies[i], r.ratings[i], r.timestamps[i]].join(sep);
      throw new ReelError(
        'parse',
        `${file} line ${i + 1 + header}: ${what} ${id} is not in ${what === 'user' ? users!.file : movies.file}, got "${line}"`,
      );
    }
  }
}

/** Raters by id only (releases without a users table), in id order. */
function usersFromRatings(ids: Uint32Array): User[] {
  const seen = new Set<number>();
  let last = -1;
  for (let i = 0; i < ids.length; i++) {
    const u = ids[i]!;
    if (u !== last) seen.add(u);
    last = u;
  }
  return Float64Array.from(seen)
    .sort()
    .reduce<User[]>((out, id) => (out.push({ id }), out), []);
}

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
 * (classify.ts), and links.csv where the CSV releases ship it (links.ts: IMDb and TMDB ids on the
 * movies). Other tables (tags, genome) are never read past their first bytes. The
 * ratings table is STREAMED (chunks of a file or of an inflating zip entry go straight into typed
 * columns, ratingsParser.ts: no string of the file); the movies and users tables are small and
 * read whole, decoded as Latin-1 or UTF-8 (latin1.ts), and parsed by parse.ts. Once read, the
 * tables are cross-checked (checks.ts) and the release told by its content (releases.ts).
 * Sizes are checked BEFORE anything is inflated or decoded (`ReadLimits`), and what a zip entry
 * actually inflates to is bounded while it streams (zipInflate.ts): a zip bomb or a huge file is
 * refused, never read as empty, and never inflated past its limit. Errors are ReelErrors in plain words: 'empty-file',
 * 'not-movielens', 'parse' (first bad row, with file and line), 'too-large'.
 */
import { ReelError, throwIfAborted } from '../errors';
import { checkNoDuplicates, checkReferences, usersFromRatings } from './checks';
import { classify, classifyBlank, pick, type Dialect, type Table } from './classify';
import { decodeTable } from './latin1';
import { parseLinksCsv, withLinks } from './links';
import { parseMovies, parseMoviesCsv, parseMoviesItem, parseUsers, parseUsersItem } from './parse';
import { RatingsParser, type RatingsDialect } from './ratingsParser';
import { csvRelease, type ReleaseId } from './releases';
import {
  baseName,
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

/**
 * Progress of reading. 'unzip' reports done 0 then 1 of total 1 once the tables are found;
 * 'parse' reports per table in bytes of that table: movies and users once, ratings after every
 * chunk read.
 */
export interface ReadProgress {
  phase: 'unzip' | 'parse';
  file?: string;
  done: number;
  total: number;
}
type OnReadProgress = (p: ReadProgress) => void;

/** Most bytes a table read whole (movies, users) may hold: far above any release's. */
export const MAX_TABLE_BYTES = 64 * 1024 * 1024;
/**
 * Most bytes of the (streamed) ratings table in a browser: the biggest published releases pass,
 * and their columns still fit a tab's memory.
 */
const MAX_RATINGS_BYTES = 1024 * 1024 * 1024;

export interface ReadLimits {
  tableBytes: number;
  ratingsBytes: number;
}
const BROWSER_LIMITS: ReadLimits = {
  tableBytes: MAX_TABLE_BYTES,
  ratingsBytes: MAX_RATINGS_BYTES,
};
/** `npm run data` streams too, and a machine has more memory than a tab. */
export const CLI_LIMITS: ReadLimits = {
  tableBytes: 4 * MAX_TABLE_BYTES,
  ratingsBytes: 4 * MAX_RATINGS_BYTES,
};

export interface ReadOptions {
  onProgress?: OnReadProgress;
  limits?: ReadLimits;
  signal?: AbortSignal;
}

/** What to choose instead, ending every refusal. */
export const HOW_TO =
  'Choose a MovieLens zip from GroupLens (ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, ml-32m, ml-latest or ml-latest-small), or the files inside it.';

const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en')} MB`;

/** Refuses input bigger than `limit`; `what` names it in the message. */
function checkSize(what: string, bytes: number, limit = MAX_TABLE_BYTES): void {
  if (bytes > limit)
    throw new ReelError(
      'too-large',
      `${what} ${bytes >= 1024 * 1024 ? `holds ${mb(bytes)}` : 'is too large'}, more than the ${mb(limit)} Reel reads. ${HOW_TO}`,
    );
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
  // What one entry may ever inflate to (declared sizes are checked per table below; this bounds
  // the peeks and any entry that lies about its size).
  const entryLimit = Math.max(limits.tableBytes, limits.ratingsBytes);
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
            open: (verify = true) => entryChunks(src, e, verify, entryLimit),
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
  const links = ratings.dialect === 'csv' ? pick(tables, 'links', ['csv']) : undefined;
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
  if (links) checkSize(`The links table ${baseName(links.path)}`, links.size, limits.tableBytes);
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
  const linkRows = links ? await small(links, parseLinksCsv) : undefined;

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
    movies: linkRows ? withLinks(movieRows, linkRows) : movieRows,
    users: userRows ?? usersFromRatings(cols.users),
    ratings: cols,
  };
}

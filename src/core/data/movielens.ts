/**
 * Reads MovieLens 1M as a user supplies it: the official ml-1m.zip (files may sit in a folder such
 * as "ml-1m/"), or the three .dat files picked directly. Validates everything (see parse.ts) and
 * cross-checks that every rating's user and movie exist and that nobody rates a movie twice.
 * Errors are ReelErrors in plain words: 'empty-file' (a table empty or without rows),
 * 'not-movielens' (not a zip, or a table is missing), 'parse' (first bad row), 'too-large'.
 * Sizes are checked BEFORE anything is inflated or decoded (a zip's declared sizes bound what
 * fflate allocates), so a zip bomb or a huge file is refused, never read as empty.
 */
import { unzipSync } from 'fflate';
import { ReelError } from '../errors';
import { findDuplicateRating } from './duplicates';
import { decodeTable } from './latin1';
import { parseMovies, parseRatings, parseUsers } from './parse';
import type { Movie, RatingColumns, User } from './types';

export interface ParsedMovieLens {
  movies: Movie[];
  users: User[];
  ratings: RatingColumns;
}

/**
 * Progress of reading. 'unzip' reports done 0 then 1 of total 1 (fflate unzips in one call);
 * 'parse' reports per file, with done/total in characters of that file's text; users.dat and
 * movies.dat report once, ratings.dat after every chunk (about 1 MB).
 */
export interface ReadProgress {
  phase: 'unzip' | 'parse';
  file?: DatFile;
  done: number;
  total: number;
}
export type OnReadProgress = (p: ReadProgress) => void;

export const DAT_FILES = ['ratings.dat', 'movies.dat', 'users.dat'] as const;
export type DatFile = (typeof DAT_FILES)[number];

const HOW_TO =
  'Choose the MovieLens 1M ml-1m.zip from GroupLens, or its ratings.dat, movies.dat and users.dat files.';

/**
 * Most bytes the three tables may hold together, uncompressed (and so the most a zip may be).
 * Reading needs the bytes, their text and the rating columns in memory at once, in one browser
 * tab (or worker) that may have only a few hundred MB; 256 MiB is ten times ML-1M's 24 MB
 * ratings.dat and stays far below engines' string limit (Chromium: ~536 M characters).
 */
export const MAX_TABLE_BYTES = 256 * 1024 * 1024;

const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en')} MB`;

/** Refuses input bigger than MAX_TABLE_BYTES; `what` names it in the message. */
export function checkSize(what: string, bytes: number): void {
  if (bytes > MAX_TABLE_BYTES)
    throw new ReelError(
      'too-large',
      `${what} ${bytes >= 1024 * 1024 ? `holds ${mb(bytes)}` : 'is too large'}, more than the ${mb(MAX_TABLE_BYTES)} Reel can read in a browser. ${HOW_TO}`,
    );
}

/** Reads the official ml-1m.zip (or any zip holding the three .dat files, at any folder depth). */
export function readMovieLensZip(bytes: Uint8Array, onProgress?: OnReadProgress): ParsedMovieLens {
  if (bytes.length === 0) throw new ReelError('empty-file', `The file is empty. ${HOW_TO}`);
  if (!isZip(bytes))
    throw new ReelError('not-movielens', `This file is not a zip archive. ${HOW_TO}`);
  checkSize('This zip archive', bytes.length);
  onProgress?.({ phase: 'unzip', done: 0, total: 1 });
  let entries: Record<string, Uint8Array>;
  let declared = 0;
  try {
    entries = unzipSync(bytes, {
      // Called with each entry's declared sizes before it is inflated (into exactly that many bytes).
      filter: (f) => {
        if (datName(f.name) === null) return false;
        declared += f.originalSize;
        checkSize(`Unpacked, ${baseName(f.name)}`, f.originalSize);
        checkSize('Unpacked, this zip archive', declared);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ReelError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new ReelError('not-movielens', `This zip archive could not be read (${why}). ${HOW_TO}`);
  }
  onProgress?.({ phase: 'unzip', done: 1, total: 1 });
  const files = pickDatFiles(Object.entries(entries), 'This zip archive has');
  return parseAll(files, onProgress);
}

/**
 * Reads the three tables given by name (a path is fine: only the file name counts).
 * Extra entries are ignored.
 */
export function readMovieLensFiles(
  files: Record<string, Uint8Array>,
  onProgress?: OnReadProgress,
): ParsedMovieLens {
  return parseAll(pickDatFiles(Object.entries(files), 'The files chosen have'), onProgress);
}

/**
 * What an import hands over: a single zip, or the .dat files. Dispatches to readMovieLensZip when
 * there is exactly one file and it is a zip (by content, or by name when it is empty).
 */
export function readMovieLensUpload(
  files: Record<string, Uint8Array>,
  onProgress?: OnReadProgress,
): ParsedMovieLens {
  const entries = Object.entries(files);
  if (entries.length === 1) {
    const [name, bytes] = entries[0]!;
    if (isZip(bytes) || (datName(name) === null && bytes.length === 0))
      return readMovieLensZip(bytes, onProgress);
    if (datName(name) === null)
      throw new ReelError('not-movielens', `"${baseName(name)}" is not MovieLens data. ${HOW_TO}`);
  }
  return readMovieLensFiles(files, onProgress);
}

function parseAll(
  files: Record<DatFile, Uint8Array>,
  onProgress?: OnReadProgress,
): ParsedMovieLens {
  let total = 0;
  for (const name of DAT_FILES) {
    if (files[name].length === 0) throw new ReelError('empty-file', `${name} is empty. ${HOW_TO}`);
    checkSize(name, files[name].length);
    checkSize('Together, the three tables', (total += files[name].length));
  }
  const small = <T>(file: 'movies.dat' | 'users.dat', parse: (t: string, f: string) => T): T => {
    const text = decodeTable(files[file], file);
    onProgress?.({ phase: 'parse', file, done: 0, total: text.length });
    const out = parse(text, file);
    onProgress?.({ phase: 'parse', file, done: text.length, total: text.length });
    return out;
  };
  const movies = small('movies.dat', parseMovies);
  const users = small('users.dat', parseUsers);
  const ratingsText = decodeTable(files['ratings.dat'], 'ratings.dat');
  const ratings = parseRatings(ratingsText, 'ratings.dat', (_rows, done, total) =>
    onProgress?.({ phase: 'parse', file: 'ratings.dat', done, total }),
  );
  const noRows = (file: DatFile, what: string) =>
    new ReelError('empty-file', `${file} has no ${what}, only blank lines. ${HOW_TO}`);
  if (movies.length === 0) throw noRows('movies.dat', 'movies');
  if (users.length === 0) throw noRows('users.dat', 'users');
  if (ratings.ratings.length === 0) throw noRows('ratings.dat', 'ratings');
  checkReferences(movies, users, ratings);
  checkNoDuplicates(ratings);
  return { movies, users, ratings };
}

function checkNoDuplicates(r: RatingColumns): void {
  const d = findDuplicateRating(r);
  if (!d) return;
  throw new ReelError(
    'parse',
    `ratings.dat line ${d.second + 1}: user ${d.user} rates movie ${d.movie} a second time ` +
      `(first on line ${d.first + 1}). Each person rates a movie once; use the files as published.`,
  );
}

/** Every rating must name a listed user and movie; the first that does not is reported. */
function checkReferences(movies: Movie[], users: User[], r: RatingColumns): void {
  const knownMovie = new Uint8Array(0x10000);
  const knownUser = new Uint8Array(0x10000);
  for (const m of movies) knownMovie[m.id] = 1;
  for (const u of users) knownUser[u.id] = 1;
  for (let i = 0; i < r.users.length; i++) {
    const what = !knownUser[r.users[i]!] ? 'user' : !knownMovie[r.movies[i]!] ? 'movie' : null;
    if (what) {
      const id = what === 'user' ? r.users[i] : r.movies[i];
      const line = `${r.users[i]}::${r.movies[i]}::${r.ratings[i]}::${r.timestamps[i]}`;
      throw new ReelError(
        'parse',
        `ratings.dat line ${i + 1}: ${what} ${id} is not in ${what}s.dat, got "${line}"`,
      );
    }
  }
}

function pickDatFiles(entries: [string, Uint8Array][], where: string): Record<DatFile, Uint8Array> {
  const found: Partial<Record<DatFile, { path: string; bytes: Uint8Array }>> = {};
  for (const [path, bytes] of entries) {
    const name = datName(path);
    if (!name) continue;
    const prev = found[name];
    // Prefer the shallowest copy (e.g. "ml-1m/ratings.dat" over "ml-1m/old/ratings.dat").
    if (!prev || depth(path) < depth(prev.path)) found[name] = { path, bytes };
  }
  const missing = DAT_FILES.filter((n) => !found[n]);
  if (missing.length > 0) {
    const list =
      missing.length === 1
        ? missing[0]
        : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
    throw new ReelError(
      'not-movielens',
      `${where} no ${list}, which MovieLens 1M always has. ${HOW_TO}`,
    );
  }
  return {
    'ratings.dat': found['ratings.dat']!.bytes,
    'movies.dat': found['movies.dat']!.bytes,
    'users.dat': found['users.dat']!.bytes,
  };
}

/** The table a path names, ignoring folders, case and macOS resource forks ("__MACOSX/", "._x"). */
function datName(path: string): DatFile | null {
  if (path.startsWith('__MACOSX/') || path.endsWith('/')) return null;
  const base = baseName(path).toLowerCase();
  return (DAT_FILES as readonly string[]).includes(base) ? (base as DatFile) : null;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function depth(path: string): number {
  return path.split(/[/\\]/).length;
}

function isZip(bytes: Uint8Array): boolean {
  // Local file header "PK\3\4", or the end-of-central-directory record of an empty zip "PK\5\6".
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

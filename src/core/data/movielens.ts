/**
 * Reads MovieLens 1M as a user supplies it: the official ml-1m.zip (files may sit in a folder such
 * as "ml-1m/"), or the three .dat files picked directly. Validates everything (see parse.ts) and
 * cross-checks that every rating's user and movie exist. Errors are ReelErrors in plain words:
 * 'empty-file', 'not-movielens' (not a zip, or a table is missing), 'parse' (first bad row).
 */
import { unzipSync } from 'fflate';
import { ReelError } from '../errors';
import { decodeLatin1 } from './latin1';
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

/** Reads the official ml-1m.zip (or any zip holding the three .dat files, at any folder depth). */
export function readMovieLensZip(bytes: Uint8Array, onProgress?: OnReadProgress): ParsedMovieLens {
  if (bytes.length === 0) throw new ReelError('empty-file', `The file is empty. ${HOW_TO}`);
  if (!isZip(bytes))
    throw new ReelError('not-movielens', `This file is not a zip archive. ${HOW_TO}`);
  onProgress?.({ phase: 'unzip', done: 0, total: 1 });
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => datName(f.name) !== null });
  } catch (e) {
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
  for (const name of DAT_FILES) {
    if (files[name].length === 0) throw new ReelError('empty-file', `${name} is empty. ${HOW_TO}`);
  }
  const small = <T>(file: 'movies.dat' | 'users.dat', parse: (t: string, f: string) => T): T => {
    const text = decodeLatin1(files[file]);
    onProgress?.({ phase: 'parse', file, done: 0, total: text.length });
    const out = parse(text, file);
    onProgress?.({ phase: 'parse', file, done: text.length, total: text.length });
    return out;
  };
  const movies = small('movies.dat', parseMovies);
  const users = small('users.dat', parseUsers);
  const ratingsText = decodeLatin1(files['ratings.dat']);
  const ratings = parseRatings(ratingsText, 'ratings.dat', (_rows, done, total) =>
    onProgress?.({ phase: 'parse', file: 'ratings.dat', done, total }),
  );
  checkReferences(movies, users, ratings);
  return { movies, users, ratings };
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
      `${where} no ${list}, so it is not MovieLens 1M. ${HOW_TO}`,
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

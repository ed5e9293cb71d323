/**
 * Parsers for the three MovieLens 1M tables ('::'-separated, one row a line). Rules others rely on:
 * - every row is validated; the FIRST bad row throws ReelError('parse') naming the file and its
 *   1-based line number, and nothing is returned;
 * - rows keep file order; trailing blank lines are ignored, a blank line elsewhere is an error;
 * - a line may end in "\n" or "\r\n", mixed in one file; no field keeps a "\r";
 * - ratings go straight into typed arrays (no object per row).
 * Papaparse runs in fast mode, i.e. without quote handling, so titles containing '"' survive.
 * Input is text: decode .dat bytes with decodeTable (latin1.ts) first.
 */
import Papa from 'papaparse';
import { ReelError } from '../errors';
import { AGE_BRACKETS, OCCUPATIONS, type Movie, type RatingColumns, type User } from './types';

const DELIMITER = '::';
/** Characters handed to papaparse at a time; bounds the transient per-row arrays. */
const CHUNK_CHARS = 1 << 20;
const MAX_ID = 0xffff;
const SHOWN_LINE_CHARS = 80;

/** Called after each chunk of ratings.dat: rows parsed so far, characters consumed, total. */
export type RatingsProgress = (rowsDone: number, charsDone: number, charsTotal: number) => void;

export function parseMovies(text: string, file = 'movies.dat'): Movie[] {
  const movies: Movie[] = [];
  const seen = new Uint8Array(MAX_ID + 1);
  forEachRow(text, file, 3, 'MovieID::Title::Genres', (f, bad) => {
    const id = parseId(f[0]!);
    if (id < 0) throw bad('MovieID must be a whole number from 1 to 65535');
    if (seen[id]) throw bad(`MovieID ${id} appears twice`);
    seen[id] = 1;
    const { title, year } = splitTitle(f[1]!);
    if (!title) throw bad('the title is empty');
    const genres = f[2]!.split('|');
    if (genres.some((g) => g.trim() === '')) throw bad('the genre list has an empty entry');
    movies.push({ id, title, year, genres });
  });
  return movies;
}

export function parseUsers(text: string, file = 'users.dat'): User[] {
  const users: User[] = [];
  const seen = new Uint8Array(MAX_ID + 1);
  forEachRow(text, file, 5, 'UserID::Gender::Age::Occupation::Zip-code', (f, bad) => {
    const id = parseId(f[0]!);
    if (id < 0) throw bad('UserID must be a whole number from 1 to 65535');
    if (seen[id]) throw bad(`UserID ${id} appears twice`);
    seen[id] = 1;
    const gender = f[1]!;
    if (gender !== 'M' && gender !== 'F') throw bad('Gender must be M or F');
    const age = parseUint(f[2]!);
    if (!(age in AGE_BRACKETS))
      throw bad(`Age must be one of ${Object.keys(AGE_BRACKETS).join(', ')}`);
    const occupation = parseUint(f[3]!);
    if (occupation < 0 || occupation >= OCCUPATIONS.length)
      throw bad(`Occupation must be a whole number from 0 to ${OCCUPATIONS.length - 1}`);
    const zip = f[4]!.trim();
    if (!zip) throw bad('the zip code is empty');
    users.push({ id, gender, age, occupation, zip });
  });
  return users;
}

export function parseRatings(
  text: string,
  file = 'ratings.dat',
  onProgress?: RatingsProgress,
): RatingColumns {
  let cap = Math.max(16, Math.ceil(text.length / 20)); // ML-1M lines average ~24.6 characters
  let users = new Uint16Array(cap);
  let movies = new Uint16Array(cap);
  let ratings = new Uint8Array(cap);
  let timestamps = new Uint32Array(cap);
  let n = 0;
  const grow = () => {
    cap *= 2;
    users = resized(users, cap);
    movies = resized(movies, cap);
    ratings = resized(ratings, cap);
    timestamps = resized(timestamps, cap);
  };
  const onChunk = onProgress && ((chars: number) => onProgress(n, chars, text.length));
  forEachRow(
    text,
    file,
    4,
    'UserID::MovieID::Rating::Timestamp',
    (f, bad) => {
      const user = parseId(f[0]!);
      if (user < 0) throw bad('UserID must be a whole number from 1 to 65535');
      const movie = parseId(f[1]!);
      if (movie < 0) throw bad('MovieID must be a whole number from 1 to 65535');
      const rating = parseUint(f[2]!);
      if (rating < 1 || rating > 5) throw bad('Rating must be a whole number from 1 to 5');
      const ts = parseUint(f[3]!);
      if (ts < 0) throw bad('Timestamp must be a whole number of seconds');
      if (n === cap) grow();
      users[n] = user;
      movies[n] = movie;
      ratings[n] = rating;
      timestamps[n] = ts;
      n++;
    },
    onChunk,
  );
  return {
    users: users.slice(0, n),
    movies: movies.slice(0, n),
    ratings: ratings.slice(0, n),
    timestamps: timestamps.slice(0, n),
  };
}

/** Splits "Toy Story (1995)" into title and year; a title without a trailing year keeps year null. */
export function splitTitle(raw: string): { title: string; year: number | null } {
  const m = /^(.*?)\s*\((\d{4})\)\s*$/.exec(raw);
  return m ? { title: m[1]!, year: Number(m[2]) } : { title: raw.trim(), year: null };
}

/** Builds the error for the current row; callers `throw bad(...)`. */
type Bad = (what: string) => ReelError;

function forEachRow(
  text: string,
  file: string,
  fieldCount: number,
  layout: string,
  onRow: (fields: string[], bad: Bad) => void,
  onChunk?: (charsDone: number) => void,
): void {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;

  let line = 0;
  let fields: string[] = [];
  const bad: Bad = (what) => parseError(file, line, what, fields.join(DELIMITER));
  let pos = 0;
  while (pos < end) {
    let stop = end;
    if (pos + CHUNK_CHARS < end) {
      const cut = text.indexOf('\n', pos + CHUNK_CHARS);
      if (cut >= 0 && cut < end) stop = cut;
    }
    const rows = Papa.parse<string[]>(text.slice(pos, stop), {
      delimiter: DELIMITER,
      newline: '\n',
      fastMode: true, // no quote handling: '"' is an ordinary character in titles
      header: false,
      skipEmptyLines: false,
    }).data;
    for (const row of rows) {
      line++;
      // Lines may end in "\r\n", "\n", or a mix of both (one file edited on two systems).
      const last = row.length - 1;
      if (row[last]!.endsWith('\r')) row[last] = row[last]!.slice(0, -1);
      fields = row;
      if (row.length !== fieldCount) {
        throw bad(
          row.length === 1 && row[0] === ''
            ? 'the line is empty'
            : `expected ${fieldCount} fields (${layout}), found ${row.length}`,
        );
      }
      onRow(row, bad);
    }
    pos = stop + 1;
    onChunk?.(Math.min(pos, text.length));
  }
}

function parseError(file: string, line: number, what: string, raw: string): ReelError {
  const shown = raw.length > SHOWN_LINE_CHARS ? `${raw.slice(0, SHOWN_LINE_CHARS)}…` : raw;
  return new ReelError('parse', `${file} line ${line}: ${what}, got "${shown}"`);
}

/** Plain decimal digits only (no sign, space, exponent); -1 when not a whole number < 2^32. */
function parseUint(s: string): number {
  const len = s.length;
  if (len === 0 || len > 10) return -1;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v > 0xffffffff ? -1 : v;
}

function parseId(s: string): number {
  const v = parseUint(s);
  return v >= 1 && v <= MAX_ID ? v : -1;
}

function resized<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

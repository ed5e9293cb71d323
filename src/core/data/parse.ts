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
import {
  AGE_BRACKETS,
  GENRES,
  OCCUPATIONS,
  type Movie,
  type RatingColumns,
  type User,
} from './types';

const DELIMITER = '::';
/** Characters handed to papaparse at a time; bounds the transient per-row arrays. */
const CHUNK_CHARS = 1 << 20;
/** Ids are 32-bit (ML-25M has user ids past 160,000, ml-latest movie ids past 200,000). */
const MAX_ID = 0xffffffff;
const SHOWN_LINE_CHARS = 80;

/** Called after each chunk of ratings.dat: rows parsed so far, characters consumed, total. */
export type RatingsProgress = (rowsDone: number, charsDone: number, charsTotal: number) => void;

export function parseMovies(text: string, file = 'movies.dat'): Movie[] {
  const movies: Movie[] = [];
  const seen = new Set<number>();
  forEachRow(text, file, 3, 'MovieID::Title::Genres', (f, bad) => {
    const id = parseId(f[0]!);
    if (id < 0) throw bad(`MovieID must be a whole number from 1 to ${MAX_ID}`);
    if (seen.has(id)) throw bad(`MovieID ${id} appears twice`);
    seen.add(id);
    const { title, year } = splitTitle(f[1]!);
    if (!title) throw bad('the title is empty');
    const genres = f[2]!.split('|');
    if (genres.some((g) => g.trim() === '')) throw bad('the genre list has an empty entry');
    movies.push({ id, title, year, genres: normaliseGenres(genres) });
  });
  return movies;
}

/**
 * Genres as the user sees them: ML-10M and later spell "Children's" as "Children" (one genre
 * to the user, kept as "Children's"); "(no genres listed)" and ML-100K's "unknown" mean none.
 * Every other name (IMAX, ...) is kept as the data gives it. Order kept, duplicates dropped.
 */
export function normaliseGenres(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const g = raw.trim() === 'Children' ? "Children's" : raw.trim();
    if (g === '(no genres listed)' || g === 'unknown' || out.includes(g)) continue;
    out.push(g);
  }
  return out;
}

/** ML-100K's 19 genre flags of u.item, in order. */
export const ML100K_GENRES = ['unknown', ...GENRES] as const;

/** ML-100K u.item: id|title|release date|video release date|IMDb URL|19 genre flags. */
export function parseMoviesItem(text: string, file = 'u.item'): Movie[] {
  const movies: Movie[] = [];
  const seen = new Set<number>();
  const layout = 'movie id|title|release date|video release date|URL|19 genre flags';
  forEachRow(
    text,
    file,
    5 + ML100K_GENRES.length,
    layout,
    (f, bad) => {
      const id = parseId(f[0]!);
      if (id < 0) throw bad(`movie id must be a whole number from 1 to ${MAX_ID}`);
      if (seen.has(id)) throw bad(`movie id ${id} appears twice`);
      seen.add(id);
      const { title, year } = splitTitle(f[1]!);
      if (!title) throw bad('the title is empty');
      const genres: string[] = [];
      for (let g = 0; g < ML100K_GENRES.length; g++) {
        const flag = f[5 + g]!;
        if (flag !== '0' && flag !== '1') throw bad('a genre flag must be 0 or 1');
        if (flag === '1') genres.push(ML100K_GENRES[g]!);
      }
      const fromDate = /(\d{4})$/.exec(f[2]!.trim());
      movies.push({
        id,
        title,
        year: year ?? (fromDate ? Number(fromDate[1]) : null),
        genres: normaliseGenres(genres),
      });
    },
    { delimiter: '|' },
  );
  return movies;
}

/** CSV releases' movies.csv: header movieId,title,genres; titles with commas are quoted. */
export function parseMoviesCsv(text: string, file = 'movies.csv'): Movie[] {
  const movies: Movie[] = [];
  const seen = new Set<number>();
  forEachRow(
    text,
    file,
    3,
    'movieId,title,genres',
    (f, bad) => {
      const id = parseId(f[0]!);
      if (id < 0) throw bad(`movieId must be a whole number from 1 to ${MAX_ID}`);
      if (seen.has(id)) throw bad(`movieId ${id} appears twice`);
      seen.add(id);
      const { title, year } = splitTitle(f[1]!);
      if (!title) throw bad('the title is empty');
      const genres = f[2]!.split('|');
      if (genres.some((g) => g.trim() === '')) throw bad('the genre list has an empty entry');
      movies.push({ id, title, year, genres: normaliseGenres(genres) });
    },
    { delimiter: ',', quotes: true, header: true },
  );
  return movies;
}

/** ML-100K occupation names, mapped to the ML-1M occupation codes the app uses. */
export const ML100K_OCCUPATIONS: Record<string, number> = {
  administrator: 3,
  artist: 2,
  doctor: 6,
  educator: 1,
  engineer: 17,
  entertainment: 2,
  executive: 7,
  healthcare: 6,
  homemaker: 9,
  lawyer: 11,
  librarian: 1,
  marketing: 14,
  none: 19,
  other: 0,
  programmer: 12,
  retired: 13,
  salesman: 14,
  scientist: 15,
  student: 4,
  technician: 17,
  writer: 20,
};

/** An age in years as the ML-1M age bracket code (1 = under 18, 18, 25, 35, 45, 50, 56+). */
export function ageBracket(age: number): number {
  const codes = [56, 50, 45, 35, 25, 18];
  return codes.find((c) => age >= c) ?? 1;
}

/** ML-100K u.user: id|age|gender|occupation|zip; ages and occupations become ML-1M codes. */
export function parseUsersItem(text: string, file = 'u.user'): User[] {
  const users: User[] = [];
  const seen = new Set<number>();
  forEachRow(
    text,
    file,
    5,
    'user id|age|gender|occupation|zip code',
    (f, bad) => {
      const id = parseId(f[0]!);
      if (id < 0) throw bad(`user id must be a whole number from 1 to ${MAX_ID}`);
      if (seen.has(id)) throw bad(`user id ${id} appears twice`);
      seen.add(id);
      const age = parseUint(f[1]!);
      if (age < 1 || age > 120) throw bad('age must be a whole number of years');
      const gender = f[2]!;
      if (gender !== 'M' && gender !== 'F') throw bad('gender must be M or F');
      const occupation = ML100K_OCCUPATIONS[f[3]!.trim().toLowerCase()];
      if (occupation === undefined) throw bad(`the occupation "${f[3]}" is not one of ML-100K's`);
      const zip = f[4]!.trim();
      if (!zip) throw bad('the zip code is empty');
      users.push({ id, gender, age: ageBracket(age), occupation, zip });
    },
    { delimiter: '|' },
  );
  return users;
}

export function parseUsers(text: string, file = 'users.dat'): User[] {
  const users: User[] = [];
  const seen = new Set<number>();
  forEachRow(text, file, 5, 'UserID::Gender::Age::Occupation::Zip-code', (f, bad) => {
    const id = parseId(f[0]!);
    if (id < 0) throw bad(`UserID must be a whole number from 1 to ${MAX_ID}`);
    if (seen.has(id)) throw bad(`UserID ${id} appears twice`);
    seen.add(id);
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
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  const p = new RatingsParser(file, 'dat', { halfStars: false, sizeHint: bytes.length });
  for (let at = 0; at < bytes.length; at += CHUNK_CHARS) {
    p.push(bytes.subarray(at, at + CHUNK_CHARS));
    onProgress?.(p.rows, Math.min(bytes.length, at + CHUNK_CHARS), bytes.length);
  }
  return p.end();
}

export type RatingsDialect = 'dat' | 'tab' | 'csv';

const LAYOUTS: Record<RatingsDialect, string> = {
  dat: 'UserID::MovieID::Rating::Timestamp',
  tab: 'user id, item id, rating, timestamp separated by tabs',
  csv: 'userId,movieId,rating,timestamp',
};

/**
 * The ratings table parsed straight from bytes, chunk by chunk (no string of the file, no object
 * per row): `push` each chunk as it is read or inflated, then `end`. Memory is the four columns
 * (13 bytes a rating) plus one partial line. Rules as for the text tables: the first bad row
 * throws ReelError('parse') with file and line, trailing blank lines are ignored, CRLF or LF.
 * A CSV table starts with its header line (checked by the caller's sniffing, skipped here).
 */
export class RatingsParser {
  rows = 0;
  private line = 0;
  private blankAt = 0;
  private rest: Uint8Array | null = null;
  private cap: number;
  private users: Uint32Array;
  private movies: Uint32Array;
  private ratings: Float32Array;
  private timestamps: Uint32Array;
  private readonly sep: number;
  private readonly skipHeader: boolean;
  private readonly halfStars: boolean;

  constructor(
    private readonly file: string,
    private readonly dialect: RatingsDialect,
    opts: { halfStars: boolean; sizeHint?: number },
  ) {
    this.sep = dialect === 'dat' ? 0x3a : dialect === 'tab' ? 0x09 : 0x2c;
    this.skipHeader = dialect === 'csv';
    this.halfStars = opts.halfStars;
    // ML-1M lines average ~24.6 bytes, ML-25M's ~26: start near the right size, grow by half.
    this.cap = Math.max(16, Math.ceil((opts.sizeHint ?? 0) / 22));
    this.users = new Uint32Array(this.cap);
    this.movies = new Uint32Array(this.cap);
    this.ratings = new Float32Array(this.cap);
    this.timestamps = new Uint32Array(this.cap);
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    let nl = chunk.indexOf(0x0a);
    if (this.rest) {
      if (nl < 0) {
        this.rest = concat(this.rest, chunk);
        if (this.rest.length > MAX_LINE_BYTES) this.lineTooLong(this.rest);
        return;
      }
      const joined = concat(this.rest, chunk.subarray(0, nl));
      this.rest = null;
      this.onLine(joined, 0, joined.length);
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    while (nl >= 0) {
      this.onLine(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) {
      this.rest = chunk.slice(start);
      if (this.rest.length > MAX_LINE_BYTES) this.lineTooLong(this.rest);
    }
  }

  end(): RatingColumns {
    if (this.rest) {
      const r = this.rest;
      this.rest = null;
      this.onLine(r, 0, r.length);
    }
    const n = this.rows;
    // A view keeps at most a third more than needed (the size hint overestimates ML-25M's rows by
    // ~25%); a copy would hold both at once for a moment (~16 bytes a rating more at the peak).
    const fit = <T extends Uint32Array | Float32Array>(a: T): T =>
      (n >= this.cap * 0.75 ? a.subarray(0, n) : a.slice(0, n)) as T;
    return {
      users: fit(this.users),
      movies: fit(this.movies),
      ratings: fit(this.ratings),
      timestamps: fit(this.timestamps),
    };
  }

  private onLine(b: Uint8Array, from: number, to: number): void {
    this.line++;
    if (to > from && b[to - 1] === 0x0d) to--;
    if (to === from) {
      if (!this.blankAt) this.blankAt = this.line;
      return;
    }
    if (this.blankAt) this.fail(this.blankAt, 'the line is empty', '');
    if (this.skipHeader && this.line === 1) return;
    const sep = this.sep;
    const dat = this.dialect === 'dat';
    const fields: number[] = [];
    let at = from;
    fields.push(at);
    while (at < to) {
      if (b[at] === sep) {
        if (dat) {
          if (b[at + 1] === sep && at + 1 < to) {
            fields.push(at, at + 2);
            at += 2;
            continue;
          }
        } else {
          fields.push(at, at + 1);
        }
      }
      at++;
    }
    fields.push(to);
    const count = fields.length / 2;
    const bad = (what: string) => this.fail(this.line, what, latin1Of(b, from, to));
    if (count !== 4) bad(`expected 4 fields (${LAYOUTS[this.dialect]}), found ${count}`);
    const user = uintOf(b, fields[0]!, fields[1]!);
    if (user < 1) bad(`UserID must be a whole number from 1 to ${MAX_ID}`);
    const movie = uintOf(b, fields[2]!, fields[3]!);
    if (movie < 1) bad(`MovieID must be a whole number from 1 to ${MAX_ID}`);
    const stars = starsOf(b, fields[4]!, fields[5]!);
    if (this.halfStars) {
      if (!(stars >= 0.5 && stars <= 5) || stars * 2 !== Math.round(stars * 2))
        bad('Rating must be from 0.5 to 5 stars in half stars');
    } else if (!(stars >= 1 && stars <= 5) || stars !== Math.round(stars))
      bad('Rating must be a whole number from 1 to 5');
    const ts = uintOf(b, fields[6]!, fields[7]!);
    if (ts < 0) bad('Timestamp must be a whole number of seconds');
    if (this.rows === this.cap) this.grow();
    const n = this.rows++;
    this.users[n] = user;
    this.movies[n] = movie;
    this.ratings[n] = stars;
    this.timestamps[n] = ts;
  }

  private grow(): void {
    this.cap = Math.ceil(this.cap * 1.5);
    this.users = resized(this.users, this.cap);
    this.movies = resized(this.movies, this.cap);
    this.ratings = resized(this.ratings, this.cap);
    this.timestamps = resized(this.timestamps, this.cap);
  }

  private lineTooLong(b: Uint8Array): never {
    return this.fail(
      this.line + 1,
      'the line is far too long',
      latin1Of(b, 0, SHOWN_LINE_CHARS + 1),
    );
  }

  private fail(line: number, what: string, raw: string): never {
    throw parseError(this.file, line, what, raw);
  }
}

/** No rating line is near this long; a longer one means the file is not a ratings table. */
const MAX_LINE_BYTES = 1 << 16;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function latin1Of(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, from + SHOWN_LINE_CHARS + 1); i++)
    s += String.fromCharCode(b[i]!);
  return s;
}

/** Plain decimal digits (no sign or space); -1 when not a whole number < 2^32. */
function uintOf(b: Uint8Array, from: number, to: number): number {
  const len = to - from;
  if (len === 0 || len > 10) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v > 0xffffffff ? -1 : v;
}

/** "4", "3.5", "4.0": digits with at most one decimal part; NaN otherwise. */
function starsOf(b: Uint8Array, from: number, to: number): number {
  let dot = -1;
  for (let i = from; i < to; i++) if (b[i] === 0x2e) dot = i;
  if (dot < 0) {
    const v = uintOf(b, from, to);
    return v < 0 ? NaN : v;
  }
  const whole = uintOf(b, from, dot);
  const frac = uintOf(b, dot + 1, to);
  if (whole < 0 || frac < 0 || to - dot - 1 > 6) return NaN;
  return whole + frac / 10 ** (to - dot - 1);
}

/** Splits "Toy Story (1995)" into title and year; a title without a trailing year keeps year null. */
export function splitTitle(raw: string): { title: string; year: number | null } {
  const m = /^(.*?)\s*\((\d{4})\)\s*$/.exec(raw);
  return m ? { title: m[1]!, year: Number(m[2]) } : { title: raw.trim(), year: null };
}

/** Builds the error for the current row; callers `throw bad(...)`. */
type Bad = (what: string) => ReelError;

interface TextDialect {
  delimiter: string;
  /** CSV quoting ("a, b" is one field); off for the .dat tables, whose titles hold bare '"'. */
  quotes?: boolean;
  /** The first line is a header (skipped; the caller's sniffing has checked it). */
  header?: boolean;
}
const DAT: TextDialect = { delimiter: DELIMITER };

function forEachRow(
  text: string,
  file: string,
  fieldCount: number,
  layout: string,
  onRow: (fields: string[], bad: Bad) => void,
  dialect: TextDialect = DAT,
): void {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;

  let line = 0;
  let fields: string[] = [];
  const bad: Bad = (what) => parseError(file, line, what, fields.join(dialect.delimiter));
  let pos = 0;
  while (pos < end) {
    let stop = end;
    if (pos + CHUNK_CHARS < end) {
      const cut = text.indexOf('\n', pos + CHUNK_CHARS);
      if (cut >= 0 && cut < end) stop = cut;
    }
    const rows = Papa.parse<string[]>(text.slice(pos, stop), {
      delimiter: dialect.delimiter,
      newline: '\n',
      // no quote handling in .dat tables: '"' is an ordinary character in their titles
      ...(dialect.quotes ? { quoteChar: '"' } : { fastMode: true }),
      header: false,
      skipEmptyLines: false,
    }).data;
    for (const row of rows) {
      line++;
      if (dialect.header && line === 1) continue;
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

function resized<T extends Uint8Array | Uint16Array | Uint32Array | Float32Array>(
  a: T,
  cap: number,
): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

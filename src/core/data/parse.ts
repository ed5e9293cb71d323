/**
 * Parsers for the small MovieLens tables, movies and users, in each release's layout (ML-1M's
 * '::', ML-100K's '|', the CSV releases' quoted CSV), one row a line. Rules others rely on:
 * - every row is validated; the FIRST bad row throws ReelError('parse') naming the file and its
 *   1-based line number, and nothing is returned;
 * - rows keep file order; trailing blank lines are ignored, a blank line elsewhere is an error;
 * - a line may end in "\n" or "\r\n", mixed in one file; no field keeps a "\r";
 * - the '::' and '|' tables are split without quote handling (papaparse's fast mode), since their
 *   titles hold bare '"'; the CSV tables turn quotes on, since their titles with commas are quoted.
 * Input is text: decode the bytes with decodeTable (latin1.ts) first. The ratings table, far
 * bigger, is streamed from bytes by ratingsParser.ts instead.
 */
import Papa from 'papaparse';
import type { ReelError } from '../errors';
import { MAX_ID, parseError, parseId, parseUint } from './fields';
import { AGE_BRACKETS, GENRES, OCCUPATIONS, type Movie, type User } from './types';

const DELIMITER = '::';
/** Characters handed to papaparse at a time; bounds the transient per-row arrays. */
const CHUNK_CHARS = 1 << 20;

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
function normaliseGenres(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const g = raw.trim() === 'Children' ? "Children's" : raw.trim();
    if (g === '(no genres listed)' || g === 'unknown' || out.includes(g)) continue;
    out.push(g);
  }
  return out;
}

/** ML-100K's 19 genre flags of u.item, in order. */
const ML100K_GENRES = ['unknown', ...GENRES] as const;

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
const ML100K_OCCUPATIONS: Record<string, number> = {
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
function ageBracket(age: number): number {
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

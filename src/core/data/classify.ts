/**
 * Recognising MovieLens tables by their content, never by name: from a table's first bytes, which
 * of the three tables it is (ratings, movies, users) and in which layout. When a kind has several
 * candidates (ML-100K's u1.base ... ub.test hold the same rows as u.data) the biggest wins, then
 * the shallowest.
 */
import { decodeLatin1 } from './latin1';
import { baseName } from './source';

/** 'links': links.csv of the CSV releases (movieId,imdbId,tmdbId), read beside the movies */
export type Kind = 'ratings' | 'movies' | 'users' | 'links';
export type Dialect = 'dat' | 'tab' | 'pipe' | 'csv';

export interface Table {
  /** path as given (zip entry path, or the file name) */
  path: string;
  size: number;
  /** `verify`: check the whole entry inflates to its declared size (off for a peek) */
  open(verify?: boolean): AsyncGenerator<Uint8Array>;
  kind?: Kind;
  dialect?: Dialect;
}

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
  if (first === 'movieid,imdbid,tmdbid') return { kind: 'links', dialect: 'csv' };
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
export function classifyBlank(
  head: Uint8Array,
  path: string,
): { kind: Kind; dialect: Dialect } | null {
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
export function pick(tables: Table[], kind: Kind, dialects: Dialect[]): Table | undefined {
  const depth = (p: string) => p.split(/[/\\]/).length;
  return tables
    .filter((t) => t.kind === kind && dialects.includes(t.dialect!))
    .sort((a, b) => b.size - a.size || depth(a.path) - depth(b.path))[0];
}

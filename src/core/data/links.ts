/**
 * links.csv (ML-20M, 25M, 32M, latest, latest-small): each film's IMDb and TMDB ids, read
 * beside the movies table and kept on the movies themselves (Movie.imdbId / tmdbId), so the
 * details view links out by id and the history matcher finds films by id. Rules:
 * - the header is "movieId,imdbId,tmdbId"; imdbId is written without "tt", zero-padded
 *   ("0114709"); either id may be empty (missing), kept as absent, never as 0;
 * - a malformed row is a ReelError('parse') naming the file and line (as the other tables);
 *   a row for a film the movies table does not list is ignored, and so is a second row for a film;
 * - in a movies shard the ids are two columns aligned with the movies, 0 for missing, present
 *   only when some film has a link, so a release without links encodes exactly as before.
 * Reel never fetches from these sites: the ids only make links that the person may open.
 */
import type { CatalogueLink } from '../history/match';
import { parseError, parseUint } from './fields';
import type { Movie } from './types';

const LINKS_HEADER = 'movieId,imdbId,tmdbId';

export interface LinkRow {
  movieId: number;
  /** IMDb number without "tt"; 0 when the row gives none */
  imdb: number;
  /** TMDB id; 0 when the row gives none */
  tmdb: number;
}

/** Parses links.csv text (decoded; "\n" or "\r\n" lines, header first) into rows, file order. */
export function parseLinksCsv(text: string, file = 'links.csv'): LinkRow[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  while (lines.length > 0 && /^\r?$/.test(lines[lines.length - 1]!)) lines.pop();
  const rows: LinkRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const line = i + 1;
    if (i === 0) {
      if (raw.replace(/\s/g, '').toLowerCase() !== LINKS_HEADER.toLowerCase())
        throw parseError(file, line, `the header must be ${LINKS_HEADER}`, raw);
      continue;
    }
    if (raw === '') throw parseError(file, line, 'the line is empty', raw);
    const f = raw.split(',');
    if (f.length !== 3)
      throw parseError(file, line, `expected 3 fields (${LINKS_HEADER}), found ${f.length}`, raw);
    const movieId = parseUint(f[0]!);
    if (movieId < 1) throw parseError(file, line, 'movieId must be a whole number from 1', raw);
    const imdb = f[1] === '' ? 0 : parseUint(f[1]!);
    if (imdb < 0) throw parseError(file, line, 'imdbId must be digits or empty', raw);
    const tmdb = f[2] === '' ? 0 : parseUint(f[2]!);
    if (tmdb < 0) throw parseError(file, line, 'tmdbId must be digits or empty', raw);
    rows.push({ movieId, imdb, tmdb });
  }
  return rows;
}

/** The movies with their links set from `rows` (new objects where a link is added). */
export function withLinks(movies: readonly Movie[], rows: readonly LinkRow[]): Movie[] {
  const byId = new Map<number, LinkRow>();
  for (const r of rows) if (!byId.has(r.movieId)) byId.set(r.movieId, r);
  return movies.map((m) => {
    const r = byId.get(m.id);
    if (!r || (r.imdb === 0 && r.tmdb === 0)) return m;
    const out: Movie = { ...m };
    if (r.imdb > 0) out.imdbId = r.imdb;
    if (r.tmdb > 0) out.tmdbId = r.tmdb;
    return out;
  });
}

const hasLinks = (movies: readonly Movie[]): boolean =>
  movies.some((m) => m.imdbId !== undefined || m.tmdbId !== undefined);

/** The shard's two link columns (0 for missing), or undefined when no film has a link. */
export function linkColumns(
  movies: readonly Movie[],
): { imdb: number[]; tmdb: number[] } | undefined {
  if (!hasLinks(movies)) return undefined;
  return { imdb: movies.map((m) => m.imdbId ?? 0), tmdb: movies.map((m) => m.tmdbId ?? 0) };
}

const isLinkId = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

/**
 * Sets the links of decoded movies from a shard's columns (in place); throws a RangeError for a
 * column of the wrong length or with a value that is no id (the codec reports it as damage).
 */
export function applyLinkColumns(movies: Movie[], imdb: unknown, tmdb: unknown): void {
  if (imdb === undefined && tmdb === undefined) return;
  for (const col of [imdb, tmdb])
    if (!Array.isArray(col) || col.length !== movies.length || !col.every(isLinkId))
      throw new RangeError('bad links column');
  const a = imdb as number[];
  const b = tmdb as number[];
  for (let i = 0; i < movies.length; i++) {
    if (a[i]! > 0) movies[i]!.imdbId = a[i]!;
    if (b[i]! > 0) movies[i]!.tmdbId = b[i]!;
  }
}

/** The catalogue's links as the history matcher and the Letterboxd export take them. */
export function catalogueLinks(movies: readonly Movie[]): CatalogueLink[] {
  const out: CatalogueLink[] = [];
  for (const m of movies)
    if (m.imdbId !== undefined || m.tmdbId !== undefined)
      out.push({ movieId: m.id, imdbId: m.imdbId ?? null, tmdbId: m.tmdbId ?? null });
  return out;
}

/** "tt0114709": IMDb's form, at least 7 digits. */
export const imdbTitleId = (imdb: number): string => `tt${String(imdb).padStart(7, '0')}`;

export const imdbUrl = (imdb: number): string => `https://www.imdb.com/title/${imdbTitleId(imdb)}/`;

export const tmdbUrl = (tmdb: number): string => `https://www.themoviedb.org/movie/${tmdb}`;

/** Searches by title and year, for releases without links.csv. */
export function searchUrls(
  title: string,
  year: number | null,
): { imdb: string; letterboxd: string } {
  const q = year !== null ? `${title} ${year}` : title;
  return {
    imdb: `https://www.imdb.com/find/?q=${encodeURIComponent(q)}`,
    letterboxd: `https://letterboxd.com/search/${encodeURIComponent(q)}/`,
  };
}

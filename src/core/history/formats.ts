/**
 * The history formats, each read from its rows (CSV) or elements (JSON) into HistoryEntry. What
 * each reads and why:
 * - Letterboxd ratings.csv (Date,Name,Year,Letterboxd URI,Rating; 0.5..5) is the current rating.
 *   diary.csv adds films missing from ratings and dates where ratings lack one; a film logged
 *   several times (rewatches) takes its latest entry. watched.csv is "seen" without a rating,
 *   watchlist.csv the watchlist. Diary entries have their own URIs, so a film is known across
 *   the files by its name and year.
 * - IMDb "Your ratings": 1..10 halved; only movies, videos and TV movies (old files write the
 *   types in camelCase); series, episodes, shorts, games, podcasts... are skipped and counted.
 * - TMDB ratings CSV: movies only; 0.5..10 halved, then rounded half up to half stars.
 * - Trakt JSON (ratings-movies, watched-movies, watchlist-movies): movies only; 1..10 halved.
 * - The Letterboxd import format (Title, Year, Rating or Rating10, WatchedDate, imdbID...), which
 *   Reel also writes: a blank rating is "seen".
 * A row that cannot be read is listed as malformed; the rest of the file is still read.
 */
import type { HistoryEntry, HistoryFormat, MalformedRow } from './types';
import {
  headerIndex,
  normaliseDate,
  parseId,
  parseImdbId,
  parseYear,
  rowText,
  type CsvRow,
} from './text';

export interface FormatOut {
  entries: HistoryEntry[];
  skipped: Record<string, number>;
  malformed: MalformedRow[];
}

export const newOut = (): FormatOut => ({ entries: [], skipped: {}, malformed: [] });

const skip = (out: FormatOut, reason: string) => {
  out.skipped[reason] = (out.skipped[reason] ?? 0) + 1;
};

/** What a CSV header says the file is; undefined when it is none of the history formats. */
export type CsvKind =
  | HistoryFormat
  | 'letterboxd-profile'
  | 'letterboxd-reviews'
  | 'letterboxd-list'
  | 'letterboxd-other'
  | 'imdb-list';

export function classifyCsv(header: string[], fileName: string): CsvKind | undefined {
  const h = headerIndex(header);
  const has = (...k: string[]) => k.every((x) => h.has(x));
  if (/^letterboxd list export/i.test(header[0]?.trim() ?? '')) return 'letterboxd-list';
  if (has('date joined', 'username')) return 'letterboxd-profile';
  if (has('name', 'letterboxd uri')) {
    if (h.has('review')) return 'letterboxd-reviews';
    if (has('watched date', 'rating')) return 'letterboxd-diary';
    if (has('date', 'year', 'rating')) return 'letterboxd-ratings';
    if (has('date', 'year')) {
      // watched.csv and watchlist.csv (and likes/films.csv) share one header: only the name differs.
      const base = fileName.toLowerCase();
      if (base.includes('watchlist')) return 'letterboxd-watchlist';
      if (base.includes('watched')) return 'letterboxd-watched';
      return 'letterboxd-other';
    }
    return 'letterboxd-other';
  }
  if (has('const', 'your rating', 'title')) return h.has('position') ? 'imdb-list' : 'imdb-ratings';
  if (has('tmdb id', 'type', 'your rating')) return 'tmdb-ratings';
  const imports = ['rating', 'rating10', 'watcheddate', 'imdbid', 'tmdbid', 'letterboxduri'];
  if (h.has('title') && imports.some((k) => h.has(k))) return 'letterboxd-import';
  return undefined;
}

interface Cells {
  get(name: string): string;
  row: CsvRow;
}

function cellsOf(h: Map<string, number>) {
  return (row: CsvRow): Cells => ({
    row,
    get: (name) => {
      const i = h.get(name);
      return i === undefined ? '' : (row.fields[i] ?? '').trim();
    },
  });
}

function bad(out: FormatOut, file: string, row: CsvRow, reason: string) {
  out.malformed.push({ file, row: row.line, reason, text: rowText(row.fields) });
}

/** Stars from a cell on a 0.5-step scale [lo, hi]; 'bad' outside it; undefined when blank. */
function halfSteps(raw: string, lo: number, hi: number): number | undefined | 'bad' {
  if (raw === '') return undefined;
  const v = Number(raw.replace(',', '.'));
  if (!Number.isFinite(v) || v < lo || v > hi || Math.round(v * 2) !== v * 2) return 'bad';
  return v;
}

/** A 0.5..10 rating as 0.5..5 stars: halved, rounded half up to half stars. */
function tenToStars(v: number): number {
  return Math.max(0.5, Math.floor(v + 0.5) / 2);
}

/** Common row checks: a title, a readable year; records malformed rows and returns undefined. */
function titleYear(
  out: FormatOut,
  file: string,
  c: Cells,
  titleCol: string,
  yearRaw: string,
): { title: string; year?: number } | undefined {
  const title = c.get(titleCol);
  if (!title) {
    bad(out, file, c.row, 'no title');
    return undefined;
  }
  const year = parseYear(yearRaw);
  if (year === 'bad') {
    bad(out, file, c.row, `the year "${yearRaw.slice(0, 20)}" is not a year`);
    return undefined;
  }
  return year === undefined ? { title } : { title, year };
}

function rowsWithHeader(rows: CsvRow[], file: string, out: FormatOut) {
  const [header, ...data] = rows;
  const cells = cellsOf(headerIndex(header?.fields ?? []));
  const width = header?.fields.length ?? 0;
  const good: Cells[] = [];
  for (const r of data) {
    if (r.error) bad(out, file, r, r.error);
    else if (r.fields.length < Math.min(width, 2)) bad(out, file, r, 'too few columns');
    else good.push(cells(r));
  }
  return good;
}

// ---------------------------------------------------------------- Letterboxd

/** One Letterboxd CSV's rows, before the files are merged (see mergeLetterboxd). */
export interface LetterboxdRow {
  format: 'letterboxd-ratings' | 'letterboxd-diary' | 'letterboxd-watched' | 'letterboxd-watchlist';
  title: string;
  year?: number;
  stars?: number;
  date?: string;
  file: string;
  row: number;
  /** position in reading order, to keep the later of equal diary dates */
  order: number;
}

export function readLetterboxdCsv(
  rows: CsvRow[],
  file: string,
  format: LetterboxdRow['format'],
  out: FormatOut,
  into: LetterboxdRow[],
): void {
  for (const c of rowsWithHeader(rows, file, out)) {
    const ty = titleYear(out, file, c, 'name', c.get('year'));
    if (!ty) continue;
    let stars: number | undefined;
    if (format === 'letterboxd-ratings' || format === 'letterboxd-diary') {
      const s = halfSteps(c.get('rating'), 0.5, 5);
      if (s === 'bad') {
        bad(out, file, c.row, `the rating "${c.get('rating').slice(0, 10)}" is outside 0.5–5`);
        continue;
      }
      if (s === undefined && format === 'letterboxd-ratings') {
        bad(out, file, c.row, 'no rating');
        continue;
      }
      stars = s;
    }
    const date = normaliseDate(
      format === 'letterboxd-diary' ? c.get('watched date') || c.get('date') : c.get('date'),
    );
    into.push({ format, ...ty, stars, date, file, row: c.row.line, order: into.length });
  }
}

const filmKey = (r: { title: string; year?: number }) =>
  `${r.title.normalize('NFC').toLowerCase()}\u0000${r.year ?? ''}`;

/** One film a Letterboxd export knows of, as one entry per state (see the header). */
export function mergeLetterboxd(rows: LetterboxdRow[], out: FormatOut): void {
  const later = (a: LetterboxdRow, b: LetterboxdRow) =>
    (a.date ?? '') > (b.date ?? '') || ((a.date ?? '') === (b.date ?? '') && a.order > b.order);
  const rated = new Map<string, LetterboxdRow>();
  const diary = new Map<string, LetterboxdRow>();
  const watched = new Map<string, LetterboxdRow>();
  const watchlist = new Map<string, LetterboxdRow>();
  for (const r of rows) {
    const m =
      r.format === 'letterboxd-ratings'
        ? rated
        : r.format === 'letterboxd-diary'
          ? diary
          : r.format === 'letterboxd-watched'
            ? watched
            : watchlist;
    const k = filmKey(r);
    const had = m.get(k);
    if (!had || later(r, had)) m.set(k, r);
  }
  const entry = (r: LetterboxdRow, kind: HistoryEntry['kind'], extra: Partial<HistoryEntry>) => {
    const e: HistoryEntry = {
      source: 'letterboxd',
      kind,
      title: r.title,
      file: r.file,
      row: r.row,
    };
    if (r.year !== undefined) e.year = r.year;
    if (r.date !== undefined) e.date = r.date;
    Object.assign(e, extra);
    out.entries.push(e);
  };
  const done = new Set<string>();
  for (const [k, r] of rated) {
    const d = diary.get(k);
    entry(r, 'rating', { stars: r.stars, ...(r.date || !d?.date ? {} : { date: d.date }) });
    done.add(k);
  }
  for (const [k, d] of diary) {
    if (done.has(k)) continue;
    entry(
      d,
      d.stars === undefined ? 'seen' : 'rating',
      d.stars === undefined ? {} : { stars: d.stars },
    );
    done.add(k);
  }
  for (const [k, w] of watched) {
    if (done.has(k)) continue;
    entry(w, 'seen', {});
    done.add(k);
  }
  for (const [k, w] of watchlist) {
    if (done.has(k)) {
      skip(out, 'on the watchlist but already seen');
      continue;
    }
    entry(w, 'watchlist', {});
  }
}

// ---------------------------------------------------------------- Letterboxd import format

export function readLetterboxdImport(rows: CsvRow[], file: string, out: FormatOut): void {
  for (const c of rowsWithHeader(rows, file, out)) {
    const ty = titleYear(out, file, c, 'title', c.get('year'));
    if (!ty) continue;
    let stars: number | undefined;
    const r5 = c.get('rating');
    const r10 = c.get('rating10');
    if (r5 !== '') {
      const s = halfSteps(r5, 0.5, 5);
      if (s === 'bad') {
        bad(out, file, c.row, `the rating "${r5.slice(0, 10)}" is outside 0.5–5`);
        continue;
      }
      stars = s;
    } else if (r10 !== '') {
      const s = halfSteps(r10, 1, 10);
      if (s === 'bad' || !Number.isInteger(s)) {
        bad(out, file, c.row, `the rating "${r10.slice(0, 10)}" is outside 1–10`);
        continue;
      }
      stars = s! / 2;
    }
    // Reel's not-in-catalogue file names the kind, and guards formula-like titles with a "'".
    const k = c.get('kind').toLowerCase();
    const e: HistoryEntry = {
      source: 'letterboxd',
      kind: stars !== undefined ? 'rating' : k === 'watchlist' ? 'watchlist' : 'seen',
      ...ty,
      title: ty.title.replace(/^'(?=[=+\-@])/, ''),
      file,
      row: c.row.line,
    };
    if (stars !== undefined) e.stars = stars;
    const date = normaliseDate(c.get('watcheddate'));
    if (date) e.date = date;
    const imdb = parseImdbId(c.get('imdbid'));
    if (imdb) e.imdb = imdb;
    const tmdb = parseId(c.get('tmdbid'));
    if (tmdb) e.tmdb = tmdb;
    out.entries.push(e);
  }
}

// ---------------------------------------------------------------- IMDb

/** IMDb title types read, in both spellings (old "tvMovie", new "TV Movie"), squashed. */
const IMDB_MOVIE_TYPES = new Set(['movie', 'video', 'tvmovie']);
/** Why other IMDb title types are skipped, by squashed type. */
const IMDB_SKIPPED: Record<string, string> = {
  tvseries: 'TV series',
  tvminiseries: 'TV mini-series',
  tvepisode: 'TV episodes',
  tvspecial: 'TV specials',
  tvshort: 'shorts',
  short: 'shorts',
  videogame: 'video games',
  podcastseries: 'podcasts',
  podcastepisode: 'podcasts',
  musicvideo: 'music videos',
};

export function readImdb(rows: CsvRow[], file: string, out: FormatOut): void {
  for (const c of rowsWithHeader(rows, file, out)) {
    const type = c
      .get('title type')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    if (type && !IMDB_MOVIE_TYPES.has(type)) {
      skip(out, IMDB_SKIPPED[type] ?? 'other title types');
      continue;
    }
    const ty = titleYear(out, file, c, 'title', c.get('year'));
    if (!ty) continue;
    const raw = c.get('your rating');
    const v = halfSteps(raw, 1, 10);
    if (v === undefined || v === 'bad' || !Number.isInteger(v)) {
      bad(out, file, c.row, raw ? `the rating "${raw.slice(0, 10)}" is outside 1–10` : 'no rating');
      continue;
    }
    const e: HistoryEntry = {
      source: 'imdb',
      kind: 'rating',
      ...ty,
      stars: v / 2,
      file,
      row: c.row.line,
    };
    const orig = c.get('original title');
    if (orig && orig !== ty.title) e.originalTitle = orig;
    const imdb = parseImdbId(c.get('const'));
    if (imdb) e.imdb = imdb;
    const date = normaliseDate(c.get('date rated'));
    if (date) e.date = date;
    out.entries.push(e);
  }
}

// ---------------------------------------------------------------- TMDB

export function readTmdb(rows: CsvRow[], file: string, out: FormatOut): void {
  for (const c of rowsWithHeader(rows, file, out)) {
    const type = c.get('type').toLowerCase();
    if (type !== 'movie') {
      skip(
        out,
        type === 'tv' || type === 'episode' || type === 'season' ? 'TV' : 'other title types',
      );
      continue;
    }
    const ty = titleYear(
      out,
      file,
      c,
      'name',
      c.get('release date') || c.get('year') || c.get('release year'),
    );
    if (!ty) continue;
    const raw = c.get('your rating');
    const v = halfSteps(raw, 0.5, 10);
    if (v === undefined || v === 'bad') {
      bad(
        out,
        file,
        c.row,
        raw ? `the rating "${raw.slice(0, 10)}" is outside 0.5–10` : 'no rating',
      );
      continue;
    }
    const e: HistoryEntry = {
      source: 'tmdb',
      kind: 'rating',
      ...ty,
      stars: tenToStars(v),
      file,
      row: c.row.line,
    };
    const orig = c.get('original title') || c.get('original name');
    if (orig && orig !== ty.title) e.originalTitle = orig;
    const tmdb = parseId(c.get('tmdb id'));
    if (tmdb) e.tmdb = tmdb;
    const imdb = parseImdbId(c.get('imdb id'));
    if (imdb) e.imdb = imdb;
    const date = normaliseDate(c.get('date rated'));
    if (date) e.date = date;
    out.entries.push(e);
  }
}

// ---------------------------------------------------------------- Trakt

type TraktKind = 'trakt-ratings' | 'trakt-watched' | 'trakt-watchlist';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a parsed JSON value is, if a Trakt backup file. */
export function classifyJson(value: unknown): TraktKind | 'empty' | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return 'empty';
  const first = value.find(isObj);
  if (!first) return undefined;
  const media = ['movie', 'show', 'season', 'episode'].some((k) => isObj(first[k]));
  if (!media) return undefined;
  if ('rating' in first || 'rated_at' in first) return 'trakt-ratings';
  if ('listed_at' in first || 'rank' in first) return 'trakt-watchlist';
  if ('plays' in first || 'last_watched_at' in first || 'watched_at' in first)
    return 'trakt-watched';
  return undefined;
}

export function readTrakt(value: unknown[], kind: TraktKind, file: string, out: FormatOut): void {
  value.forEach((el, i) => {
    const row = i + 1;
    const text = JSON.stringify(el)?.slice(0, 80) ?? '';
    const malformed = (reason: string) => out.malformed.push({ file, row, reason, text });
    if (!isObj(el)) return malformed('not an object');
    if (!isObj(el.movie)) {
      const t = el.type;
      if (
        isObj(el.show) ||
        isObj(el.episode) ||
        isObj(el.season) ||
        t === 'show' ||
        t === 'episode'
      )
        return skip(out, 'TV');
      return malformed('no movie');
    }
    const m = el.movie;
    const title = typeof m.title === 'string' ? m.title.trim() : '';
    if (!title) return malformed('no title');
    const e: HistoryEntry = {
      source: 'trakt',
      kind: kind === 'trakt-ratings' ? 'rating' : kind === 'trakt-watched' ? 'seen' : 'watchlist',
      title,
      file,
      row,
    };
    if (m.year !== null && m.year !== undefined) {
      const y = typeof m.year === 'number' ? parseYear(String(m.year)) : 'bad';
      if (y === 'bad') return malformed('the year is not a year');
      if (y !== undefined) e.year = y;
    }
    if (kind === 'trakt-ratings') {
      const r = el.rating;
      if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 10)
        return malformed(`the rating ${JSON.stringify(r)?.slice(0, 10)} is outside 1–10`);
      e.stars = r / 2;
    }
    const ids = isObj(m.ids) ? m.ids : {};
    const imdb = parseImdbId(typeof ids.imdb === 'string' ? ids.imdb : undefined);
    if (imdb) e.imdb = imdb;
    const tmdb = parseId(typeof ids.tmdb === 'number' ? ids.tmdb : undefined);
    if (tmdb) e.tmdb = tmdb;
    const when = [el.rated_at, el.last_watched_at, el.watched_at, el.listed_at].find(
      (x): x is string => typeof x === 'string',
    );
    const date = normaliseDate(when);
    if (date) e.date = date;
    out.entries.push(e);
  });
}

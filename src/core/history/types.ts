/**
 * The one shape every film-history file becomes (Letterboxd, IMDb, TMDB, Trakt, a Letterboxd
 * import-format CSV, a Reel carry-over). Rules kept here:
 * - stars are always on the 0.5..5 scale in half steps (10-point sources are halved when read);
 * - `kind` is what the person told the other site: a rating, "seen" without a rating, or a
 *   watchlist entry; nothing else is read;
 * - `row` is the 1-based line of the file the entry came from, so a person can find it again;
 * - titles are plain text from an untrusted file: they are shown as text, never as markup.
 */

type HistorySource = 'letterboxd' | 'imdb' | 'tmdb' | 'trakt' | 'reel';

type HistoryKind = 'rating' | 'seen' | 'watchlist';

export interface HistoryEntry {
  source: HistorySource;
  kind: HistoryKind;
  title: string;
  /** the title in its original language, where the source gives one (IMDb, TMDB) */
  originalTitle?: string;
  year?: number;
  /** IMDb id as a number (tt0114709 -> 114709) */
  imdb?: number;
  tmdb?: number;
  /** MovieLens movie id, for carry-over between MovieLens releases */
  movielens?: number;
  /** 0.5..5 in half steps; only for kind 'rating' */
  stars?: number;
  /** when it was rated or watched: 'YYYY-MM-DD', or a full ISO 8601 time in UTC */
  date?: string;
  /** the file (or zip entry) it was read from */
  file: string;
  /** 1-based line in that file */
  row: number;
}

/** A row that could not be read; the rest of the file still is. */
export interface MalformedRow {
  file: string;
  row: number;
  reason: string;
  /** the start of the row's text, for the person to recognise it */
  text: string;
}

/** The formats recognised by content (see read.ts). */
export type HistoryFormat =
  | 'letterboxd-ratings'
  | 'letterboxd-diary'
  | 'letterboxd-watched'
  | 'letterboxd-watchlist'
  | 'letterboxd-import'
  | 'letterboxd-zip'
  | 'imdb-ratings'
  | 'tmdb-ratings'
  | 'trakt-ratings'
  | 'trakt-watched'
  | 'trakt-watchlist';

export interface HistoryRead {
  entries: HistoryEntry[];
  /** rows left out on purpose (TV, shorts, games...): reason -> count */
  skipped: Record<string, number>;
  /** rows that could not be read, in file order (at most MAX_MALFORMED_LISTED listed) */
  malformed: MalformedRow[];
  /** how many malformed rows there were in all (the list may be cut short) */
  malformedCount: number;
  /** what each file was read as */
  files: { file: string; format: HistoryFormat | 'ignored'; note?: string }[];
}

export const MAX_MALFORMED_LISTED = 200;

/** Sum of a `skipped` record. */
export function skippedTotal(read: Pick<HistoryRead, 'skipped'>): number {
  let n = 0;
  for (const k in read.skipped) n += read.skipped[k]!;
  return n;
}

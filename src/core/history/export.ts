/**
 * CSV files written for elsewhere. Rules kept here:
 * - Reel's ratings in Letterboxd's import format (Title, Year, Rating, WatchedDate, and imdbID
 *   where the release has links, which Letterboxd matches first); "seen" films get a blank Rating
 *   (Letterboxd reads that as watched); "haven't seen" and watchlist entries are not written;
 * - the films not in the catalogue, in the same columns plus where they came from and why, so the
 *   file can be imported again later (into Reel or Letterboxd);
 * - fields are quoted when they hold commas, quotes or line breaks; a cell that a spreadsheet would
 *   run as a formula (= + - @ first) gets a leading apostrophe in the not-in-catalogue file.
 */
import type { ActionValue } from './plan';
import type { Catalogue } from './match';
import type { HistoryEntry } from './types';
import { parseImdbId } from './text';
import { displayTitle, splitYear } from './titles';

function cell(v: string | number | undefined, guardFormula = false): string {
  let s = v === undefined ? '' : String(v);
  if (guardFormula && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: string[]) => cells.join(',');

/** 'YYYY-MM-DD' in UTC. */
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const imdbText = (n: number) => `tt${String(n).padStart(7, '0')}`;

export interface ReelAction {
  movieId: number;
  value: ActionValue;
  at: number;
}

/** Reel's ratings and "seen" films as a Letterboxd import CSV (see the header). */
export function letterboxdCsv(actions: readonly ReelAction[], cat: Catalogue): string {
  const movies = new Map(cat.movies.map((m) => [m.id, m]));
  const imdb = new Map<number, number>();
  for (const l of cat.links ?? []) {
    const id = parseImdbId(l.imdbId ?? undefined);
    if (id) imdb.set(l.movieId, id);
  }
  const withImdb = imdb.size > 0;
  const rows = [line(['Title', 'Year', 'Rating', 'WatchedDate', ...(withImdb ? ['imdbID'] : [])])];
  for (const a of actions) {
    if (typeof a.value !== 'number' && a.value !== 'seen') continue;
    const m = movies.get(a.movieId);
    if (!m) continue;
    const split = splitYear(m.title);
    const year = m.year ?? split.year;
    const id = imdb.get(a.movieId);
    rows.push(
      line([
        cell(displayTitle(split.title)),
        cell(year ?? undefined),
        cell(typeof a.value === 'number' ? a.value : undefined),
        cell(day(a.at)),
        ...(withImdb ? [cell(id === undefined ? undefined : imdbText(id))] : []),
      ]),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/** The entries a catalogue lacks, with why, as a CSV to keep (see the header). */
export function notInCatalogueCsv(
  items: readonly { entry: HistoryEntry; reason: string }[],
): string {
  const rows = [
    line([
      'Title',
      'Year',
      'Rating',
      'WatchedDate',
      'imdbID',
      'tmdbID',
      'Source',
      'Kind',
      'Reason',
    ]),
  ];
  for (const { entry: e, reason } of items) {
    rows.push(
      line([
        cell(e.title, true),
        cell(e.year),
        cell(e.kind === 'rating' ? e.stars : undefined),
        cell(e.date?.slice(0, 10)),
        cell(e.imdb === undefined ? undefined : imdbText(e.imdb)),
        cell(e.tmdb),
        cell(e.source),
        cell(e.kind),
        cell(reason, true),
      ]),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/**
 * From matches to what would be saved, and the summary shown before anything is. Rules kept here:
 * - stars are converted to the release's scale: half stars where it has them, else whole stars
 *   rounded half up (WHOLE_STARS_RULE, shown on screen);
 * - several entries for one film (two sources, a rating and a watchlist entry) become one: a rating
 *   beats "seen", which beats the watchlist; among ratings the newest date wins (a dated entry beats
 *   an undated one; equal dates keep the later entry);
 * - a film Reel already has an action for counts as "already": by default the newer date wins
 *   (an undated entry never beats Reel), or Reel's is kept ("keep-reel"). What only adds to Reel's
 *   (a rating for a film it has as "seen", anything for a watchlist film) is taken; what would lose
 *   information (a rating replaced by "seen") never is; an equal value changes nothing, so
 *   importing the same file again writes nothing.
 */
import type { EntryMatch } from './match';
import { dateMs } from './text';
import { skippedTotal, type HistoryEntry, type HistoryRead } from './types';

/** Shown wherever imported half stars meet a whole-star release. */
export const WHOLE_STARS_RULE =
  'This data set has whole stars only: half stars are rounded up (3.5★ becomes 4★, ½★ becomes 1★).';

/** Stars on the release's scale (see the header). */
export function toReleaseScale(stars: number, halfStars: boolean): number {
  if (halfStars) return Math.min(5, Math.max(0.5, Math.floor(stars * 2 + 0.5) / 2));
  return Math.min(5, Math.max(1, Math.floor(stars + 0.5)));
}

/** A value Reel keeps per film: stars, "seen" without a rating, "haven't seen", on the watchlist. */
export type ActionValue = number | 'seen' | 'not-seen' | 'watchlist';

export interface ExistingAction {
  movieId: number;
  value: ActionValue;
  /** milliseconds since the epoch */
  at: number;
}

export interface PlannedWrite {
  movieId: number;
  value: ActionValue;
  /** the entry's date, or `now` for an undated entry */
  at: number;
  entry: HistoryEntry;
  /** the action it replaces, if any */
  replaces?: ExistingAction;
}

interface AlreadyRated {
  movieId: number;
  reel: ExistingAction;
  imported: ActionValue;
  entry: HistoryEntry;
  winner: 'import' | 'reel' | 'same';
}

interface HistorySummary {
  /** films read (one per entry; matched + review + absent) */
  read: number;
  matched: number;
  review: number;
  absent: number;
  /** rows left out on purpose (TV, shorts...) */
  skipped: number;
  malformed: number;
  /** matched films Reel already has an action for */
  already: number;
}

export interface HistoryPlan {
  summary: HistorySummary;
  writes: PlannedWrite[];
  already: AlreadyRated[];
  review: Extract<EntryMatch, { status: 'review' }>[];
  absent: Extract<EntryMatch, { status: 'absent' }>[];
}

export interface PlanOptions {
  halfStars: boolean;
  /** which value wins for a film Reel already has: the newer date (default), or Reel's */
  conflict?: 'newer' | 'keep-reel';
  /** time given to undated entries */
  now: number;
  /** review rows the person resolved: the entry's chosen film (undefined: left out) */
  chosen?: ReadonlyMap<HistoryEntry, number>;
}

const rank = (v: ActionValue) =>
  typeof v === 'number' ? 3 : v === 'seen' ? 2 : v === 'not-seen' ? 1 : 0;

function valueOf(e: HistoryEntry, halfStars: boolean): ActionValue {
  if (e.kind === 'rating' && e.stars !== undefined) return toReleaseScale(e.stars, halfStars);
  return e.kind === 'watchlist' ? 'watchlist' : 'seen';
}

export function planImport(
  matches: readonly EntryMatch[],
  read: Pick<HistoryRead, 'skipped' | 'malformedCount'>,
  existing: readonly ExistingAction[],
  opts: PlanOptions,
): HistoryPlan {
  const conflict = opts.conflict ?? 'newer';
  const review: HistoryPlan['review'] = [];
  const absent: HistoryPlan['absent'] = [];
  // One entry per film.
  const best = new Map<number, { entry: HistoryEntry; value: ActionValue; t?: number }>();
  let matched = 0;
  for (const m of matches) {
    let movieId: number | undefined;
    if (m.status === 'matched') {
      movieId = m.movieId;
      matched++;
    } else if (m.status === 'review') {
      review.push(m);
      movieId = opts.chosen?.get(m.entry);
    } else absent.push(m);
    if (movieId === undefined) continue;
    const value = valueOf(m.entry, opts.halfStars);
    const t = dateMs(m.entry.date);
    const had = best.get(movieId);
    if (
      !had ||
      rank(value) > rank(had.value) ||
      (rank(value) === rank(had.value) && (t ?? -Infinity) >= (had.t ?? -Infinity))
    )
      best.set(movieId, { entry: m.entry, value, t });
  }
  const reel = new Map(existing.map((a) => [a.movieId, a]));
  const writes: PlannedWrite[] = [];
  const already: AlreadyRated[] = [];
  for (const [movieId, { entry, value, t }] of best) {
    const at = t ?? opts.now;
    const r = reel.get(movieId);
    if (!r) {
      writes.push({ movieId, value, at, entry });
      continue;
    }
    let winner: AlreadyRated['winner'];
    const upgrade = r.value === 'watchlist' || (r.value === 'seen' && typeof value === 'number');
    const downgrade = r.value !== 'not-seen' && rank(value) < rank(r.value);
    if (r.value === value) winner = 'same';
    else if (upgrade) winner = 'import';
    else if (conflict === 'keep-reel' || downgrade) winner = 'reel';
    else winner = t !== undefined && t > r.at ? 'import' : 'reel';
    already.push({ movieId, reel: r, imported: value, entry, winner });
    if (winner === 'import') writes.push({ movieId, value, at, entry, replaces: r });
  }
  return {
    summary: {
      read: matches.length,
      matched,
      review: review.length,
      absent: absent.length,
      skipped: skippedTotal(read),
      malformed: read.malformedCount,
      already: already.length,
    },
    writes,
    already,
    review,
    absent,
  };
}

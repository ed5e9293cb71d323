/**
 * Carrying a person's actions over to other content: a release whose data was replaced (a new data
 * version under the same name) or another data set. A MovieLens id names a film only within one
 * data version: a re-cut or modified copy may give the same id to another film. So an action is
 * carried only where its id still names the same film (the same title and year as when it was
 * given), or where a title/year matcher (`FilmMatcher`, e.g. the history import's rules) names
 * exactly one film for it. Nothing is ever re-pointed to another film: everything else is listed
 * as not carried, with the reason, so the person can see it.
 */
import type { UserRating } from '../profile';
import { newestFirst } from './ordering';

/** A film of the catalogue actions are carried into. */
export interface CatalogFilm {
  id: number;
  title: string;
  year: number | null;
}

/**
 * Why an action was not carried: the id is not in the new catalogue ('absent'), it names another
 * film there ('other-film'), the action did not record which film it was ('untitled'), or another
 * action already went to the same film ('duplicate', the older one is not carried).
 */
type NotCarriedReason = 'absent' | 'other-film' | 'untitled' | 'duplicate';

export interface NotCarried {
  action: UserRating;
  reason: NotCarriedReason;
  /** what the id names in the new catalogue ('other-film') */
  now?: { title: string; year: number | null };
}

/** What a carry-over did: stored with the profile it made, so the UI can show the rest. */
export interface CarryReport {
  /** the data version the actions came from */
  from: string;
  carried: number;
  notCarried: NotCarried[];
}

/**
 * A fallback for ids that do not name the same film: the id of the one film in the new catalogue
 * that a title and year name, or undefined when none or several do (never a guess).
 */
export type FilmMatcher = (film: { title: string; year: number | null }) => number | undefined;

/** Titles compare as text, whatever Unicode form or spacing they were stored in. */
const titleKey = (t: string) => t.normalize('NFC').replace(/\s+/g, ' ').trim();

/** True when `a` and `b` are the same film: the same title and the same year. */
export function sameFilm(
  a: { title?: string; year?: number | null },
  b: { title: string; year: number | null },
): boolean {
  return (
    a.title !== undefined && titleKey(a.title) === titleKey(b.title) && (a.year ?? null) === b.year
  );
}

/**
 * Which of `actions` carry over into `catalog` (see the header). Carried actions keep their
 * value, time and clock; their id, title and year are the new catalogue's. Newer actions win
 * when two land on one film.
 */
export function carryOver(
  actions: readonly UserRating[],
  catalog: readonly CatalogFilm[] | ReadonlyMap<number, CatalogFilm>,
  fallback?: FilmMatcher,
): { carried: UserRating[]; notCarried: NotCarried[] } {
  const byId: ReadonlyMap<number, CatalogFilm> =
    catalog instanceof Map
      ? (catalog as ReadonlyMap<number, CatalogFilm>)
      : new Map((catalog as readonly CatalogFilm[]).map((m) => [m.id, m]));
  const carried: UserRating[] = [];
  const notCarried: NotCarried[] = [];
  const taken = new Set<number>();
  const place = (action: UserRating, film: CatalogFilm) => {
    if (taken.has(film.id)) {
      notCarried.push({ action, reason: 'duplicate' });
      return;
    }
    taken.add(film.id);
    carried.push({ ...action, movieId: film.id, title: film.title, year: film.year });
  };
  // Same id, same film first (they can never be displaced by a fallback match), newest first.
  const sorted = [...actions].sort(newestFirst);
  const rest: { action: UserRating; now?: CatalogFilm }[] = [];
  for (const action of sorted) {
    const now = byId.get(action.movieId);
    if (action.title !== undefined && now && sameFilm(action, now)) place(action, now);
    else rest.push({ action, now });
  }
  for (const { action, now } of rest) {
    if (action.title === undefined) {
      notCarried.push({ action, reason: 'untitled' });
      continue;
    }
    const id = fallback?.({ title: action.title, year: action.year ?? null });
    const match = id === undefined ? undefined : byId.get(id);
    // A matcher's answer is the film it names (the matcher owns its title rules).
    if (match) place(action, match);
    else if (now)
      notCarried.push({
        action,
        reason: 'other-film',
        now: { title: now.title, year: now.year },
      });
    else notCarried.push({ action, reason: 'absent' });
  }
  return { carried, notCarried };
}

/**
 * A short line for a report: "7 of your 10 rated or marked films were carried over" (every state
 * counts: stars, "seen", "want to watch", "not interested" and "haven't seen").
 */
export function carrySummary(report: Pick<CarryReport, 'carried' | 'notCarried'>): string {
  const total = report.carried + report.notCarried.length;
  const left = report.notCarried.length;
  return (
    `${report.carried} of your ${total} rated or marked films were carried over to this ` +
    `data set` +
    (left
      ? `; ${left} ${left === 1 ? 'was' : 'were'} not, because ${left === 1 ? 'its' : 'their'} ` +
        `movie ids name other films here or are missing (see the list).`
      : '.')
  );
}

/** The reason, in words. */
export function notCarriedReason(n: NotCarried): string {
  switch (n.reason) {
    case 'absent':
      return 'not in this data set';
    case 'other-film':
      return n.now
        ? `its id names another film here (${n.now.title}${n.now.year ? `, ${n.now.year}` : ''})`
        : 'its id names another film here';
    case 'untitled':
      return 'it was saved before Reel recorded which film it was';
    case 'duplicate':
      return 'a newer action for the same film was carried';
  }
}

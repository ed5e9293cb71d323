/**
 * The order of a person's actions (ratings, "haven't seen"). Wall-clock time alone cannot order
 * them: a clock set back (by hand, or a device's clock corrected) would make a newer action look
 * older, so an import could silently undo it and "newest first" would list it last. Each action
 * therefore carries a hybrid logical clock: the wall-clock time in ms, but always above the last
 * value the same profile issued (`nextClock`), so it never runs backwards within a profile and
 * stays comparable with another device's stamps when the clocks agree. Actions stored before the
 * clock existed order by their wall-clock time.
 */
import type { UserRating } from '../profile';

/** The clock value for a new action: now, unless the profile already issued a later value. */
export function nextClock(last: number, now: number): number {
  return Math.max(Math.floor(now), Math.floor(last) + 1);
}

/** Where an action sits in the profile's order. */
export const orderOf = (r: Pick<UserRating, 'hlc' | 'at'>): number => r.hlc ?? r.at;

/** Newest first (ties broken by movie id, so the order is total). */
export const newestFirst = (a: UserRating, b: UserRating): number =>
  orderOf(b) - orderOf(a) || b.movieId - a.movieId;

/** Oldest first: the order actions were given in. */
export const oldestFirst = (a: UserRating, b: UserRating): number => -newestFirst(a, b);

/** The last clock value among `actions` (0 for none). */
export function lastClock(actions: Iterable<Pick<UserRating, 'hlc' | 'at'>>): number {
  let last = 0;
  for (const r of actions) last = Math.max(last, orderOf(r));
  return last;
}

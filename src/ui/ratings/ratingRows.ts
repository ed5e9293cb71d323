/**
 * What "Your ratings" lists: every movie rated or marked ("haven't seen", seen, want to watch,
 * not interested), newest first, narrowed by a state filter and a title search. Pure, so the page stays a view. "Newest" is the profile's
 * clock (core/profile/ordering.ts), not the wall clock, which may have been set back.
 */
import { stateOf, type FilmMark, type UserRating } from '../../core/profile';
import { newestFirst } from '../../core/profile/ordering';

export type RatingFilter = 'all' | 'not-seen' | FilmMark | 1 | 2 | 3 | 4 | 5;

export const FILTERS: { value: RatingFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 5, label: '5★' },
  { value: 4, label: '4★' },
  { value: 3, label: '3★' },
  { value: 2, label: '2★' },
  { value: 1, label: '1★' },
  { value: 'seen', label: 'Seen' },
  { value: 'want', label: 'Want to watch' },
  { value: 'not-interested', label: 'Not interested' },
  { value: 'not-seen', label: 'Haven’t seen' },
];

/** A card's `data-rating`: the stars, or seen / not-seen / want / not-interested. */
export const ratingAttr = (r: UserRating): string =>
  r.rating !== null ? String(r.rating) : stateOf(r);

/** A half star counts with the star above (3.5★ under 4★), as in the data set's histogram. */
const matchesFilter = (r: UserRating, f: RatingFilter) =>
  f === 'all' ||
  (typeof f === 'string' ? stateOf(r) === f : r.rating !== null && Math.ceil(r.rating) === f);

/** Newest first; `found` (movie ids matching the search) narrows when given. */
export function ratingRows(
  ratings: Iterable<UserRating>,
  filter: RatingFilter,
  found?: ReadonlySet<number>,
): UserRating[] {
  return [...ratings]
    .filter((r) => matchesFilter(r, filter) && (!found || found.has(r.movieId)))
    .sort(newestFirst);
}

export function countByFilter(ratings: Iterable<UserRating>): Map<RatingFilter, number> {
  const out = new Map<RatingFilter, number>(FILTERS.map((f) => [f.value, 0]));
  for (const r of ratings)
    for (const f of FILTERS) if (matchesFilter(r, f.value)) out.set(f.value, out.get(f.value)! + 1);
  return out;
}

/**
 * What "Your ratings" lists: every movie rated or marked "haven't seen", newest first, narrowed
 * by a stars filter and a title search. Pure, so the page stays a view.
 */
import type { UserRating } from '../../core/profile';

export type RatingFilter = 'all' | 'not-seen' | 1 | 2 | 3 | 4 | 5;

export const FILTERS: { value: RatingFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 5, label: '5★' },
  { value: 4, label: '4★' },
  { value: 3, label: '3★' },
  { value: 2, label: '2★' },
  { value: 1, label: '1★' },
  { value: 'not-seen', label: 'Haven’t seen' },
];

/** A half star counts with the star above (3.5★ under 4★), as in the data set's histogram. */
export const matchesFilter = (r: UserRating, f: RatingFilter) =>
  f === 'all' ||
  (f === 'not-seen' ? r.rating === null : r.rating !== null && Math.ceil(r.rating) === f);

/** Newest first; `found` (movie ids matching the search) narrows when given. */
export function ratingRows(
  ratings: Iterable<UserRating>,
  filter: RatingFilter,
  found?: ReadonlySet<number>,
): UserRating[] {
  return [...ratings]
    .filter((r) => matchesFilter(r, filter) && (!found || found.has(r.movieId)))
    .sort((a, b) => b.at - a.at || b.movieId - a.movieId);
}

export function countByFilter(ratings: Iterable<UserRating>): Map<RatingFilter, number> {
  const out = new Map<RatingFilter, number>(FILTERS.map((f) => [f.value, 0]));
  for (const r of ratings)
    for (const f of FILTERS) if (matchesFilter(r, f.value)) out.set(f.value, out.get(f.value)! + 1);
  return out;
}

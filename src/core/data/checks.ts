/**
 * Cross-checks of a release read whole: every rating names a listed movie (and user, where the
 * release has a users table), and nobody rates a movie twice. Errors name the ratings file and the
 * line as the parser counts them.
 */
import { ReelError } from '../errors';
import type { Dialect } from './classify';
import { findDuplicateRating } from './duplicates';
import type { Movie, RatingColumns, User } from './types';

export function checkNoDuplicates(file: string, r: RatingColumns, headerLines: number): void {
  const d = findDuplicateRating(r);
  if (!d) return;
  throw new ReelError(
    'parse',
    `${file} line ${d.second + 1 + headerLines}: user ${d.user} rates movie ${d.movie} a second time ` +
      `(first on line ${d.first + 1 + headerLines}). Each person rates a movie once; use the files as published.`,
  );
}

/** Every rating must name a listed movie (and user, when there is a users table). */
export function checkReferences(
  file: string,
  movies: { rows: Movie[]; file: string },
  users: { rows: User[]; file: string } | undefined,
  r: RatingColumns,
  dialect: Dialect,
): void {
  const knownMovie = new Set(movies.rows.map((m) => m.id));
  const knownUser = users ? new Set(users.rows.map((u) => u.id)) : null;
  const header = dialect === 'csv' ? 1 : 0;
  const sep = dialect === 'dat' ? '::' : dialect === 'tab' ? '\t' : ',';
  let lastUser = -1;
  for (let i = 0; i < r.users.length; i++) {
    const u = r.users[i]!;
    const userOk = !knownUser || u === lastUser || knownUser.has(u);
    if (userOk) lastUser = u;
    const what = !userOk ? 'user' : !knownMovie.has(r.movies[i]!) ? 'movie' : null;
    if (what) {
      const id = what === 'user' ? u : r.movies[i];
      const line = [u, r.movies[i], r.ratings[i], r.timestamps[i]].join(sep);
      throw new ReelError(
        'parse',
        `${file} line ${i + 1 + header}: ${what} ${id} is not in ${what === 'user' ? users!.file : movies.file}, got "${line}"`,
      );
    }
  }
}

/** Raters by id only (releases without a users table), in id order. */
export function usersFromRatings(ids: Uint32Array): User[] {
  const seen = new Set<number>();
  let last = -1;
  for (let i = 0; i < ids.length; i++) {
    const u = ids[i]!;
    if (u !== last) seen.add(u);
    last = u;
  }
  return Float64Array.from(seen)
    .sort()
    .reduce<User[]>((out, id) => (out.push({ id }), out), []);
}

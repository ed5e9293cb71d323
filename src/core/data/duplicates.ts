/**
 * A person rates a movie at most once: a second (user, movie) row in ratings.dat means the file
 * was concatenated or edited, and training on it would count that opinion twice. Ids are not
 * assumed to be 16-bit: rows are bucketed per user, then each user's movies are sorted.
 */
import type { RatingColumns } from './types';

export interface DuplicateRating {
  user: number;
  movie: number;
  /** 0-based rows of the first and the second occurrence */
  first: number;
  second: number;
}

/** A repeated (user, movie) pair (of the user listed first that has one) and its first two rows. */
export function findDuplicateRating(r: RatingColumns): DuplicateRating | null {
  const n = r.users.length;
  const slot = new Map<number, number>();
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = r.users[i]!;
    let s = slot.get(u);
    if (s === undefined) {
      s = counts.length;
      slot.set(u, s);
      counts.push(0);
    }
    counts[s]!++;
  }
  const starts = new Uint32Array(counts.length + 1);
  for (let s = 0; s < counts.length; s++) starts[s + 1] = starts[s]! + counts[s]!;
  const fill = starts.slice(0, counts.length);
  const movies = new Uint32Array(n); // ids are 32-bit
  for (let i = 0; i < n; i++) movies[fill[slot.get(r.users[i]!)!]!++] = r.movies[i]!;
  let repeated: { user: number; movie: number } | null = null;
  for (let s = 0; s < counts.length && !repeated; s++) {
    const seg = movies.subarray(starts[s]!, starts[s + 1]!).sort();
    for (let k = 1; k < seg.length; k++) {
      if (seg[k] === seg[k - 1]) {
        repeated = { user: -1, movie: seg[k]! };
        for (const [u, us] of slot) if (us === s) repeated.user = u;
        break;
      }
    }
  }
  if (!repeated) return null;
  // Report the earliest second occurrence among all repeated pairs of that user and movie.
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (r.users[i] !== repeated.user || r.movies[i] !== repeated.movie) continue;
    if (first < 0) first = i;
    else return { ...repeated, first, second: i };
  }
  return null;
}

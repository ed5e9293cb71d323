/**
 * One line of "why" for a recommended movie. Rule, in order — every line must be true:
 * 1. "because you rated Fargo ★★★★★": only when the ranking model scores the movie and the rated
 *    movie named is the largest term of that score (`because` from watch.ts: the argmax of
 *    B[j][movie] over the rated j) and carries at least EXPLAIN_MIN_SHARE of the score; a film
 *    rated below DISLIKE_BELOW stars is never cited (watch.ts never names one either);
 * 2. "shares Comedy and Romance with your picks": the movie's genres that are among the person's
 *    genre picks (at most 3, in the movie's order);
 * 3. otherwise a general line that says which model put it there.
 * Titles are shown as people say them ("The Matrix", not "Matrix, The").
 */
import type { Movie } from '../data/types';
import { displayTitle } from '../features/search';
import { EXPLAIN_MIN_SHARE } from './stage';
import { DISLIKE_BELOW } from './watch';

export interface ExplainContext {
  /** The movie table (index = position). */
  movies: readonly Movie[];
  /** The person's star rating per rated movie index. */
  ratingOf: ReadonlyMap<number, number>;
  /** The person's genre picks from signup. */
  picks: readonly string[];
  /** From the ranking model (watchScores), when it ranks the list. */
  watch?: { scores: ArrayLike<number>; because: Int32Array; contribution: ArrayLike<number> };
  /** Which model ranks the list, for the general line. */
  general?: string;
}

export interface Explanation {
  kind: 'rated' | 'genres' | 'model';
  /** The line to show, with stars ("because you rated Fargo ★★★★★"). */
  text: string;
  /** The same in words for screen readers ("because you rated Fargo 5 stars"). */
  label: string;
  /** kind 'rated': the rated movie and its share of the ranking score. */
  source?: number;
  rating?: number;
  share?: number;
  /** kind 'genres': the shared genres. */
  genres?: string[];
}

const MAX_EXPLAIN_GENRES = 3;

export function stars(rating: number): string {
  return '★'.repeat(Math.max(0, Math.min(5, Math.round(rating))));
}

/** "A", "A and B", "A, B and C". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Prepares what every explanation needs once, and returns a function explaining one movie. */
export function makeExplainer(ctx: ExplainContext): (movie: number) => Explanation {
  const picks = new Set(ctx.picks.map((g) => g.trim()));
  const general = ctx.general ?? 'predicted from people with similar taste';
  return (movie) => {
    const w = ctx.watch;
    const source = w?.because[movie] ?? -1;
    const rating = source >= 0 ? ctx.ratingOf.get(source) : undefined;
    if (w && source >= 0 && rating !== undefined && rating >= DISLIKE_BELOW) {
      const score = w.scores[movie]!;
      const c = w.contribution[movie]!;
      const share = score > 0 ? c / score : 0;
      if (c > 0 && share >= EXPLAIN_MIN_SHARE) {
        const title = displayTitle(ctx.movies[source]?.title ?? '');
        const r = Math.round(rating);
        return {
          kind: 'rated',
          text: `because you rated ${title} ${stars(r)}`,
          label: `because you rated ${title} ${r} star${r === 1 ? '' : 's'}`,
          source,
          rating,
          share,
        };
      }
    }
    const shared = (ctx.movies[movie]?.genres ?? [])
      .map((g) => g.trim())
      .filter((g, i, all) => picks.has(g) && all.indexOf(g) === i)
      .slice(0, MAX_EXPLAIN_GENRES);
    if (shared.length > 0) {
      const text = `shares ${joinWords(shared)} with your picks`;
      return { kind: 'genres', text, label: text, genres: shared };
    }
    return { kind: 'model', text: general, label: general };
  };
}

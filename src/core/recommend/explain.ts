/**
 * One line of "why" for a recommended movie. Rule, in order:
 * 1. "because you rated Fargo ★★★★★": among the user's ratings >= EXPLAIN_MIN_RATING, the movie
 *    whose item factors are most cosine-similar to the recommended one, if that similarity is at
 *    least EXPLAIN_MIN_SIMILARITY (ties: higher rating, then earlier in the user's ratings);
 * 2. "shares Comedy and Romance with your picks": the movie's genres that are among the user's
 *    genre picks (at most 3, in the movie's order);
 * 3. otherwise "predicted from people with similar taste".
 * Titles are shown as people say them ("The Matrix", not "Matrix, The").
 */
import type { Movie } from '../data/types';
import { rowCosine, rowCount, withNorms, type RowMatrix } from '../features/cosine';
import { displayTitle } from '../features/search';
import type { UserRating } from '../features/tfidf';
import { EXPLAIN_MIN_RATING, EXPLAIN_MIN_SIMILARITY } from './stage';

export interface ExplainContext {
  /** The movie table (dense index = position). */
  movies: readonly Movie[];
  /** The user's ratings by dense movie index. */
  ratings: readonly UserRating[];
  /** The user's genre picks from signup. */
  picks: readonly string[];
  /** Item factors of the model in use (numMovies x dim); without them only rules 2-3 apply. */
  factors?: RowMatrix;
}

export interface Explanation {
  kind: 'rated' | 'genres' | 'model';
  /** The line to show, with stars ("because you rated Fargo ★★★★★"). */
  text: string;
  /** The same in words for screen readers ("because you rated Fargo 5 stars"). */
  label: string;
  /** kind 'rated': the movie the user rated, their rating and the factor similarity. */
  source?: number;
  rating?: number;
  similarity?: number;
  /** kind 'genres': the shared genres. */
  genres?: string[];
}

export const MAX_EXPLAIN_GENRES = 3;

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
  const factors = ctx.factors ? withNorms(ctx.factors) : undefined;
  const rows = factors ? rowCount(factors) : 0;
  const liked = ctx.ratings.filter(
    (r) =>
      r.rating >= EXPLAIN_MIN_RATING && Number.isInteger(r.index) && r.index >= 0 && r.index < rows,
  );
  const picks = new Set(ctx.picks.map((g) => g.trim()));

  return (movie) => {
    if (factors && movie >= 0 && movie < rows) {
      let best: UserRating | undefined;
      let bestSim = -Infinity;
      for (const r of liked) {
        if (r.index === movie) continue;
        const s = rowCosine(factors, movie, r.index);
        if (s > bestSim || (s === bestSim && best !== undefined && r.rating > best.rating)) {
          best = r;
          bestSim = s;
        }
      }
      if (best && bestSim >= EXPLAIN_MIN_SIMILARITY) {
        const title = displayTitle(ctx.movies[best.index]?.title ?? '');
        const r = Math.round(best.rating);
        return {
          kind: 'rated',
          text: `because you rated ${title} ${stars(r)}`,
          label: `because you rated ${title} ${r} star${r === 1 ? '' : 's'}`,
          source: best.index,
          rating: best.rating,
          similarity: bestSim,
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
    const text = 'predicted from people with similar taste';
    return { kind: 'model', text, label: text };
  };
}

/** One movie's explanation (use makeExplainer for many). */
export function explainRecommendation(movie: number, ctx: ExplainContext): Explanation {
  return makeExplainer(ctx)(movie);
}

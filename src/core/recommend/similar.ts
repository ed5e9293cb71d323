/**
 * "Similar movies" for any movie: from the ranking model when it knows the movie (its row of B:
 * what having watched this movie speaks for, see watch.ts), otherwise from the genres (TF-IDF
 * cosine). The movie itself is never in the result, nor any movie with a score <= 0; ties go to
 * the movie with more ratings. Model-based results skip movies with fewer than
 * MIN_TRUSTED_RATINGS ratings (when counts are given): their weights rest on too few people.
 * Movies the person rated are NOT hidden: "similar" is about the movie, not the person.
 */
import type { GenreTfidf } from '../features/tfidf';
import { MIN_TRUSTED_RATINGS, SIMILAR_SIZE } from './stage';
import { toPredicate, topN, type Exclusion } from './rank';

export interface SimilarOptions {
  /** The ranking model's row for the movie (similarRow), by movie index. */
  row?: ArrayLike<number>;
  /** Content model, the fallback. */
  tfidf?: GenreTfidf;
  /** Ratings per movie: tie-break, and the trust filter for model-based results. */
  counts?: ArrayLike<number>;
  /** Movies to leave out besides the movie itself. */
  exclude?: Exclusion;
  /** How many (default SIMILAR_SIZE). */
  size?: number;
  /** Model-based results need this many ratings (default MIN_TRUSTED_RATINGS; 0 disables). */
  minRatings?: number;
}

export interface SimilarMovies {
  source: 'model' | 'content' | 'none';
  /** Movie indices, most similar first. */
  indices: number[];
  scores: number[];
}

export function similarMovies(movie: number, options: SimilarOptions): SimilarMovies {
  const size = options.size ?? SIMILAR_SIZE;
  const excluded = toPredicate(options.exclude);
  const { counts, row, tfidf } = options;

  let source: SimilarMovies['source'] = 'none';
  let sims: ArrayLike<number> | undefined;
  let minRatings = 0;
  if (row && hasPositive(row, movie)) {
    sims = row;
    source = 'model';
    minRatings = counts ? (options.minRatings ?? MIN_TRUSTED_RATINGS) : 0;
  }
  if (!sims && tfidf && movie >= 0 && movie < tfidf.numMovies) {
    const s = tfidf.similarTo(movie);
    if (s[movie]! > 0) {
      sims = s;
      source = 'content';
    }
  }
  if (!sims) return { source: 'none', indices: [], scores: [] };
  const s = sims;
  const indices = topN(
    s,
    size,
    (i) =>
      i !== movie &&
      s[i]! > 0 &&
      !excluded(i) &&
      (minRatings === 0 || (counts?.[i] ?? 0) >= minRatings),
    counts,
  );
  return { source, indices, scores: indices.map((i) => s[i]!) };
}

function hasPositive(row: ArrayLike<number>, self: number): boolean {
  for (let i = 0; i < row.length; i++) if (i !== self && row[i]! > 0) return true;
  return false;
}

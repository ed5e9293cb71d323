/**
 * Content features: TF-IDF vectors of movie genres, user profiles, and cosine ranking.
 *
 * Rules (tests pin them):
 * - Vocabulary = the 18 MovieLens GENRES in their canonical order, then any other genre found in
 *   the movie table, in order of first appearance (a fresh dimension; nothing breaks).
 * - tf is binary (a genre is listed once per movie); idf is the smoothed form
 *   idf(g) = ln((1 + N) / (1 + df(g))) + 1, N = number of movies, df = movies listing g.
 *   Movie vectors are tf * idf, L2-normalized (a movie with no known genre is the zero vector).
 * - A genre pick that no movie has is ignored (it could not match any movie anyway); never NaN.
 * - Profile from ratings: unit(genre picks) * k/(k+n) + mean_i(w_i * movieVector_i) * n/(k+n),
 *   with w_i = (rating_i - 3) / 2 in [-1, 1] (liked pulls towards, disliked pushes away, 3 is
 *   neutral), n = number of usable ratings and k = PICKS_AS_RATINGS (the picks count as k ratings).
 * - scoreAll gives the cosine of the profile with every movie; a zero profile scores all 0.
 */
import { GENRES, type Movie } from '../data/types';
import { cosineToRows, norm, row, type RowMatrix } from './cosine';

/** One rating of the user, by dense movie index (the position in the movie table). */
export interface UserRating {
  index: number;
  /** 1..5 */
  rating: number;
}

/** In the content profile, the genre picks weigh as much as this many ratings. */
const PICKS_AS_RATINGS = 5;

/** The neutral rating: ratings above it pull a profile towards a movie, below push away. */
export const NEUTRAL_RATING = 3;

export class GenreTfidf {
  /** Genre names, one per dimension. */
  readonly vocabulary: readonly string[];
  readonly idf: Float32Array;
  /** Number of movies listing each genre. */
  readonly df: Uint32Array;
  /** L2-normalized movie vectors, row-major numMovies x dim. */
  readonly vectors: RowMatrix & { norms: Float32Array };
  readonly numMovies: number;
  private readonly index: Map<string, number>;

  constructor(movies: readonly Movie[]) {
    const vocab: string[] = [...GENRES];
    const index = new Map<string, number>(vocab.map((g, i) => [g, i]));
    for (const m of movies)
      for (const raw of m.genres ?? []) {
        const g = cleanGenre(raw);
        if (g && !index.has(g)) {
          index.set(g, vocab.length);
          vocab.push(g);
        }
      }
    const dim = vocab.length;
    const n = movies.length;
    const df = new Uint32Array(dim);
    const data = new Float32Array(n * dim);
    movies.forEach((m, i) => {
      for (const raw of m.genres ?? []) {
        const j = index.get(cleanGenre(raw));
        if (j !== undefined && data[i * dim + j] === 0) {
          data[i * dim + j] = 1;
          df[j]!++;
        }
      }
    });
    const idf = new Float32Array(dim);
    for (let j = 0; j < dim; j++) idf[j] = Math.log((1 + n) / (1 + df[j]!)) + 1;
    const norms = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) {
        const v = data[i * dim + j]! * idf[j]!;
        data[i * dim + j] = v;
        s += v * v;
      }
      const l = Math.sqrt(s);
      if (l > 0) for (let j = 0; j < dim; j++) data[i * dim + j]! /= l;
      norms[i] = l > 0 ? 1 : 0;
    }
    this.vocabulary = vocab;
    this.index = index;
    this.idf = idf;
    this.df = df;
    this.numMovies = n;
    this.vectors = { data, dim, norms };
  }

  get dim(): number {
    return this.vocabulary.length;
  }

  /** Dimension of a genre, or -1 if no movie has ever listed it (nor is it a MovieLens genre). */
  indexOf(genre: string): number {
    return this.index.get(cleanGenre(genre)) ?? -1;
  }

  /** The unit TF-IDF vector of movie `i` (a view; do not modify). Out of range: zero vector. */
  movieVector(i: number): Float32Array {
    if (!(i >= 0 && i < this.numMovies)) return new Float32Array(this.dim);
    return row(this.vectors, i);
  }

  /** Unit vector of the picked genres weighted by idf; unknown genres ignored; none: zero vector. */
  profileFromGenres(picks: readonly string[]): Float32Array {
    const p = new Float32Array(this.dim);
    for (const g of picks) {
      const j = this.indexOf(g);
      if (j >= 0) p[j] = this.idf[j]!;
    }
    return normalize(p);
  }

  /**
   * Profile from genre picks and ratings (see the header rule). Ratings with an unknown movie
   * index or a non-finite rating are skipped.
   */
  profileFromRatings(
    picks: readonly string[],
    ratings: readonly UserRating[],
    picksAsRatings = PICKS_AS_RATINGS,
  ): Float32Array {
    const dim = this.dim;
    const fromRatings = new Float32Array(dim);
    let n = 0;
    for (const { index, rating } of ratings) {
      if (!Number.isInteger(index) || index < 0 || index >= this.numMovies) continue;
      if (!Number.isFinite(rating)) continue;
      n++;
      const w = (Math.max(1, Math.min(5, rating)) - NEUTRAL_RATING) / 2;
      if (w === 0) continue;
      const v = this.movieVector(index);
      for (let j = 0; j < dim; j++) fromRatings[j]! += w * v[j]!;
    }
    const fromPicks = this.profileFromGenres(picks);
    const k = Math.max(0, picksAsRatings);
    const total = k + n;
    const out = new Float32Array(dim);
    if (total === 0) return out;
    for (let j = 0; j < dim; j++)
      out[j] = (fromPicks[j]! * k) / total + (n > 0 ? fromRatings[j]! / n : 0) * (n / total);
    return out;
  }

  /** Cosine similarity of `profile` with every movie (Float32Array of numMovies, in -1..1). */
  scoreAll(profile: ArrayLike<number>): Float32Array {
    if (profile.length !== this.dim) {
      // A profile built on another vocabulary: compare on the shared leading dimensions.
      const p = new Float32Array(this.dim);
      for (let j = 0; j < Math.min(this.dim, profile.length); j++) p[j] = profile[j]!;
      return cosineToRows(p, this.vectors);
    }
    return cosineToRows(profile, this.vectors);
  }

  /** Content similarity of movie `i` with every movie (1 for itself unless it has no genres). */
  similarTo(i: number): Float32Array {
    return this.scoreAll(this.movieVector(i));
  }
}

export function fitGenreTfidf(movies: readonly Movie[]): GenreTfidf {
  return new GenreTfidf(movies);
}

function cleanGenre(g: unknown): string {
  return typeof g === 'string' ? g.trim() : '';
}

function normalize(v: Float32Array): Float32Array {
  const l = norm(v);
  if (l > 0 && Number.isFinite(l)) for (let j = 0; j < v.length; j++) v[j]! /= l;
  return v;
}

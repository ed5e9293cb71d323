/**
 * The in-memory shape of MovieLens data that every layer shares. Ratings are columns of typed
 * arrays (never one JS object per rating); row i of every column is one rating.
 */
export interface Movie {
  id: number;
  title: string;
  year: number | null;
  genres: string[];
  /** IMDb number without "tt" (links.csv, where the release ships it; links.ts) */
  imdbId?: number;
  /** TMDB movie id (links.csv, where the release ships it) */
  tmdbId?: number;
}

export type Gender = 'M' | 'F';

/**
 * A rater. Releases with a users table (ML-100K, ML-1M) give demographics; the others (ML-10M and
 * the CSV releases) list raters by id only, taken from the ratings, and leave the rest out.
 */
export interface User {
  id: number;
  gender?: Gender;
  /** MovieLens 1M age bracket code: 1, 18, 25, 35, 45, 50, 56 (ML-100K's raw ages are mapped). */
  age?: number;
  /** MovieLens 1M occupation code 0..20 (ML-100K's occupation names are mapped). */
  occupation?: number;
  zip?: string;
}

/**
 * Ids are 32-bit everywhere (the biggest releases have ids past 16 bits).
 * Ratings are stars as numbers, in half steps where the release has them (0.5..5; ML-100K and
 * ML-1M have whole stars 1..5). Shards store them as half steps, one byte each (stars.ts).
 */
export interface RatingColumns {
  users: Uint32Array;
  movies: Uint32Array;
  /** stars, 0.5..5 in steps of 0.5 */
  ratings: Float32Array;
  /** seconds since epoch */
  timestamps: Uint32Array;
}

export interface Dataset {
  /** Data version from the manifest; models and caches are keyed by it. */
  version: string;
  movies: Movie[];
  users: User[];
  ratings: RatingColumns;
}

export const GENRES = [
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;

export const AGE_BRACKETS: Record<number, string> = {
  1: 'Under 18',
  18: '18-24',
  25: '25-34',
  35: '35-44',
  45: '45-49',
  50: '50-55',
  56: '56+',
};

export const OCCUPATIONS = [
  'other or not specified',
  'academic/educator',
  'artist',
  'clerical/admin',
  'college/grad student',
  'customer service',
  'doctor/health care',
  'executive/managerial',
  'farmer',
  'homemaker',
  'K-12 student',
  'lawyer',
  'programmer',
  'retired',
  'sales/marketing',
  'scientist',
  'self-employed',
  'technician/engineer',
  'tradesman/craftsman',
  'unemployed',
  'writer',
] as const;

/**
 * The in-memory shape of MovieLens data that every layer shares. Ratings are columns of typed
 * arrays (never one JS object per rating); row i of every column is one rating.
 */
export interface Movie {
  id: number;
  title: string;
  year: number | null;
  genres: string[];
}

export type Gender = 'M' | 'F';

export interface User {
  id: number;
  gender: Gender;
  /** MovieLens 1M age bracket code: 1, 18, 25, 35, 45, 50, 56. */
  age: number;
  /** MovieLens 1M occupation code 0..20. */
  occupation: number;
  zip: string;
}

export interface RatingColumns {
  users: Uint16Array;
  movies: Uint16Array;
  /** 1..5 */
  ratings: Uint8Array;
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

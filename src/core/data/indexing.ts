/**
 * Dense index maps between MovieLens ids and model rows. Rule: the movie index covers the
 * full movie table (every movie, rated or not) sorted by id, so a model's movie rows
 * line up with `movieIds` and never change when ratings change; users likewise by id.
 * Ids absent from a map read as -1.
 */
import { ReelError } from '../errors';
import { concatColumns } from './bytes';

export interface IndexMaps {
  numUsers: number;
  numMovies: number;
  /** index -> MovieLens user id */
  userIds: Int32Array;
  /** index -> MovieLens movie id */
  movieIds: Int32Array;
  /** id -> index, or -1 */
  userIndexById: Int32Array;
  /** id -> index, or -1 */
  movieIndexById: Int32Array;
}

/** Arrays ready for a model: dense indices and float ratings, row i = one rating. */
export interface TrainingArrays {
  users: Int32Array;
  movies: Int32Array;
  ratings: Float32Array;
}

function denseMap(ids: ArrayLike<number>): { ids: Int32Array; byId: Int32Array } {
  const sorted = Int32Array.from(new Set(Array.from(ids))).sort();
  const max = sorted.length ? sorted[sorted.length - 1]! : 0;
  const byId = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < sorted.length; i++) byId[sorted[i]!] = i;
  return { ids: sorted, byId };
}

export function buildIndexMaps(movieIds: ArrayLike<number>, userIds: ArrayLike<number>): IndexMaps {
  const m = denseMap(movieIds);
  const u = denseMap(userIds);
  return {
    numUsers: u.ids.length,
    numMovies: m.ids.length,
    userIds: u.ids,
    movieIds: m.ids,
    userIndexById: u.byId,
    movieIndexById: m.byId,
  };
}

/**
 * Converts the rows `rows` (all rows when omitted) of the rating columns to model arrays.
 * Throws ReelError('parse') when a rating refers to a user or movie missing from the maps.
 */
export function toTrainingArrays(
  cols: { [K in 'users' | 'movies' | 'ratings']: ArrayLike<number> },
  rows: Uint32Array | null,
  maps: IndexMaps,
  withRatings = true,
): TrainingArrays {
  const n = rows ? rows.length : cols.ratings.length;
  const users = new Int32Array(n);
  const movies = new Int32Array(n);
  // without: an empty column (the caller reads the stars elsewhere)
  const ratings = new Float32Array(withRatings ? n : 0);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    const u = maps.userIndexById[cols.users[r]!] ?? -1;
    const m = maps.movieIndexById[cols.movies[r]!] ?? -1;
    if (u < 0 || m < 0) {
      throw new ReelError(
        'parse',
        'The ratings mention a user or movie that is not in the data set.',
        `row ${r}: user ${cols.users[r]}, movie ${cols.movies[r]}`,
      );
    }
    users[i] = u;
    movies[i] = m;
    if (withRatings) ratings[i] = cols.ratings[r]!;
  }
  return { users, movies, ratings };
}

/** Concatenates training arrays (e.g. the data set plus a user's own ratings for a retrain). */
export function concatTrainingArrays(...parts: TrainingArrays[]): TrainingArrays {
  return concatColumns(parts);
}

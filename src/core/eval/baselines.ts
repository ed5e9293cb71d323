/**
 * Baselines every model must beat, fitted on the same rows as the models: the global mean,
 * and regularized user + movie biases
 *   r_hat = mu + b_u + b_i,  minimizing  sum (r - mu - b_u - b_i)^2 + lu*|b_u|^2 + li*|b_i|^2
 * by alternating closed-form updates; lu and li are chosen on the validation rows (tuneBiases).
 */
import type { TrainingArrays } from '../data/indexing';
import { rmse } from './metrics';

export function globalMean(ratings: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < ratings.length; i++) s += ratings[i]!;
  return ratings.length ? s / ratings.length : 3;
}

export interface BiasModel {
  globalMean: number;
  userBias: Float32Array;
  movieBias: Float32Array;
  lambdaUser: number;
  lambdaMovie: number;
}

export interface BiasOptions {
  lambdaUser: number;
  lambdaMovie: number;
  iterations?: number;
}

export function fitBiases(
  data: TrainingArrays,
  numUsers: number,
  numMovies: number,
  opts: BiasOptions,
): BiasModel {
  const { users, movies, ratings } = data;
  const mu = globalMean(ratings);
  const bu = new Float64Array(numUsers);
  const bi = new Float64Array(numMovies);
  const nu = new Float64Array(numUsers);
  const ni = new Float64Array(numMovies);
  for (let k = 0; k < ratings.length; k++) {
    nu[users[k]!]!++;
    ni[movies[k]!]!++;
  }
  const acc = new Float64Array(Math.max(numUsers, numMovies));
  const iterations = opts.iterations ?? 8;
  for (let it = 0; it < iterations; it++) {
    acc.fill(0, 0, numMovies);
    for (let k = 0; k < ratings.length; k++) acc[movies[k]!]! += ratings[k]! - mu - bu[users[k]!]!;
    for (let m = 0; m < numMovies; m++) bi[m] = acc[m]! / (opts.lambdaMovie + ni[m]! || 1);
    acc.fill(0, 0, numUsers);
    for (let k = 0; k < ratings.length; k++) acc[users[k]!]! += ratings[k]! - mu - bi[movies[k]!]!;
    for (let u = 0; u < numUsers; u++) bu[u] = acc[u]! / (opts.lambdaUser + nu[u]! || 1);
  }
  return {
    globalMean: mu,
    userBias: Float32Array.from(bu),
    movieBias: Float32Array.from(bi),
    lambdaUser: opts.lambdaUser,
    lambdaMovie: opts.lambdaMovie,
  };
}

/** Predictions of the bias model, clipped to [lo, hi]. */
export function predictBiases(
  model: BiasModel,
  users: Int32Array,
  movies: Int32Array,
  lo = 1,
  hi = 5,
): Float32Array {
  const out = new Float32Array(users.length);
  for (let k = 0; k < users.length; k++) {
    const p = model.globalMean + model.userBias[users[k]!]! + model.movieBias[movies[k]!]!;
    out[k] = p < lo ? lo : p > hi ? hi : p;
  }
  return out;
}

const BIAS_LAMBDA_GRID = [0, 1, 2, 3, 5, 8, 12, 20, 30] as const;

export interface TunedBiases {
  model: BiasModel;
  validRmse: number;
}

/**
 * Picks (lambdaUser, lambdaMovie) from the grid by validation RMSE, fitted on `fit`, by
 * coordinate search: the movie lambda with the user lambda at the grid's middle, then the user
 * lambda with that movie lambda, then the movie lambda once more — 3 x |grid| fits instead of
 * |grid|^2 (the two penalties barely interact; on ML-1M it lands on the full grid's optimum).
 */
export function tuneBiases(
  fit: TrainingArrays,
  valid: TrainingArrays,
  numUsers: number,
  numMovies: number,
  grid: readonly number[] = BIAS_LAMBDA_GRID,
): TunedBiases {
  let best: TunedBiases | null = null;
  const tried = new Map<string, TunedBiases>();
  const tryPair = (lambdaUser: number, lambdaMovie: number): TunedBiases => {
    const key = `${lambdaUser}/${lambdaMovie}`;
    let t = tried.get(key);
    if (!t) {
      const model = fitBiases(fit, numUsers, numMovies, { lambdaUser, lambdaMovie });
      t = {
        model,
        validRmse: rmse(predictBiases(model, valid.users, valid.movies), valid.ratings),
      };
      tried.set(key, t);
    }
    if (!best || t.validRmse < best.validRmse) best = t;
    return t;
  };
  let user = grid[Math.floor(grid.length / 2)]!;
  let movie = user;
  for (const axis of ['movie', 'user', 'movie'] as const) {
    for (const l of grid) {
      if (axis === 'movie') tryPair(user, l);
      else tryPair(l, movie);
    }
    const b = best as TunedBiases | null;
    user = b!.model.lambdaUser;
    movie = b!.model.lambdaMovie;
  }
  return best!;
}

/**
 * Synthetic ratings with planted low-rank structure, for model tests:
 *   r = clip(mu + b_u + b_i + u.v + noise, 1, 5)
 * with known factors, so tests can check that training recovers structure the bias baseline
 * cannot, and that fold-in recovers a planted user vector.
 */
import type { TrainingArrays } from '../../src/core/data/indexing';
import { createRng } from '../../src/core/eval/rng';

export interface LatentOptions {
  numUsers?: number;
  numMovies?: number;
  dim?: number;
  /** Share of (user, movie) pairs rated. */
  density?: number;
  noise?: number;
  /** Scale of the factors: u.v has std about factorScale^2 * sqrt(dim). */
  factorScale?: number;
  seed?: number;
}

export interface LatentData {
  numUsers: number;
  numMovies: number;
  dim: number;
  globalMean: number;
  userFactors: Float32Array;
  movieFactors: Float32Array;
  userBias: Float32Array;
  movieBias: Float32Array;
  /** Every generated rating, row order by user then movie. */
  all: TrainingArrays;
}

export function makeLatentData(opts: LatentOptions = {}): LatentData {
  const numUsers = opts.numUsers ?? 300;
  const numMovies = opts.numMovies ?? 200;
  const dim = opts.dim ?? 4;
  const density = opts.density ?? 0.25;
  const noise = opts.noise ?? 0.2;
  const scale = opts.factorScale ?? 0.75;
  const rng = createRng(opts.seed ?? 7);
  const normals = (n: number, std: number): Float32Array =>
    Float32Array.from({ length: n }, () => rng.nextNormal() * std);
  const userFactors = normals(numUsers * dim, scale);
  const movieFactors = normals(numMovies * dim, scale);
  const userBias = normals(numUsers, 0.3);
  const movieBias = normals(numMovies, 0.3);
  const globalMean = 3.5;
  const users: number[] = [];
  const movies: number[] = [];
  const ratings: number[] = [];
  for (let u = 0; u < numUsers; u++) {
    for (let m = 0; m < numMovies; m++) {
      if (rng.next() >= density) continue;
      let r = globalMean + userBias[u]! + movieBias[m]! + rng.nextNormal() * noise;
      for (let d = 0; d < dim; d++) r += userFactors[u * dim + d]! * movieFactors[m * dim + d]!;
      users.push(u);
      movies.push(m);
      ratings.push(Math.min(5, Math.max(1, r)));
    }
  }
  return {
    numUsers,
    numMovies,
    dim,
    globalMean,
    userFactors,
    movieFactors,
    userBias,
    movieBias,
    all: {
      users: Int32Array.from(users),
      movies: Int32Array.from(movies),
      ratings: Float32Array.from(ratings),
    },
  };
}

/** Rows `rows` of `data`. */
export function pick(data: TrainingArrays, rows: Uint32Array): TrainingArrays {
  return {
    users: Int32Array.from(rows, (r) => data.users[r]!),
    movies: Int32Array.from(rows, (r) => data.movies[r]!),
    ratings: Float32Array.from(rows, (r) => data.ratings[r]!),
  };
}

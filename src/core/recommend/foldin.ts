/**
 * Fold-in of a new user into a trained matrix factorizer, without retraining: with the movie
 * factors v_i and biases b_i frozen, the user's vector u and bias b_u solve the ridge problem
 *   min  sum_i (r_i - mu - b_i - b_u - u.v_i)^2 + lambda |u|^2 + biasLambda b_u^2
 * in closed form, (X^T X + lambda I) w = X^T y with x_i = [v_i; 1], w = [u; b_u], by Cholesky
 * on the (k+1)x(k+1) system. Cost O(n k^2 + k^3).
 * With no ratings the user is the zero vector (predictions = mu + b_i).
 */

export interface FoldInRating {
  movieIndex: number;
  rating: number;
}

/** What fold-in needs from a trained MF model (a subset of ModelWeights). */
export interface MovieFactorModel {
  dim: number;
  /** numMovies x dim, row-major */
  movieFactors: Float32Array;
  movieBias: Float32Array;
  globalMean: number;
}

export interface FoldedUser {
  vector: Float32Array;
  bias: number;
}

/** Solves A x = b in place for symmetric positive definite A (n x n, row-major). */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  // Decompose A = L L^T (L stored in the lower triangle of a).
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > 0)) throw new RangeError('choleskySolve: matrix is not positive definite');
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  // Forward (L y = b) then backward (L^T x = y).
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  return b;
}

export function foldIn(
  ratings: readonly FoldInRating[],
  model: MovieFactorModel,
  lambda: number,
  /** Ridge weight on b_u; defaults to lambda (the plain formulation above). */
  biasLambda: number = lambda,
): FoldedUser {
  const k = model.dim;
  const n = k + 1;
  if (!(lambda > 0) || !(biasLambda > 0)) throw new RangeError('foldIn: lambda must be > 0');
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  const x = new Float64Array(n);
  const numMovies = model.movieBias.length;
  for (const { movieIndex, rating } of ratings) {
    if (!(movieIndex >= 0 && movieIndex < numMovies)) continue;
    const off = movieIndex * k;
    for (let d = 0; d < k; d++) x[d] = model.movieFactors[off + d]!;
    x[k] = 1;
    const y = rating - model.globalMean - model.movieBias[movieIndex]!;
    // Upper triangle only; mirrored below.
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      b[i]! += xi * y;
      for (let j = i; j < n; j++) a[i * n + j]! += xi * x[j]!;
    }
  }
  for (let i = 0; i < n; i++) {
    a[i * n + i]! += i === k ? biasLambda : lambda;
    for (let j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j]!;
  }
  const w = choleskySolve(a, b, n);
  return { vector: Float32Array.from(w.subarray(0, k)), bias: w[k]! };
}

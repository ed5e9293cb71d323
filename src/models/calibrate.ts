/**
 * Linear recalibration of a trained MF, chosen on the validation rows: r' = a + b r_hat, fitted by
 * least squares on the validation predictions and kept only when it lowers the validation RMSE.
 * Early stopping and L2 leave the predictions a little too close to the mean (b > 1 on ML-1M);
 * this stretches them back. It folds into the weights exactly, so the weights format, serving and
 * the fold-in are unchanged:
 *   mu' = a + b mu,   b_u' = b b_u,   b_i' = b b_i,   u' = b u   (movie factors unchanged).
 * A person folded in later gets their own b_u and u against the (rescaled) movie biases.
 */
import type { TrainingArrays } from '../core/data/indexing';
import type { ModelWeights } from './weights';

export interface Calibration {
  a: number;
  b: number;
}

/** Unclipped MF prediction of every row of `data`. */
export function predictRows(w: ModelWeights, data: TrainingArrays): Float64Array {
  const { dim: k, userFactors: P, movieFactors: Q, userBias, movieBias, globalMean: mu } = w;
  const out = new Float64Array(data.ratings.length);
  for (let s = 0; s < out.length; s++) {
    const u = data.users[s]!;
    const i = data.movies[s]!;
    let p = mu + userBias[u]! + movieBias[i]!;
    for (let f = 0; f < k; f++) p += P[u * k + f]! * Q[i * k + f]!;
    out[s] = p;
  }
  return out;
}

function clippedRmse(
  pred: Float64Array,
  y: ArrayLike<number>,
  c: Calibration,
  lo: number,
  hi: number,
) {
  let sse = 0;
  for (let s = 0; s < pred.length; s++) {
    const p = Math.min(hi, Math.max(lo, c.a + c.b * pred[s]!));
    sse += (p - y[s]!) ** 2;
  }
  return Math.sqrt(sse / Math.max(1, pred.length));
}

/**
 * The calibration of `w` on `valid` and the validation RMSE with it (clipped to the rating
 * range), or undefined when it does not help (or there are too few rows to fit it).
 */
export function fitCalibration(
  w: ModelWeights,
  valid: TrainingArrays,
): { calibration: Calibration; validRmse: number; before: number } | undefined {
  const n = valid.ratings.length;
  if (n < 100) return undefined;
  const pred = predictRows(w, valid);
  let sx = 0;
  let sy = 0;
  for (let s = 0; s < n; s++) {
    sx += pred[s]!;
    sy += valid.ratings[s]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let s = 0; s < n; s++) {
    const dx = pred[s]! - mx;
    sxy += dx * (valid.ratings[s]! - my);
    sxx += dx * dx;
  }
  if (!(sxx > 0)) return undefined;
  const b = sxy / sxx;
  const calibration = { a: my - b * mx, b };
  const [lo, hi] = w.ratingRange;
  const before = clippedRmse(pred, valid.ratings, { a: 0, b: 1 }, lo, hi);
  const validRmse = clippedRmse(pred, valid.ratings, calibration, lo, hi);
  // (a gain within rounding is no gain)
  return validRmse < before - 1e-6 ? { calibration, validRmse, before } : undefined;
}

/** `w` with the calibration folded in (see the header); `w` is not changed. */
export function applyCalibration(w: ModelWeights, { a, b }: Calibration): ModelWeights {
  return {
    ...w,
    globalMean: a + b * w.globalMean,
    userBias: w.userBias.map((x) => b * x),
    movieBias: w.movieBias.map((x) => b * x),
    userFactors: w.userFactors.map((x) => b * x),
  };
}

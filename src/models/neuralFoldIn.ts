/**
 * The neural model's fold-in, in plain JS on the weights' typed arrays: with the network frozen,
 * the movie side of the first layer is precomputed once per rated movie, so each Adam step is a
 * few small loops with no kernel launches or GPU syncs. Deterministic and backend-independent.
 */
import type { FoldedUser, FoldInRating } from '../core/recommend/foldin';
import { FOLD_IN } from './config';
import type { ModelWeights } from './weights';

export interface NeuralFoldInOptions {
  steps?: number;
  learningRate?: number;
  /**
   * Ridge weight on |u|^2 + b_u^2 against the SUM of squared errors, as in the MF fold-in
   * (default FOLD_IN.neuralLambda, measured; see config.ts).
   */
  lambda?: number;
  /** Warm start (e.g. the previous fold-in of the same user); default: the mean trained user. */
  init?: FoldedUser;
}

const meanUsers = new WeakMap<ModelWeights, FoldedUser>();

/** Mean of the trained user rows and biases: a neutral starting point for fold-in (cached). */
export function meanUser(w: ModelWeights): FoldedUser {
  const cached = meanUsers.get(w);
  if (cached) return { vector: cached.vector.slice(), bias: cached.bias };
  const vector = new Float32Array(w.dim);
  let bias = 0;
  for (let u = 0; u < w.numUsers; u++) {
    for (let d = 0; d < w.dim; d++) vector[d]! += w.userFactors[u * w.dim + d]!;
    bias += w.userBias[u]!;
  }
  for (let d = 0; d < w.dim; d++) vector[d]! /= w.numUsers;
  const mean = { vector, bias: bias / w.numUsers };
  meanUsers.set(w, mean);
  return { vector: vector.slice(), bias: mean.bias };
}

/**
 * Fold-in for the neural model: fits only the user's embedding and bias to their ratings with
 * the network and movie rows frozen, minimizing
 *   sum_j (f(u, b_u, v_j, b_j) - r_j)^2 + lambda (|u|^2 + b_u^2)
 * with Adam for a fixed number of steps. Works for MF weights too (f = dot + biases).
 */
export function foldInNeural(
  w: ModelWeights,
  ratings: readonly FoldInRating[],
  opts: NeuralFoldInOptions = {},
): FoldedUser {
  const steps = opts.steps ?? FOLD_IN.neuralSteps;
  const lr = opts.learningRate ?? FOLD_IN.neuralLearningRate;
  const start = opts.init ?? meanUser(w);
  const dim = w.dim;
  const valid = ratings.filter((r) => r.movieIndex >= 0 && r.movieIndex < w.numMovies);
  const n = valid.length;
  // Parameters: p[0..dim) = u, p[dim] = b_u.
  const p = new Float64Array(dim + 1);
  p.set(start.vector);
  p[dim] = start.bias;
  if (n === 0) return { vector: Float32Array.from(p.subarray(0, dim)), bias: p[dim]! };
  // The loop below works on the mean squared error, so the ridge weight is divided by n.
  const l2 = (opts.lambda ?? FOLD_IN.neuralLambda) / n;
  const grad = new Float64Array(dim + 1);
  const m1 = new Float64Array(dim + 1);
  const m2 = new Float64Array(dim + 1);
  const [lo, hi] = w.ratingRange;
  const layers = w.dense;
  const isMf = w.kind === 'mf';
  // Movie-side constants: for the first layer, c_j = W_v^T v_j + w_bi * b_j + b1.
  const first = layers[0];
  const h1 = first ? first.outSize : 0;
  const c = new Float64Array(n * h1);
  if (first) {
    const k = first.kernel;
    for (let j = 0; j < n; j++) {
      const mi = valid[j]!.movieIndex;
      for (let o = 0; o < h1; o++) {
        let s = first.bias[o]! + k[(2 * dim + 1) * h1 + o]! * w.movieBias[mi]!;
        for (let d = 0; d < dim; d++) s += k[(dim + d) * h1 + o]! * w.movieFactors[mi * dim + d]!;
        c[j * h1 + o] = s;
      }
    }
  }
  const acts: Float64Array[] = layers.map((l) => new Float64Array(l.outSize));
  const deltas: Float64Array[] = layers.map((l) => new Float64Array(l.outSize));
  const a = new Float64Array(h1);
  const gA = new Float64Array(h1);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= steps; t++) {
    grad.fill(0);
    if (isMf) {
      for (const { movieIndex: mi, rating } of valid) {
        let pred = w.globalMean + p[dim]! + w.movieBias[mi]!;
        for (let d = 0; d < dim; d++) pred += p[d]! * w.movieFactors[mi * dim + d]!;
        const g = (2 * (pred - rating)) / n;
        for (let d = 0; d < dim; d++) grad[d]! += g * w.movieFactors[mi * dim + d]!;
        grad[dim]! += g;
      }
    } else {
      const k0 = first!.kernel;
      // a = W_u^T u + w_bu * b_u (shared by all ratings of this user)
      for (let o = 0; o < h1; o++) {
        let s = k0[2 * dim * h1 + o]! * p[dim]!;
        for (let d = 0; d < dim; d++) s += k0[d * h1 + o]! * p[d]!;
        a[o] = s;
      }
      gA.fill(0);
      for (let j = 0; j < n; j++) {
        // forward
        const z0 = acts[0]!;
        for (let o = 0; o < h1; o++) z0[o] = a[o]! + c[j * h1 + o]!;
        for (let l = 0; l < layers.length; l++) {
          const out = acts[l]!;
          if (l > 0) {
            const L = layers[l]!;
            const inp = acts[l - 1]!;
            for (let o = 0; o < L.outSize; o++) {
              let s = L.bias[o]!;
              for (let i = 0; i < L.inSize; i++) s += inp[i]! * L.kernel[i * L.outSize + o]!;
              out[o] = s;
            }
          }
          if (l < layers.length - 1)
            for (let o = 0; o < out.length; o++) if (out[o]! < 0) out[o] = 0;
        }
        const z = acts[layers.length - 1]![0]!;
        const sg = 1 / (1 + Math.exp(-z));
        const pred = lo + (hi - lo) * sg;
        // backward to the first layer's pre-activation
        let d = deltas[layers.length - 1]!;
        d[0] = ((2 * (pred - valid[j]!.rating)) / n) * (hi - lo) * sg * (1 - sg);
        for (let l = layers.length - 1; l > 0; l--) {
          const L = layers[l]!;
          const prev = deltas[l - 1]!;
          const inp = acts[l - 1]!;
          for (let i = 0; i < L.inSize; i++) {
            let s = 0;
            for (let o = 0; o < L.outSize; o++) s += L.kernel[i * L.outSize + o]! * d[o]!;
            prev[i] = inp[i]! > 0 ? s : 0; // ReLU'
          }
          d = prev;
        }
        for (let o = 0; o < h1; o++) gA[o]! += d[o]!;
      }
      for (let dd = 0; dd < dim; dd++) {
        let s = 0;
        for (let o = 0; o < h1; o++) s += k0[dd * h1 + o]! * gA[o]!;
        grad[dd] = s;
      }
      let s = 0;
      for (let o = 0; o < h1; o++) s += k0[2 * dim * h1 + o]! * gA[o]!;
      grad[dim] = s;
    }
    const bc1 = 1 - Math.pow(b1, t);
    const bc2 = 1 - Math.pow(b2, t);
    for (let i = 0; i <= dim; i++) {
      const g = grad[i]! + 2 * l2 * p[i]!;
      m1[i] = b1 * m1[i]! + (1 - b1) * g;
      m2[i] = b2 * m2[i]! + (1 - b2) * g * g;
      p[i]! -= (lr * (m1[i]! / bc1)) / (Math.sqrt(m2[i]! / bc2) + 1e-8);
    }
  }
  return { vector: Float32Array.from(p.subarray(0, dim)), bias: p[dim]! };
}

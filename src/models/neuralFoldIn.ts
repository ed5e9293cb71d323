/**
 * The neural model's fold-in, in plain JS on the weights' typed arrays: with the network and
 * the movie rows frozen, only the user's row p = [u, b_u] (dim + 1 numbers) is fitted, by
 * Levenberg-Marquardt (damped Gauss-Newton) on
 *   F(p) = sum_j (f(p, v_j, b_j) - r_j)^2 + lambda |p|^2.
 * Each pass runs the network once per rated movie and backpropagates the scalar output to the
 * first layer for the analytic Jacobian row J_j = d f_j / d p, accumulating J^T J and J^T e; the
 * step solves (J^T J + (lambda + mu) I) delta = -(J^T e + lambda p) by Cholesky on the
 * (dim + 1)^2 system. The movie side of the first layer is computed once per rated movie. So a
 * fold-in is a handful of passes of small loops: no tf, no kernel launches, deterministic and
 * backend-independent. Works for MF weights too (f = mu + b_u + b_i + u.v, linear: one step).
 */
import {
  choleskySolve,
  foldIn,
  type FoldedUser,
  type FoldInRating,
} from '../core/recommend/foldin';
import { FOLD_IN, foldInLambda } from './config';
import type { ModelWeights } from './weights';

export interface NeuralFoldInOptions {
  /** Most Levenberg-Marquardt passes (default FOLD_IN.neuralSteps). */
  steps?: number;
  /**
   * Ridge weight on |u|^2 + b_u^2 against the SUM of squared errors, as in the MF fold-in
   * (default FOLD_IN.neuralLambda, measured; see config.ts).
   */
  lambda?: number;
  /** Stop when a pass lowers F by less than this fraction (default FOLD_IN.neuralTolerance). */
  tolerance?: number;
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

/** Residuals and normal equations of one pass, for p = [u, b_u]. */
interface Pass {
  /** F(p) */
  objective: number;
  /** J^T J, (dim + 1)^2 row-major (upper triangle filled, then mirrored) */
  jtj: Float64Array;
  /** J^T e */
  jte: Float64Array;
}

/**
 * The network as a function of p for the rated movies: evaluate(p, out) fills out with F(p),
 * J^T J and J^T e.
 */
function userProblem(
  w: ModelWeights,
  valid: readonly FoldInRating[],
  lambda: number,
): (p: Float64Array, out: Pass) => void {
  const dim = w.dim;
  const n = valid.length;
  const P = dim + 1;
  const jrow = new Float64Array(P);
  const accumulate = (out: Pass, e: number): void => {
    const { jtj, jte } = out;
    for (let a = 0; a < P; a++) {
      const ja = jrow[a]!;
      jte[a]! += e * ja;
      for (let b = a; b < P; b++) jtj[a * P + b]! += ja * jrow[b]!;
    }
  };
  const finish = (p: Float64Array, out: Pass, sse: number): void => {
    let reg = 0;
    for (let a = 0; a < P; a++) reg += p[a]! * p[a]!;
    out.objective = sse + lambda * reg;
    for (let a = 0; a < P; a++)
      for (let b = 0; b < a; b++) out.jtj[a * P + b] = out.jtj[b * P + a]!;
  };
  const reset = (out: Pass): void => {
    out.jtj.fill(0);
    out.jte.fill(0);
  };
  if (w.kind === 'mf') {
    return (p, out) => {
      reset(out);
      let sse = 0;
      for (const { movieIndex: mi, rating } of valid) {
        let pred = w.globalMean + p[dim]! + w.movieBias[mi]!;
        for (let d = 0; d < dim; d++) {
          const x = w.movieFactors[mi * dim + d]!;
          pred += p[d]! * x;
          jrow[d] = x;
        }
        jrow[dim] = 1;
        const e = pred - rating;
        sse += e * e;
        accumulate(out, e);
      }
      finish(p, out, sse);
    };
  }
  const layers = w.dense;
  const first = layers[0]!;
  const h1 = first.outSize;
  const k0 = first.kernel;
  const product = w.product === true;
  // Kernel rows of the first layer: u [0, dim), v [dim, 2 dim), b_u 2 dim, b_i 2 dim + 1,
  // u⊙v [2 dim + 2, 3 dim + 2).
  const rowBu = 2 * dim * h1;
  const rowUv = (2 * dim + 2) * h1;
  // Movie side of the first layer, once per rated movie: c_j = W_v^T v_j + w_bi b_j + b1.
  const c = new Float64Array(n * h1);
  for (let j = 0; j < n; j++) {
    const mi = valid[j]!.movieIndex;
    const cj = c.subarray(j * h1, (j + 1) * h1);
    const bj = w.movieBias[mi]!;
    for (let o = 0; o < h1; o++) cj[o] = first.bias[o]! + k0[(2 * dim + 1) * h1 + o]! * bj;
    for (let d = 0; d < dim; d++) {
      const x = w.movieFactors[mi * dim + d]!;
      const row = (dim + d) * h1;
      for (let o = 0; o < h1; o++) cj[o]! += k0[row + o]! * x;
    }
  }
  const acts = layers.map((l) => new Float64Array(l.outSize));
  const deltas = layers.map((l) => new Float64Array(l.outSize));
  const a = new Float64Array(h1);
  const active = new Int32Array(h1);
  const [lo, hi] = w.ratingRange;
  const last = layers.length - 1;
  return (p, out) => {
    reset(out);
    // a = W_u^T u + w_bu b_u, shared by all ratings of this user
    for (let o = 0; o < h1; o++) a[o] = k0[rowBu + o]! * p[dim]!;
    for (let d = 0; d < dim; d++) {
      const x = p[d]!;
      const row = d * h1;
      for (let o = 0; o < h1; o++) a[o]! += k0[row + o]! * x;
    }
    let sse = 0;
    for (let j = 0; j < n; j++) {
      const mi = valid[j]!.movieIndex;
      // forward
      const z0 = acts[0]!;
      for (let o = 0; o < h1; o++) z0[o] = a[o]! + c[j * h1 + o]!;
      if (product) {
        for (let d = 0; d < dim; d++) {
          const x = p[d]! * w.movieFactors[mi * dim + d]!;
          const row = rowUv + d * h1;
          for (let o = 0; o < h1; o++) z0[o]! += k0[row + o]! * x;
        }
      }
      for (let l = 0; l <= last; l++) {
        const act = acts[l]!;
        if (l > 0) {
          const L = layers[l]!;
          const inp = acts[l - 1]!;
          const m = L.outSize;
          for (let o = 0; o < m; o++) act[o] = L.bias[o]!;
          for (let i = 0; i < L.inSize; i++) {
            const x = inp[i]!;
            if (x === 0) continue;
            const row = i * m;
            for (let o = 0; o < m; o++) act[o]! += L.kernel[row + o]! * x;
          }
        }
        if (l < last) for (let o = 0; o < act.length; o++) if (act[o]! < 0) act[o] = 0;
      }
      const z = acts[last]![0]!;
      const sg = 1 / (1 + Math.exp(-z));
      const e = lo + (hi - lo) * sg - valid[j]!.rating;
      sse += e * e;
      // backward: d pred / d (first layer's pre-activation)
      let dl = deltas[last]!;
      dl[0] = (hi - lo) * sg * (1 - sg);
      for (let l = last; l > 0; l--) {
        const L = layers[l]!;
        const prev = deltas[l - 1]!;
        const inp = acts[l - 1]!;
        const m = L.outSize;
        for (let i = 0; i < L.inSize; i++) {
          if (inp[i]! <= 0) {
            prev[i] = 0; // ReLU'
            continue;
          }
          let s = 0;
          const row = i * m;
          for (let o = 0; o < m; o++) s += L.kernel[row + o]! * dl[o]!;
          prev[i] = s;
        }
        dl = prev;
      }
      // Jacobian row: d z0 / d u_d = W_u[d] + v_jd W_uv[d]; d z0 / d b_u = w_bu. Only the
      // first layer's active units (nonzero delta) contribute.
      let na = 0;
      for (let o = 0; o < h1; o++) if (dl[o] !== 0) active[na++] = o;
      for (let d = 0; d < dim; d++) {
        const row = d * h1;
        let s = 0;
        if (product) {
          const ru = rowUv + row;
          let t = 0;
          for (let q = 0; q < na; q++) {
            const o = active[q]!;
            const g = dl[o]!;
            s += k0[row + o]! * g;
            t += k0[ru + o]! * g;
          }
          s += w.movieFactors[mi * dim + d]! * t;
        } else {
          for (let q = 0; q < na; q++) {
            const o = active[q]!;
            s += k0[row + o]! * dl[o]!;
          }
        }
        jrow[d] = s;
      }
      let sb = 0;
      for (let o = 0; o < h1; o++) sb += k0[rowBu + o]! * dl[o]!;
      jrow[dim] = sb;
      accumulate(out, e);
    }
    finish(p, out, sse);
  };
}

/**
 * Fold-in for the neural model: fits only the user's embedding and bias to their ratings with
 * the network and movie rows frozen (see the header). Works for MF weights too.
 */
export function foldInNeural(
  w: ModelWeights,
  ratings: readonly FoldInRating[],
  opts: NeuralFoldInOptions = {},
): FoldedUser {
  const steps = opts.steps ?? (w.fromMf ? FOLD_IN.neuralStepsFromMf : FOLD_IN.neuralSteps);
  const valid = ratings.filter((r) => r.movieIndex >= 0 && r.movieIndex < w.numMovies);
  // A model started from the MF keeps its rows on the MF's scale: the MF's ridge weight fits.
  const lambda = opts.lambda ?? (w.fromMf ? foldInLambda(valid.length) : FOLD_IN.neuralLambda);
  const tolerance = opts.tolerance ?? FOLD_IN.neuralTolerance;
  // A model started from the MF predicts ~ the MF through the sigmoid: the MF's closed-form
  // fold-in on its own rows (a ridge solve, well under a millisecond) is where its passes start,
  // whatever an earlier fold-in left (config.ts FOLD_IN: no pass measured better than none).
  const start =
    w.fromMf && valid.length > 0 ? foldIn(valid, w, lambda) : (opts.init ?? meanUser(w));
  const dim = w.dim;
  const P = dim + 1;
  let p = new Float64Array(P);
  p.set(start.vector);
  p[dim] = start.bias;
  const result = (): FoldedUser => ({
    vector: Float32Array.from(p.subarray(0, dim)),
    bias: p[dim]!,
  });
  if (valid.length === 0 || steps <= 0) return result();
  const evaluate = userProblem(w, valid, lambda);
  const pass = (): Pass => ({
    objective: 0,
    jtj: new Float64Array(P * P),
    jte: new Float64Array(P),
  });
  let cur = pass();
  let next = pass();
  evaluate(p, cur);
  let trace = 0;
  for (let a = 0; a < P; a++) trace += cur.jtj[a * P + a]!;
  // Levenberg's damping, relative to the curvature's scale; shrinks after good steps.
  let mu = 1e-3 * (trace / P + lambda);
  const sys = new Float64Array(P * P);
  const rhs = new Float64Array(P);
  let trial = new Float64Array(P);
  for (let it = 0; it < steps; it++) {
    sys.set(cur.jtj);
    for (let a = 0; a < P; a++) {
      sys[a * P + a]! += lambda + mu;
      rhs[a] = -(cur.jte[a]! + lambda * p[a]!);
    }
    const delta = choleskySolve(sys, rhs, P);
    for (let a = 0; a < P; a++) trial[a] = p[a]! + delta[a]!;
    evaluate(trial, next);
    if (next.objective < cur.objective) {
      const gain = (cur.objective - next.objective) / cur.objective;
      [p, trial] = [trial, p];
      [cur, next] = [next, cur];
      mu *= 0.3;
      if (gain < tolerance) break;
    } else {
      mu = mu * 10 + 1e-9;
    }
  }
  return result();
}

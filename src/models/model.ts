/**
 * What the trainer needs from a collaborative model, and the creation of initial weights
 * (seeded, in JS, so every backend starts from the same numbers; warm start included).
 */
import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import { ReelError } from '../core/errors';
import { createRng, deriveSeed, type Rng } from '../core/eval/rng';
import type { TrainConfig } from './config';
import type { Lookup } from './sparseGather';
import type { RatingModelKind } from '../core/kinds';
import { denseShapes, WEIGHTS_FORMAT, type ModelWeights } from './weights';

/** Ratings per user and per movie in the training rows (for frequency-weighted penalties). */
export interface RowCounts {
  users: Float32Array;
  movies: Float32Array;
}

/** Per-row penalty weights (meanCount / count)^alpha as [rows, 1] data; null when alpha = 0. */
export function penaltyWeights(counts: Float32Array, alpha: number): Float32Array | null {
  if (alpha === 0) return null;
  let total = 0;
  let nonZero = 0;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i]!;
    if (counts[i]! > 0) nonZero++;
  }
  const mean = total / Math.max(1, nonZero);
  return counts.map((c) => Math.pow(mean / Math.max(1, c), alpha));
}

export function countRows(indices: Int32Array, numRows: number): Float32Array {
  const c = new Float32Array(numRows);
  for (let i = 0; i < indices.length; i++) c[indices[i]!]!++;
  return c;
}

/** One batch of (user, movie) lookups. Owned by the caller. */
export interface Batch {
  users: Lookup;
  movies: Lookup;
  size: number;
}

export interface CfModel {
  readonly kind: RatingModelKind;
  readonly trainable: tf.Variable[];
  /**
   * Predictions (unclipped) and the batch's regularization term; call inside tf.tidy or an
   * optimizer's minimize.
   */
  forward(batch: Batch): { pred: tf.Tensor1D; penalty: tf.Scalar };
  /**
   * Optional closed-form gradients of mean squared error + penalty for a batch (faster than
   * autodiff); keyed by variable name. Call inside tf.tidy.
   */
  gradients?(batch: Batch, ratings: tf.Tensor1D): { mse: tf.Scalar; grads: tf.NamedTensorMap };
  /**
   * Optional: one whole training step done by the model itself (e.g. the neural model's lazy
   * Adam on JS-side embedding tables); `optimizer` updates what stays in tf. Returns the batch's
   * mean squared error (caller disposes).
   */
  trainStep?(
    batch: Batch,
    ratings: tf.Tensor1D,
    optimizer: tf.Optimizer,
    learningRate: number,
  ): Promise<tf.Scalar>;
  /** Downloads the current weights. */
  toWeights(): Promise<ModelWeights>;
  dispose(): void;
}

function normals(n: number, std: number, rng: Rng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.nextNormal() * std;
  return a;
}

/** Glorot-uniform kernel. */
function glorot(inSize: number, outSize: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (inSize + outSize));
  const a = new Float32Array(inSize * outSize);
  for (let i = 0; i < a.length; i++) a[i] = (rng.next() * 2 - 1) * limit;
  return a;
}

/**
 * Initial weights for training: fresh (seeded) or, with `init`, a warm start that keeps the
 * trained rows and adds small random rows for users beyond init.numUsers.
 */
export function initialWeights(
  config: TrainConfig,
  numUsers: number,
  numMovies: number,
  globalMean: number,
  init?: ModelWeights,
): ModelWeights {
  const rng = createRng(deriveSeed(config.seed, 'init'));
  const { dim } = config;
  const hidden = config.kind === 'neural' ? [...config.hidden] : [];
  const product = config.kind === 'neural' && config.product === true;
  if (init) {
    const same =
      init.kind === config.kind &&
      init.dim === dim &&
      init.hidden.length === hidden.length &&
      init.hidden.every((h, i) => h === hidden[i]) &&
      (init.product === true) === product &&
      init.numMovies === numMovies &&
      init.numUsers <= numUsers;
    if (!same) {
      throw new ReelError(
        'model-invalid',
        'The saved model does not match the training settings; train a new one.',
        `init ${init.kind}/${init.dim}/${init.hidden.join('x')}/${init.numUsers}x${init.numMovies}`,
      );
    }
    const userFactors = new Float32Array(numUsers * dim);
    userFactors.set(init.userFactors);
    userFactors.set(
      normals((numUsers - init.numUsers) * dim, config.initStd, rng),
      init.userFactors.length,
    );
    const userBias = new Float32Array(numUsers);
    userBias.set(init.userBias);
    return {
      ...init,
      hidden: [...init.hidden],
      numUsers,
      userFactors,
      userBias,
      movieFactors: init.movieFactors.slice(),
      movieBias: init.movieBias.slice(),
      dense: init.dense.map((l) => ({ ...l, kernel: l.kernel.slice(), bias: l.bias.slice() })),
    };
  }
  const [lo, hi] = config.ratingRange;
  const dense = denseShapes(dim, hidden, product).map((s, i, all) => {
    const bias = new Float32Array(s.outSize);
    if (i === all.length - 1) {
      // Start the output at the global mean: sigmoid(b) = (mu - lo) / (hi - lo).
      const p = Math.min(0.99, Math.max(0.01, (globalMean - lo) / (hi - lo)));
      bias[0] = Math.log(p / (1 - p));
    }
    return { ...s, kernel: glorot(s.inSize, s.outSize, rng), bias };
  });
  if (product && config.mfPath) mfPathInit(dense, dim, globalMean, [lo, hi]);
  return {
    format: WEIGHTS_FORMAT,
    kind: config.kind,
    dim,
    hidden,
    numUsers,
    numMovies,
    globalMean,
    ratingRange: config.kind === 'neural' ? [lo, hi] : [1, 5],
    userFactors: normals(numUsers * dim, config.initStd, rng),
    movieFactors: normals(numMovies * dim, config.initStd, rng),
    userBias: new Float32Array(numUsers),
    movieBias: new Float32Array(numMovies),
    dense: config.kind === 'neural' ? dense : [],
    ...(product ? { product: true } : {}),
  };
}

/**
 * Fresh neural weights that start from a trained MF (train.ts `fromMf`): its factor rows and
 * biases (users beyond the MF's get small random rows), its global mean, and the dense stack
 * started as the MF path (mfPathInit), so the first epoch starts near the MF's predictions seen
 * through the sigmoid. Needs config.dim = mf.dim and the u⊙v input; users beyond numUsers in
 * the MF are left out.
 */
export function pretrainFromMf(
  config: TrainConfig,
  numUsers: number,
  numMovies: number,
  mf: ModelWeights,
): ModelWeights {
  if (
    config.kind !== 'neural' ||
    mf.kind !== 'mf' ||
    mf.dim !== config.dim ||
    mf.numMovies !== numMovies ||
    config.product !== true
  )
    throw new ReelError(
      'model-invalid',
      'The matrix factorizer does not match the neural model’s settings; train it again.',
      `mf ${mf.dim}/${mf.numUsers}x${mf.numMovies}, neural ${config.dim}/${numUsers}x${numMovies}`,
    );
  const w = initialWeights({ ...config, mfPath: true }, numUsers, numMovies, mf.globalMean);
  // (an MF retrained with the person's ratings has one more user row than the data set: cut)
  const users = Math.min(numUsers, mf.numUsers);
  w.userFactors.set(mf.userFactors.subarray(0, users * mf.dim));
  w.movieFactors.set(mf.movieFactors);
  w.userBias.set(mf.userBias.subarray(0, users));
  w.movieBias.set(mf.movieBias);
  return { ...w, fromMf: true };
}

/**
 * Makes unit 0 of every layer an MF path (config.ts `mfPath`): layer 1's unit 0 sums b_u, b_i and
 * u⊙v (weight 1) plus mu as its bias, positive for any rating-like value so the ReLU passes it;
 * each later hidden layer's unit 0 copies it; the output weighs it by the sigmoid's inverse slope
 * at the middle of [lo, hi], so the start predicts ~ mu + b_u + b_i + u.v. The other units'
 * weights into the output are scaled down (they start as small corrections).
 * Input rows: u [0, dim), v [dim, 2 dim), b_u 2 dim, b_i 2 dim + 1, u⊙v [2 dim + 2, 3 dim + 2).
 */
function mfPathInit(
  dense: { inSize: number; outSize: number; kernel: Float32Array; bias: Float32Array }[],
  dim: number,
  globalMean: number,
  [lo, hi]: [number, number],
): void {
  dense.forEach((l, i) => {
    const last = i === dense.length - 1;
    const out = l.outSize;
    if (last) {
      const slope = 4 / (hi - lo); // sigmoid'(0) = 1/4, scaled by (hi - lo)
      for (let r = 0; r < l.inSize; r++) l.kernel[r * out]! *= 0.1;
      l.kernel[0] = slope;
      l.bias[0] = -slope * ((lo + hi) / 2);
      return;
    }
    for (let r = 0; r < l.inSize; r++) l.kernel[r * out] = 0;
    if (i === 0) {
      l.kernel[2 * dim * out] = 1;
      l.kernel[(2 * dim + 1) * out] = 1;
      for (let d = 0; d < dim; d++) l.kernel[(2 * dim + 2 + d) * out] = 1;
      l.bias[0] = globalMean;
    } else {
      l.kernel[0] = 1;
      l.bias[0] = 0;
    }
  });
}

let variableCounter = 0;
/** A unique variable name (tf.js refuses two live variables with the same name). */
function variableName(base: string): string {
  return `${base}#${++variableCounter}`;
}

/** A trainable variable holding a copy of `values` (the temporary tensor is disposed). */
export function makeVariable<R extends tf.Rank = tf.Rank.R2>(
  values: Float32Array,
  shape: number[],
  base: string,
): tf.Variable<R> {
  return tf.tidy(() =>
    tf.variable(tf.tensor(values, shape), true, variableName(base)),
  ) as unknown as tf.Variable<R>;
}

/**
 * Reads a variable back into a typed array (a copy). Asynchronous on purpose: a synchronous read
 * (dataSync) on WebGPU goes through a canvas and, on some adapters (SwiftShader's, measured), leaves
 * the device broken: every later kernel returns zeros. Reel never reads tensors synchronously.
 */
export async function readVariable(v: tf.Variable): Promise<Float32Array> {
  return Float32Array.from((await v.data()) as Float32Array);
}

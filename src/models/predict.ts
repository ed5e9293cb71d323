/**
 * Serving: scores for one user over all movies in one tf pass, and batched pair predictions for
 * evaluation. Scores are unclipped unless asked (ranking wants the raw order; displays clip).
 * The neural model's fold-in is plain JS, in neuralFoldIn.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { neuralHead, neuralInputs } from './neural';
import type { ModelWeights } from './weights';

export interface ScoreOptions {
  /** Clip to the 1..5 rating scale. Default false. */
  clip?: boolean;
}

/** tf tensors of a model's weights, uploaded once for repeated scoring. */
export interface ServingModel {
  readonly weights: ModelWeights;
  /** Scores of all movies for a user given by vector and bias (trained row or fold-in). */
  scoreUser(userVector: Float32Array, userBias: number, opts?: ScoreOptions): Promise<Float32Array>;
  /** Scores of (users[i], movies[i]) pairs of trained users. */
  predictPairs(users: Int32Array, movies: Int32Array, opts?: ScoreOptions): Promise<Float32Array>;
  dispose(): void;
}

export function createServingModel(weights: ModelWeights): ServingModel {
  const { dim, numMovies, numUsers } = weights;
  const movieFactors = tf.tensor2d(weights.movieFactors, [numMovies, dim]);
  const movieBias = tf.tensor2d(weights.movieBias, [numMovies, 1]);
  const layers = weights.dense.map((l) => ({
    kernel: tf.tensor2d(l.kernel, [l.inSize, l.outSize]),
    bias: tf.tensor1d(l.bias),
  }));
  let userFactors: tf.Tensor2D | null = null;
  let userBias: tf.Tensor2D | null = null;
  // Neural scoring of one person over every movie: the first layer splits by its input parts
  // (rows u, v, b_u, b_i, u⊙v of its kernel). The movies' part v K_v + b_i K_bi + b is the same
  // for everyone (computed once, kept); the person's u K_u + b_u K_bu is one row; and the u⊙v
  // part is V (diag(u) K_p), one [movies x dim] x [dim x width] product, instead of the whole
  // first layer over tiled copies of the person's row.
  let firstSplit: {
    movieTerm: tf.Tensor2D;
    ku: tf.Tensor2D;
    kbu: tf.Tensor2D;
    kp: tf.Tensor2D | null;
  } | null = null;
  const splitFirst = () => {
    if (firstSplit) return firstSplit;
    const { kernel, bias } = layers[0]!;
    const width = kernel.shape[1];
    const rows = (from: number, count: number) =>
      tf.slice(kernel, [from, 0], [count, width]) as tf.Tensor2D;
    const [movieTerm, ku, kbu] = tf.tidy(() => [
      tf.add(
        tf.add(tf.matMul(movieFactors, rows(dim, dim)), tf.matMul(movieBias, rows(2 * dim + 1, 1))),
        bias,
      ) as tf.Tensor2D,
      rows(0, dim),
      rows(2 * dim, 1),
    ]);
    const kp = weights.product ? rows(2 * dim + 2, dim) : null;
    firstSplit = { movieTerm: movieTerm!, ku: ku!, kbu: kbu!, kp };
    return firstSplit;
  };
  const clipped = (t: tf.Tensor, opts?: ScoreOptions): tf.Tensor =>
    opts?.clip ? tf.clipByValue(t, 1, 5) : t;
  // Never dataSync: see readVariable in model.ts (a synchronous read can break a WebGPU device).
  const read = async (t: tf.Tensor): Promise<Float32Array> => {
    try {
      return Float32Array.from((await t.data()) as Float32Array);
    } finally {
      t.dispose();
    }
  };
  const score = (u: tf.Tensor2D, bu: tf.Tensor2D, v: tf.Tensor2D, bi: tf.Tensor2D): tf.Tensor1D =>
    weights.kind === 'mf'
      ? (tf.reshape(
          tf.add(tf.add(tf.sum(tf.mul(u, v), 1, true), tf.add(bu, bi)), weights.globalMean),
          [-1],
        ) as tf.Tensor1D)
      : neuralHead(
          neuralInputs(u, v, bu, bi, weights.product === true),
          layers,
          weights.ratingRange,
        );
  return {
    weights,
    async scoreUser(userVector, userBiasValue, opts) {
      if (userVector.length !== dim)
        throw new RangeError(`user vector has ${userVector.length} values, not ${dim}`);
      // (made before the tidy below: it is kept for later calls)
      const f = weights.kind === 'neural' ? splitFirst() : null;
      return read(
        tf.tidy(() => {
          if (!f) {
            const s = tf.add(
              tf.add(tf.matMul(movieFactors, tf.tensor2d(userVector, [dim, 1])), movieBias),
              weights.globalMean + userBiasValue,
            );
            return clipped(tf.reshape(s, [-1]), opts);
          }
          const u = tf.tensor2d(userVector, [1, dim]);
          const personRow = tf.add(tf.matMul(u, f.ku), tf.mul(f.kbu, userBiasValue));
          let pre = tf.add(f.movieTerm, personRow) as tf.Tensor2D;
          if (f.kp)
            pre = tf.add(pre, tf.matMul(movieFactors, tf.mul(f.kp, tf.reshape(u, [dim, 1]))));
          return clipped(neuralHead([], layers, weights.ratingRange, pre), opts);
        }),
      );
    },
    async predictPairs(users, movies, opts) {
      if (!userFactors) {
        userFactors = tf.tensor2d(weights.userFactors, [numUsers, dim]);
        userBias = tf.tensor2d(weights.userBias, [numUsers, 1]);
      }
      const out = new Float32Array(users.length);
      const step = 65536;
      for (let s = 0; s < users.length; s += step) {
        const e = Math.min(users.length, s + step);
        const part = tf.tidy(() => {
          const ui = tf.tensor2d(users.subarray(s, e), [e - s, 1], 'int32');
          const mi = tf.tensor2d(movies.subarray(s, e), [e - s, 1], 'int32');
          const u = tf.gatherND(userFactors!, ui) as tf.Tensor2D;
          const bu = tf.gatherND(userBias!, ui) as tf.Tensor2D;
          const v = tf.gatherND(movieFactors, mi) as tf.Tensor2D;
          const bi = tf.gatherND(movieBias, mi) as tf.Tensor2D;
          return clipped(score(u, bu, v, bi), opts);
        });
        out.set(await read(part), s);
      }
      return out;
    },
    dispose() {
      movieFactors.dispose();
      movieBias.dispose();
      for (const l of layers) {
        l.kernel.dispose();
        l.bias.dispose();
      }
      userFactors?.dispose();
      userBias?.dispose();
      if (firstSplit) {
        const { movieTerm, ku, kbu, kp } = firstSplit;
        for (const t of [movieTerm, ku, kbu, kp]) t?.dispose();
      }
    },
  };
}

async function withServing<T>(
  m: ModelWeights | ServingModel,
  f: (s: ServingModel) => Promise<T>,
): Promise<T> {
  if ('scoreUser' in m) return f(m);
  const s = createServingModel(m);
  try {
    return await f(s);
  } finally {
    s.dispose();
  }
}

/** Scores of (users[i], movies[i]) pairs of trained users. */
export function predictPairs(
  model: ModelWeights | ServingModel,
  users: Int32Array,
  movies: Int32Array,
  opts?: ScoreOptions,
): Promise<Float32Array> {
  return withServing(model, (s) => s.predictPairs(users, movies, opts));
}

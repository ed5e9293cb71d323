/**
 * The neural model (the original design): [user embedding, movie embedding, user bias, movie
 * bias] concatenated -> ReLU dense layers -> one sigmoid unit scaled to [lo, hi].
 * Regularization as in mf.ts on the looked-up rows, plus optional L2 on dense kernels.
 * Choice of output range and sizes: see the measurements in config.ts (DEFAULT_NEURAL_CONFIG).
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from './config';
import {
  makeVariable,
  penaltyWeights,
  readVariable,
  type Batch,
  type CfModel,
  type RowCounts,
} from './model';
import { dense, denseOfParts } from './dense';
import { sparseGather } from './sparseGather';
import type { ModelWeights } from './weights';

/**
 * The dense stack on input parts [user rows, movie rows, user biases, movie biases] (their
 * concatenation, without building it); returns lo + (hi - lo) * sigmoid(z), shape [B].
 */
export function neuralHead(
  parts: tf.Tensor2D[],
  layers: { kernel: tf.Tensor2D; bias: tf.Tensor1D }[],
  ratingRange: [number, number],
): tf.Tensor1D {
  let h: tf.Tensor2D | null = null;
  for (let i = 0; i < layers.length; i++) {
    const act = i === layers.length - 1 ? 'linear' : 'relu';
    const { kernel, bias } = layers[i]!;
    h = h === null ? denseOfParts(parts, kernel, bias, act) : dense(h, kernel, bias, act);
  }
  const [lo, hi] = ratingRange;
  return tf.add(tf.mul(tf.sigmoid(tf.reshape(h!, [-1])), hi - lo), lo) as tf.Tensor1D;
}

export function createNeural(
  weights: ModelWeights,
  config: TrainConfig,
  counts?: RowCounts,
): CfModel {
  const { numUsers, numMovies, dim } = weights;
  const wu = counts && penaltyWeights(counts.users, config.regAlpha);
  const wm = counts && penaltyWeights(counts.movies, config.regAlpha);
  const userW = wu ? tf.tensor2d(wu, [numUsers, 1]) : null;
  const movieW = wm ? tf.tensor2d(wm, [numMovies, 1]) : null;
  const weigh = (rows: tf.Tensor2D, w: tf.Tensor2D | null, lookup: Batch['users']): tf.Tensor2D =>
    w ? (tf.mul(rows, tf.gatherND(w, lookup.indices)) as tf.Tensor2D) : rows;
  const userFactors = makeVariable(weights.userFactors, [numUsers, dim], `nn/userFactors`);
  const movieFactors = makeVariable(weights.movieFactors, [numMovies, dim], `nn/movieFactors`);
  const userBias = makeVariable(weights.userBias, [numUsers, 1], `nn/userBias`);
  const movieBias = makeVariable(weights.movieBias, [numMovies, 1], `nn/movieBias`);
  const layers = weights.dense.map((l, i) => ({
    kernel: makeVariable(l.kernel, [l.inSize, l.outSize], `nn/dense${i}/kernel`),
    bias: makeVariable<tf.Rank.R1>(l.bias, [l.bias.length], `nn/dense${i}/bias`),
  }));
  const trainable: tf.Variable[] = [userFactors, movieFactors, userBias, movieBias];
  for (const l of layers) trainable.push(l.kernel, l.bias);
  return {
    kind: 'neural',
    trainable,
    forward(batch: Batch) {
      const u = sparseGather(userFactors, batch.users);
      const v = sparseGather(movieFactors, batch.movies);
      const bu = sparseGather(userBias, batch.users);
      const bi = sparseGather(movieBias, batch.movies);
      const pred = neuralHead([u, v, bu, bi], layers, weights.ratingRange);
      const inv = 1 / batch.size;
      let penalty = tf.add(
        tf.mul(
          tf.add(
            tf.sum(tf.mul(weigh(u, userW, batch.users), u)),
            tf.sum(tf.mul(weigh(v, movieW, batch.movies), v)),
          ),
          config.l2 * inv,
        ),
        tf.mul(
          tf.add(
            tf.sum(tf.mul(weigh(bu, userW, batch.users), bu)),
            tf.sum(tf.mul(weigh(bi, movieW, batch.movies), bi)),
          ),
          config.l2Bias * inv,
        ),
      ) as tf.Scalar;
      if (config.l2Dense > 0) {
        for (const l of layers)
          penalty = tf.add(penalty, tf.mul(tf.sum(tf.square(l.kernel)), config.l2Dense));
      }
      return { pred, penalty };
    },
    toWeights(): ModelWeights {
      return {
        ...weights,
        hidden: [...weights.hidden],
        userFactors: readVariable(userFactors),
        movieFactors: readVariable(movieFactors),
        userBias: readVariable(userBias),
        movieBias: readVariable(movieBias),
        dense: layers.map((l, i) => ({
          inSize: weights.dense[i]!.inSize,
          outSize: weights.dense[i]!.outSize,
          kernel: readVariable(l.kernel),
          bias: readVariable(l.bias),
        })),
      };
    },
    dispose() {
      for (const v of trainable) v.dispose();
      userW?.dispose();
      movieW?.dispose();
    },
  };
}

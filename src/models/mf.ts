/**
 * Matrix factorizer: r_hat = mu + b_u + b_i + u.v, with mu fixed at the training mean.
 * Regularization is on the looked-up rows, once per occurrence in the batch
 * (l2 (|u|^2 + |v|^2) + l2Bias (b_u^2 + b_i^2), averaged over the batch), so summed over an
 * epoch a user with n ratings gets n times the penalty: the classic SGD / ALS-WR weighting,
 * which is also what makes the MF fold-in's ridge weight grow with n (config.foldInLambda).
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
import { sparseGather, tableGradient } from './sparseGather';
import type { ModelWeights } from './weights';

export function createMf(weights: ModelWeights, config: TrainConfig, counts?: RowCounts): CfModel {
  const { numUsers, numMovies, dim } = weights;
  const wu = counts && penaltyWeights(counts.users, config.regAlpha);
  const wm = counts && penaltyWeights(counts.movies, config.regAlpha);
  const userW = wu ? tf.tensor2d(wu, [numUsers, 1]) : null;
  const movieW = wm ? tf.tensor2d(wm, [numMovies, 1]) : null;
  /** rows * their penalty weights (or rows when unweighted). */
  const weigh = (rows: tf.Tensor2D, w: tf.Tensor2D | null, lookup: Batch['users']): tf.Tensor2D =>
    w ? (tf.mul(rows, tf.gatherND(w, lookup.indices)) as tf.Tensor2D) : rows;
  const userFactors = makeVariable(weights.userFactors, [numUsers, dim], 'mf/userFactors');
  const movieFactors = makeVariable(weights.movieFactors, [numMovies, dim], 'mf/movieFactors');
  const userBias = makeVariable(weights.userBias, [numUsers, 1], 'mf/userBias');
  const movieBias = makeVariable(weights.movieBias, [numMovies, 1], 'mf/movieBias');
  const mu = weights.globalMean;
  const trainable = [userFactors, movieFactors, userBias, movieBias];
  return {
    kind: 'mf',
    trainable,
    forward(batch: Batch) {
      const u = sparseGather(userFactors, batch.users);
      const v = sparseGather(movieFactors, batch.movies);
      const bu = sparseGather(userBias, batch.users);
      const bi = sparseGather(movieBias, batch.movies);
      const pred = tf.add(
        tf.sum(tf.mul(u, v), 1),
        tf.reshape(tf.add(tf.add(bu, bi), mu), [-1]),
      ) as tf.Tensor1D;
      const inv = 1 / batch.size;
      const penalty = tf.add(
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
      return { pred, penalty };
    },
    gradients(batch: Batch, ratings: tf.Tensor1D) {
      // d/d(row) of mean (pred - r)^2 + (l2 |row|^2) / B, per occurrence; summed into the
      // tables by the sparse table gradient. Equal to autodiff of forward() (tested).
      const u = tf.gatherND(userFactors, batch.users.indices) as tf.Tensor2D;
      const v = tf.gatherND(movieFactors, batch.movies.indices) as tf.Tensor2D;
      const bu = tf.gatherND(userBias, batch.users.indices) as tf.Tensor2D;
      const bi = tf.gatherND(movieBias, batch.movies.indices) as tf.Tensor2D;
      const pred = tf.add(tf.add(tf.sum(tf.mul(u, v), 1, true), tf.add(bu, bi)), mu);
      const err = tf.sub(pred, tf.reshape(ratings, [-1, 1]));
      const mse = tf.mean(tf.square(err)) as tf.Scalar;
      const g = tf.mul(err, 2 / batch.size);
      const cf = (2 * config.l2) / batch.size;
      const cb = (2 * config.l2Bias) / batch.size;
      const gu = tf.add(tf.mul(g, v), tf.mul(weigh(u, userW, batch.users), cf)) as tf.Tensor2D;
      const gv = tf.add(tf.mul(g, u), tf.mul(weigh(v, movieW, batch.movies), cf)) as tf.Tensor2D;
      const gbu = tf.add(g, tf.mul(weigh(bu, userW, batch.users), cb)) as tf.Tensor2D;
      const gbi = tf.add(g, tf.mul(weigh(bi, movieW, batch.movies), cb)) as tf.Tensor2D;
      return {
        mse,
        grads: {
          [userFactors.name]: tableGradient(gu, batch.users, [numUsers, dim]),
          [movieFactors.name]: tableGradient(gv, batch.movies, [numMovies, dim]),
          [userBias.name]: tableGradient(gbu, batch.users, [numUsers, 1]),
          [movieBias.name]: tableGradient(gbi, batch.movies, [numMovies, 1]),
        },
      };
    },
    toWeights(): ModelWeights {
      return {
        ...weights,
        hidden: [],
        dense: [],
        userFactors: readVariable(userFactors),
        movieFactors: readVariable(movieFactors),
        userBias: readVariable(userBias),
        movieBias: readVariable(movieBias),
      };
    },
    dispose() {
      for (const v of trainable) v.dispose();
      userW?.dispose();
      movieW?.dispose();
    },
  };
}

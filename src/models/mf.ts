/**
 * Matrix factorizer on tf.js (solver 'adam'; the default MF trains per rating in sgdMf.ts):
 * r_hat = mu + b_u + b_i + u.v, with mu fixed at the training mean. Regularization is on the
 * looked-up rows, once per occurrence in the batch, each row's term scaled by its penalty weight
 * (meanCount / count)^regAlpha (embeddings.ts, model.ts penaltyWeights): regAlpha 0 is the classic
 * per-occurrence SGD / ALS-WR weighting, where a user with n ratings gets n times the penalty —
 * which is also why the MF fold-in's ridge weight grows with n (config.foldInLambda).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from './config';
import type { Batch, CfModel, RowCounts } from './model';
import { embeddingTables } from './embeddings';
import { tableGradient } from './sparseGather';
import type { ModelWeights } from './weights';

export function createMf(weights: ModelWeights, config: TrainConfig, counts?: RowCounts): CfModel {
  const { numUsers, numMovies, dim } = weights;
  const tables = embeddingTables(weights, config, counts, 'mf');
  const { userFactors, movieFactors, userBias, movieBias } = tables;
  const mu = weights.globalMean;
  const trainable = tables.variables;
  return {
    kind: 'mf',
    trainable,
    forward(batch: Batch) {
      const { u, v, bu, bi, penalty } = tables.lookup(batch);
      const pred = tf.add(
        tf.sum(tf.mul(u, v), 1),
        tf.reshape(tf.add(tf.add(bu, bi), mu), [-1]),
      ) as tf.Tensor1D;
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
      const gu = tf.add(tf.mul(g, v), tf.mul(tables.weighUsers(u, batch), cf)) as tf.Tensor2D;
      const gv = tf.add(tf.mul(g, u), tf.mul(tables.weighMovies(v, batch), cf)) as tf.Tensor2D;
      const gbu = tf.add(g, tf.mul(tables.weighUsers(bu, batch), cb)) as tf.Tensor2D;
      const gbi = tf.add(g, tf.mul(tables.weighMovies(bi, batch), cb)) as tf.Tensor2D;
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
    async toWeights(): Promise<ModelWeights> {
      return {
        ...weights,
        hidden: [],
        dense: [],
        ...(await tables.read()),
      };
    },
    dispose() {
      tables.dispose();
    },
  };
}

/**
 * The embedding tables both models share: user and movie factors and biases as variables, the
 * per-row penalty weights (see penaltyWeights), and the forward lookup with its L2 penalty on
 * the looked-up rows: (l2 (|u|^2 + |v|^2) + l2Bias (b_u^2 + b_i^2)) per occurrence, each row
 * scaled by its weight, averaged over the batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from './config';
import { makeVariable, penaltyWeights, readVariable, type Batch, type RowCounts } from './model';
import { sparseGather } from './sparseGather';
import type { ModelWeights } from './weights';

export interface EmbeddingTables {
  userFactors: tf.Variable<tf.Rank.R2>;
  movieFactors: tf.Variable<tf.Rank.R2>;
  userBias: tf.Variable<tf.Rank.R2>;
  movieBias: tf.Variable<tf.Rank.R2>;
  /** the four variables, in the order above */
  variables: tf.Variable[];
  /** rows of the batch's users (or movies) times their penalty weights; the rows when unweighted */
  weighUsers(rows: tf.Tensor2D, batch: Batch): tf.Tensor2D;
  weighMovies(rows: tf.Tensor2D, batch: Batch): tf.Tensor2D;
  /** looked-up rows and their penalty (with the sparse gradient of sparseGather) */
  lookup(batch: Batch): {
    u: tf.Tensor2D;
    v: tf.Tensor2D;
    bu: tf.Tensor2D;
    bi: tf.Tensor2D;
    penalty: tf.Scalar;
  };
  /** the tables' current values */
  read(): Promise<Pick<ModelWeights, 'userFactors' | 'movieFactors' | 'userBias' | 'movieBias'>>;
  dispose(): void;
}

export function embeddingTables(
  weights: ModelWeights,
  config: TrainConfig,
  counts: RowCounts | undefined,
  prefix: string,
): EmbeddingTables {
  const { numUsers, numMovies, dim } = weights;
  const wu = counts && penaltyWeights(counts.users, config.regAlpha);
  const wm = counts && penaltyWeights(counts.movies, config.regAlpha);
  const userW = wu ? tf.tensor2d(wu, [numUsers, 1]) : null;
  const movieW = wm ? tf.tensor2d(wm, [numMovies, 1]) : null;
  const weigh = (rows: tf.Tensor2D, w: tf.Tensor2D | null, lookup: Batch['users']): tf.Tensor2D =>
    w ? (tf.mul(rows, tf.gatherND(w, lookup.indices)) as tf.Tensor2D) : rows;
  const userFactors = makeVariable(weights.userFactors, [numUsers, dim], `${prefix}/userFactors`);
  const movieFactors = makeVariable(
    weights.movieFactors,
    [numMovies, dim],
    `${prefix}/movieFactors`,
  );
  const userBias = makeVariable(weights.userBias, [numUsers, 1], `${prefix}/userBias`);
  const movieBias = makeVariable(weights.movieBias, [numMovies, 1], `${prefix}/movieBias`);
  const weighUsers = (rows: tf.Tensor2D, batch: Batch) => weigh(rows, userW, batch.users);
  const weighMovies = (rows: tf.Tensor2D, batch: Batch) => weigh(rows, movieW, batch.movies);
  return {
    userFactors,
    movieFactors,
    userBias,
    movieBias,
    variables: [userFactors, movieFactors, userBias, movieBias],
    weighUsers,
    weighMovies,
    lookup(batch) {
      const u = sparseGather(userFactors, batch.users);
      const v = sparseGather(movieFactors, batch.movies);
      const bu = sparseGather(userBias, batch.users);
      const bi = sparseGather(movieBias, batch.movies);
      const inv = 1 / batch.size;
      const penalty = tf.add(
        tf.mul(
          tf.add(tf.sum(tf.mul(weighUsers(u, batch), u)), tf.sum(tf.mul(weighMovies(v, batch), v))),
          config.l2 * inv,
        ),
        tf.mul(
          tf.add(
            tf.sum(tf.mul(weighUsers(bu, batch), bu)),
            tf.sum(tf.mul(weighMovies(bi, batch), bi)),
          ),
          config.l2Bias * inv,
        ),
      ) as tf.Scalar;
      return { u, v, bu, bi, penalty };
    },
    read: async () => ({
      userFactors: await readVariable(userFactors),
      movieFactors: await readVariable(movieFactors),
      userBias: await readVariable(userBias),
      movieBias: await readVariable(movieBias),
    }),
    dispose() {
      for (const v of [userFactors, movieFactors, userBias, movieBias]) v.dispose();
      userW?.dispose();
      movieW?.dispose();
    },
  };
}

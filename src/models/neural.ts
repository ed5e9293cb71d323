/**
 * The neural model: [user embedding, movie embedding, user bias, movie bias] (and, with
 * `product`, u⊙v) concatenated -> ReLU dense layers -> one sigmoid unit scaled to [lo, hi].
 * Regularization as in mf.ts on the looked-up rows, plus optional L2 on dense kernels.
 *
 * Training: the four embedding tables live in JS (lazyAdam.ts), not in tf variables. Each batch
 * gathers its rows in JS, uploads them as [B, dim] inputs, gets their gradients back from tf's
 * autodiff (one read-back) and applies lazy Adam to just those rows; the dense layers stay tf
 * variables under tf's Adam. So a step costs O(batch), whatever the tables' size (issue #10),
 * and needs no sparse table gradient on any backend (sparseGather.ts is the MF 'adam' path's).
 * Choice of output range, sizes and hyperparameters: see config.ts (DEFAULT_NEURAL_CONFIG).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from './config';
import { LazyAdamTable } from './lazyAdam';
import {
  makeVariable,
  penaltyWeights,
  readVariable,
  type Batch,
  type CfModel,
  type RowCounts,
} from './model';
import { dense, denseOfParts } from './dense';
import type { ModelWeights } from './weights';

export interface HeadLayer {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** The first layer's input parts, in the kernel's row order: u, v, b_u, b_i (, u⊙v). */
export function neuralInputs(
  u: tf.Tensor2D,
  v: tf.Tensor2D,
  bu: tf.Tensor2D,
  bi: tf.Tensor2D,
  product: boolean,
): tf.Tensor2D[] {
  return product ? [u, v, bu, bi, tf.mul(u, v) as tf.Tensor2D] : [u, v, bu, bi];
}

/**
 * The dense stack on input parts (their concatenation, without building it); returns
 * lo + (hi - lo) * sigmoid(z), shape [B]. `firstPre`, when given, is the first layer's
 * pre-activation already computed by the caller (serving splits it by parts: predict.ts); the
 * parts are then not read.
 */
export function neuralHead(
  parts: tf.Tensor2D[],
  layers: HeadLayer[],
  ratingRange: [number, number],
  firstPre?: tf.Tensor2D,
): tf.Tensor1D {
  let h: tf.Tensor2D | null = null;
  for (let i = 0; i < layers.length; i++) {
    const act = i === layers.length - 1 ? 'linear' : 'relu';
    const { kernel, bias } = layers[i]!;
    if (i === 0 && firstPre) h = act === 'relu' ? tf.relu(firstPre) : firstPre;
    else h = h === null ? denseOfParts(parts, kernel, bias, act) : dense(h, kernel, bias, act);
  }
  const [lo, hi] = ratingRange;
  return tf.add(tf.mul(tf.sigmoid(tf.reshape(h!, [-1])), hi - lo), lo) as tf.Tensor1D;
}

/** Sum over the lookups of weight[row] * |row|^2 (weight 1 when absent). */
function weightedSquares(
  rows: Int32Array,
  values: Float32Array,
  width: number,
  weight: Float32Array | null,
): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    let q = 0;
    for (let d = r * width; d < (r + 1) * width; d++) q += values[d]! * values[d]!;
    s += (weight ? weight[r]! : 1) * q;
  }
  return s;
}

export function createNeural(
  weights: ModelWeights,
  config: TrainConfig,
  counts?: RowCounts,
): CfModel {
  const { dim } = weights;
  const product = weights.product === true;
  const opts = { epsilon: tf.backend().epsilon() };
  const users = new LazyAdamTable(weights.userFactors, dim, opts);
  const movies = new LazyAdamTable(weights.movieFactors, dim, opts);
  const userBias = new LazyAdamTable(weights.userBias, 1, opts);
  const movieBias = new LazyAdamTable(weights.movieBias, 1, opts);
  const wu = counts ? penaltyWeights(counts.users, config.regAlpha) : null;
  const wm = counts ? penaltyWeights(counts.movies, config.regAlpha) : null;
  const layers = weights.dense.map((l, i) => ({
    kernel: makeVariable(l.kernel, [l.inSize, l.outSize], `nn/dense${i}/kernel`),
    bias: makeVariable<tf.Rank.R1>(l.bias, [l.bias.length], `nn/dense${i}/bias`),
  }));
  const trainable: tf.Variable[] = layers.flatMap((l) => [l.kernel, l.bias]);
  let step = 0;
  const adagrad = config.solver === 'adagrad';

  /** The batch's rows as tensors (caller disposes). Fresh arrays: a backend may keep them. */
  const upload = (batch: Batch): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] => {
    const b = batch.size;
    const ur = batch.users.rows;
    const mr = batch.movies.rows;
    return [
      tf.tensor2d(users.gather(ur, new Float32Array(b * dim)), [b, dim]),
      tf.tensor2d(movies.gather(mr, new Float32Array(b * dim)), [b, dim]),
      tf.tensor2d(userBias.gather(ur, new Float32Array(b)), [b, 1]),
      tf.tensor2d(movieBias.gather(mr, new Float32Array(b)), [b, 1]),
    ];
  };
  const densePenalty = (kernels: tf.Tensor2D[]): tf.Scalar | null => {
    if (config.l2Dense <= 0) return null;
    let p: tf.Scalar = tf.scalar(0);
    for (const k of kernels) p = tf.add(p, tf.mul(tf.sum(tf.square(k)), config.l2Dense));
    return p;
  };

  return {
    kind: 'neural',
    trainable,
    forward(batch: Batch) {
      const [u, v, bu, bi] = upload(batch);
      const pred = neuralHead(neuralInputs(u, v, bu, bi, product), layers, weights.ratingRange);
      const ur = batch.users.rows;
      const mr = batch.movies.rows;
      const rows =
        (config.l2 *
          (weightedSquares(ur, users.values, dim, wu) +
            weightedSquares(mr, movies.values, dim, wm)) +
          config.l2Bias *
            (weightedSquares(ur, userBias.values, 1, wu) +
              weightedSquares(mr, movieBias.values, 1, wm))) /
        batch.size;
      const dp = densePenalty(layers.map((l) => l.kernel));
      const penalty = dp ? tf.add(dp, rows) : tf.scalar(rows);
      return { pred, penalty: penalty as tf.Scalar };
    },
    async trainStep(batch, ratings, optimizer, learningRate) {
      step++;
      const inputs = upload(batch);
      const kept: { mse?: tf.Scalar } = {};
      const rowGrads = tf.tidy(() => {
        const loss = (...xs: tf.Tensor[]): tf.Scalar => {
          const [u, v, bu, bi] = xs as tf.Tensor2D[];
          const ls = layers.map((_, i) => ({
            kernel: xs[4 + 2 * i] as tf.Tensor2D,
            bias: xs[5 + 2 * i] as tf.Tensor1D,
          }));
          const pred = neuralHead(neuralInputs(u!, v!, bu!, bi!, product), ls, weights.ratingRange);
          const mse = tf.mean(tf.squaredDifference(pred, ratings)) as tf.Scalar;
          kept.mse = tf.keep(mse);
          const dp = densePenalty(ls.map((l) => l.kernel));
          return dp ? (tf.add(mse, dp) as tf.Scalar) : mse;
        };
        const { grads } = tf.valueAndGrads(loss)([...inputs, ...trainable]);
        optimizer.applyGradients(
          trainable.map((v, i) => ({ name: v.name, tensor: grads[4 + i]! })),
        );
        return grads.slice(0, 4);
      });
      try {
        // Read back asynchronously: a dataSync on WebGPU can break the device (model.ts).
        const [du, dv, dbu, dbi] = (await Promise.all(
          rowGrads.map((g) => g.data()),
        )) as Float32Array[];
        const b = batch.size;
        const ur = batch.users.rows;
        const mr = batch.movies.rows;
        // d/d(row) of (l2 / B) w |row|^2 per occurrence is (2 l2 / B) w row.
        if (adagrad) {
          // per-rating scale (x b), as the MF's per-rating AdaGrad; lr follows the decay
          const lr = (config.embeddingLearningRate ?? 0.1) * (learningRate / config.learningRate);
          users.stepAdagrad(ur, du!, lr, b, (2 * config.l2) / b, wu);
          movies.stepAdagrad(mr, dv!, lr, b, (2 * config.l2) / b, wm);
          userBias.stepAdagrad(ur, dbu!, lr, b, (2 * config.l2Bias) / b, wu);
          movieBias.stepAdagrad(mr, dbi!, lr, b, (2 * config.l2Bias) / b, wm);
        } else {
          users.step(ur, du!, learningRate, step, (2 * config.l2) / b, wu);
          movies.step(mr, dv!, learningRate, step, (2 * config.l2) / b, wm);
          userBias.step(ur, dbu!, learningRate, step, (2 * config.l2Bias) / b, wu);
          movieBias.step(mr, dbi!, learningRate, step, (2 * config.l2Bias) / b, wm);
        }
      } finally {
        for (const t of [...rowGrads, ...inputs]) t.dispose();
      }
      return kept.mse!;
    },
    async toWeights(): Promise<ModelWeights> {
      const dense: ModelWeights['dense'] = [];
      for (const [i, l] of layers.entries())
        dense.push({
          inSize: weights.dense[i]!.inSize,
          outSize: weights.dense[i]!.outSize,
          kernel: await readVariable(l.kernel),
          bias: await readVariable(l.bias),
        });
      return {
        ...weights,
        hidden: [...weights.hidden],
        userFactors: users.values.slice(),
        movieFactors: movies.values.slice(),
        userBias: userBias.values.slice(),
        movieBias: movieBias.values.slice(),
        dense,
      };
    },
    dispose() {
      for (const l of layers) {
        l.kernel.dispose();
        l.bias.dispose();
      }
    },
  };
}

/**
 * The neural model (the original design): [user embedding, movie embedding, user bias, movie
 * bias] concatenated -> ReLU dense layers -> one sigmoid unit scaled to [lo, hi].
 * Regularization as in mf.ts on the looked-up rows, plus optional L2 on dense kernels.
 * Choice of output range and sizes: see the measurements in config.ts (DEFAULT_NEURAL_CONFIG).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from './config';
import { makeVariable, readVariable, type Batch, type CfModel, type RowCounts } from './model';
import { dense, denseOfParts } from './dense';
import { embeddingTables } from './embeddings';
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
  const tables = embeddingTables(weights, config, counts, 'nn');
  const layers = weights.dense.map((l, i) => ({
    kernel: makeVariable(l.kernel, [l.inSize, l.outSize], `nn/dense${i}/kernel`),
    bias: makeVariable<tf.Rank.R1>(l.bias, [l.bias.length], `nn/dense${i}/bias`),
  }));
  const trainable: tf.Variable[] = [...tables.variables];
  for (const l of layers) trainable.push(l.kernel, l.bias);
  return {
    kind: 'neural',
    trainable,
    forward(batch: Batch) {
      const { u, v, bu, bi, penalty: rows } = tables.lookup(batch);
      const pred = neuralHead([u, v, bu, bi], layers, weights.ratingRange);
      let penalty = rows;
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
        ...tables.read(),
        dense: layers.map((l, i) => ({
          inSize: weights.dense[i]!.inSize,
          outSize: weights.dense[i]!.outSize,
          kernel: readVariable(l.kernel),
          bias: readVariable(l.bias),
        })),
      };
    },
    dispose() {
      tables.dispose();
      for (const l of layers) {
        l.kernel.dispose();
        l.bias.dispose();
      }
    },
  };
}

/**
 * The rating models' entry point, trainModel. The MF with its default solver ('adagrad', or
 * 'sgd') goes to sgdMf.ts (per-rating passes: the wasm kernel or plain JS); everything else — the
 * neural model, and the MF with solver 'adam' — runs the tf.js loop here: seeded shuffling,
 * mini-batches, Adam on the tf variables (the neural model's JS tables: lazy Adam, or row-wise
 * AdaGrad with solver 'adagrad'), validation RMSE after each epoch, early stopping with
 * patience (the best epoch's weights are returned).
 * Rules it keeps: it checks the AbortSignal before every batch and throws AbortError; it yields
 * to the event loop at least every `yieldEveryMs` so a worker can receive the abort message;
 * every tensor it creates is disposed, so tf.memory().numTensors is the same after each epoch.
 * On a GPU backend it can keep a checkpoint after each epoch (weights in JS) and resume from one:
 * when the GPU is lost mid-run (`hooks.lost()` turns true), it throws a ReelError 'backend-lost'
 * carrying the last good checkpoint, and the caller finishes on another backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AbortError, ReelError } from '../core/errors';
import { globalMean } from '../core/eval/baselines';
import type { TrainingArrays } from '../core/data/indexing';
import { createRng, deriveSeed, shuffleInPlace } from '../core/eval/rng';
import type { TrainConfig } from './config';
import { createMf } from './mf';
import {
  countRows,
  initialWeights,
  pretrainFromMf,
  type Batch,
  type CfModel,
  type RowCounts,
} from './model';
import { createNeural } from './neural';
import { trainMfSgd } from './sgdMf';
import { defaultGradMode, prepareLookup } from './sparseGather';
import type { EpochStats, TrainCheckpoint, TrainData, TrainHooks, TrainResult } from './trainTypes';
import type { ModelWeights } from './weights';

export type { TrainCheckpoint, TrainData, TrainHooks, TrainResult };

/** Thrown when the GPU went away mid-run; `checkpoint` is the last good epoch (if any). */
export class BackendLost extends ReelError {
  constructor(readonly checkpoint: TrainCheckpoint | undefined) {
    super('backend-lost', 'The graphics chip stopped responding during training.');
  }
}

function createModel(weights: ModelWeights, config: TrainConfig, counts?: RowCounts): CfModel {
  return weights.kind === 'mf'
    ? createMf(weights, config, counts)
    : createNeural(weights, config, counts);
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** RMSE of the model on `data`, predictions clipped to [lo, hi]. */
async function evaluateRmse(
  model: CfModel,
  data: TrainingArrays,
  numUsers: number,
  numMovies: number,
  lo = 1,
  hi = 5,
  batchSize = 65536,
): Promise<number> {
  const n = data.ratings.length;
  if (n === 0) return NaN;
  let sse = 0;
  for (let s = 0; s < n; s += batchSize) {
    const e = Math.min(n, s + batchSize);
    const users = prepareLookup(data.users.subarray(s, e), numUsers, 'scatter');
    const movies = prepareLookup(data.movies.subarray(s, e), numMovies, 'scatter');
    const part = tf.tidy(() => {
      const { pred } = model.forward({ users, movies, size: e - s });
      const r = tf.tensor1d(data.ratings.subarray(s, e));
      return tf.sum(tf.square(tf.sub(tf.clipByValue(pred, lo, hi), r)));
    });
    sse += (await part.data())[0]!;
    part.dispose();
    users.dispose();
    movies.dispose();
  }
  return Math.sqrt(sse / n);
}

/** One optimizer step; returns the batch's mean squared error (caller disposes). */
function step(
  model: CfModel,
  optimizer: tf.Optimizer,
  lr: number,
  batch: Batch,
  r: tf.Tensor1D,
): Promise<tf.Scalar> | tf.Scalar {
  if (model.trainStep) return model.trainStep(batch, r, optimizer, lr);
  if (model.gradients) {
    return tf.tidy(() => {
      const { mse, grads } = model.gradients!(batch, r);
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      return mse;
    });
  }
  const kept: { mse?: tf.Scalar } = {};
  optimizer.minimize(
    () => {
      const { pred, penalty } = model.forward(batch);
      const mse = tf.mean(tf.squaredDifference(pred, r)) as tf.Scalar;
      kept.mse = tf.keep(mse);
      return tf.add(mse, penalty) as tf.Scalar;
    },
    false,
    model.trainable,
  );
  return kept.mse!;
}

export async function trainModel(
  config: TrainConfig,
  data: TrainData,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  if (config.kind === 'mf' && config.solver !== 'adam') return trainMfSgd(config, data, hooks);
  const { train, valid, numUsers, numMovies } = data;
  const fromMf =
    !hooks.init && !hooks.resume && config.kind === 'neural' ? hooks.fromMf : undefined;
  const mu =
    data.globalMean ?? hooks.init?.globalMean ?? fromMf?.globalMean ?? globalMean(train.ratings);
  const counts: RowCounts = {
    users: countRows(train.users, numUsers),
    movies: countRows(train.movies, numMovies),
  };
  const resume = hooks.resume;
  const model = createModel(
    fromMf
      ? pretrainFromMf(config, numUsers, numMovies, fromMf)
      : initialWeights(config, numUsers, numMovies, mu, resume?.weights ?? hooks.init),
    config,
    counts,
  );
  let lr = resume?.learningRate ?? config.learningRate;
  const optimizer = tf.train.adam(lr);
  const gradMode = hooks.gradMode ?? defaultGradMode();
  const yieldEveryMs = hooks.yieldEveryMs ?? 50;
  const n = train.ratings.length;
  const bs = Math.max(1, Math.min(config.batchSize, n));
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng(deriveSeed(config.seed, 'shuffle'));
  const bUsers = new Int32Array(bs);
  const bMovies = new Int32Array(bs);
  const bRatings = new Float32Array(bs);
  const history: EpochStats[] = resume ? [...resume.history] : [];
  let best: ModelWeights | null = resume?.best ?? null;
  let bestValRmse = resume?.bestValRmse ?? Infinity;
  let bestEpoch = resume?.bestEpoch ?? 0;
  let checkpoint: TrainCheckpoint | undefined = resume;
  let lastYield = performance.now();
  // Without validation rows there is no early stopping: all epochs run, the last one is kept.
  const hasValid = valid.ratings.length > 0;
  let lossSum: tf.Scalar | null = null;
  // Last epoch that improved validation RMSE by more than minDelta (drives early stopping).
  let marked = resume?.marked ?? Infinity;
  let markedEpoch = resume?.markedEpoch ?? 0;
  const checkLost = () => {
    if (hooks.lost?.()) throw new BackendLost(checkpoint);
  };
  try {
    for (let epoch = (resume?.epoch ?? 0) + 1; epoch <= config.maxEpochs; epoch++) {
      const t0 = performance.now();
      shuffleInPlace(order, rng);
      let acc: tf.Scalar = tf.scalar(0);
      lossSum = acc;
      for (let s = 0; s < n; s += bs) {
        if (hooks.signal?.aborted) throw new AbortError();
        // Before touching the GPU: a read-back on a lost WebGL context never resolves.
        checkLost();
        if (performance.now() - lastYield > yieldEveryMs) {
          await acc.data(); // also keeps a GPU backend's queue short
          await nextMacrotask();
          lastYield = performance.now();
          if (hooks.signal?.aborted) throw new AbortError();
        }
        const size = Math.min(bs, n - s);
        for (let j = 0; j < size; j++) {
          const row = order[s + j]!;
          bUsers[j] = train.users[row]!;
          bMovies[j] = train.movies[row]!;
          bRatings[j] = train.ratings[row]!;
        }
        const batch: Batch = {
          users: prepareLookup(bUsers.subarray(0, size), numUsers, gradMode),
          movies: prepareLookup(bMovies.subarray(0, size), numMovies, gradMode),
          size,
        };
        const r = tf.tensor1d(bRatings.subarray(0, size));
        try {
          const mse = await step(model, optimizer, lr, batch, r);
          const next = tf.tidy(() => tf.add(acc, tf.mul(mse, size)) as tf.Scalar);
          mse.dispose();
          acc.dispose();
          acc = lossSum = next;
        } finally {
          r.dispose();
          batch.users.dispose();
          batch.movies.dispose();
        }
      }
      const loss = (await acc.data())[0]! / n;
      acc.dispose();
      lossSum = null;
      const valRmse = await evaluateRmse(model, valid, numUsers, numMovies);
      checkLost(); // a lost GPU reads back zeros: nothing of this epoch is kept
      if (hasValid && (valRmse < bestValRmse || best === null)) {
        bestValRmse = valRmse;
        bestEpoch = epoch;
        best = await model.toWeights();
      }
      if (valRmse < marked - config.minDelta) {
        marked = valRmse;
        markedEpoch = epoch;
      }
      const stats: EpochStats = { epoch, loss, valRmse, seconds: (performance.now() - t0) / 1000 };
      history.push(stats);
      if (config.lrDecay !== 1) {
        lr *= config.lrDecay;
        (optimizer as unknown as { learningRate: number }).learningRate = lr;
      }
      if (hooks.checkpoint) {
        const weights = await model.toWeights();
        checkLost();
        checkpoint = {
          epoch,
          weights,
          history: [...history],
          best,
          bestEpoch,
          bestValRmse,
          marked,
          markedEpoch,
          learningRate: lr,
        };
      }
      hooks.onEpoch?.(stats);
      if (!Number.isFinite(loss)) break;
      if (hasValid && epoch - markedEpoch >= config.patience) break;
      await nextMacrotask();
      lastYield = performance.now();
    }
    if (!hasValid || best === null) {
      best = await model.toWeights();
      bestEpoch = history.length;
    }
    checkLost();
    return { weights: best, history, bestEpoch, bestValRmse };
  } catch (e) {
    // A lost GPU can also surface as any error from a kernel or a read-back.
    if (!(e instanceof BackendLost) && hooks.lost?.()) throw new BackendLost(checkpoint);
    throw e;
  } finally {
    lossSum?.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

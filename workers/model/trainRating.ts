/**
 * Trains a rating model (MF or neural), optionally with the person's own ratings as one more user
 * row, saves it and puts it in service.
 * Its test figures are not measured here (figures.ts does, later): the model serves at once.
 * Rule: on a GPU the weights are copied after each epoch, so when the GPU goes the training
 * finishes on the fallback from the last good epoch; a cancelled run never replaces the saved model,
 * and with `onlyIfBetter` neither does one that is worse on validation than the saved one.
 */
import type { ModelInfo, TrainOptions, TrainProgress } from '../../src/core/api/model';
import { concatTrainingArrays } from '../../src/core/data/indexing';
import { ReelError, throwIfAborted } from '../../src/core/errors';
import {
  backendLabel,
  MODEL_NAMES,
  MODEL_SHORT_NAMES,
  type RatingModelKind,
} from '../../src/core/kinds';
import { deviceLost, loseDevice } from '../../src/models/backend';
import { defaultConfig, type TrainConfig } from '../../src/models/config';
import { BackendLost, trainModel, type TrainHooks, type TrainResult } from '../../src/models/train';
import { parameterCount, serializeWeights } from '../../src/models/weights';
import { saveModel } from '../../src/storage/models';
import { afterDeviceLoss, init, isGpu } from './backendState';
import { load, loadedOf } from './modelCache';
import { state } from './state';
import { commonInfo, getTrainer, PENDING_METRICS } from './trainer';

export async function trainRating(
  kind: RatingModelKind,
  options: TrainOptions,
  onProgress: (p: TrainProgress) => void,
  signal: AbortSignal | undefined,
): Promise<ModelInfo> {
  let b = await init();
  onProgress({ kind, phase: 'prepare', epoch: 0, maxEpochs: 0 });
  const t = await getTrainer();
  const { exp } = t;
  const previous = options.warmStart ? await load(kind) : undefined;
  const saved = options.onlyIfBetter ? (previous ?? (await load(kind))) : undefined;
  // A fresh neural model starts from the trained MF when there is one (config.ts): NeuMF's
  // pretraining; otherwise it trains from scratch.
  const mf = kind === 'neural' && !previous ? await load('mf') : undefined;
  const fromMf =
    mf?.kind === 'mf' && mf.weights.numMovies === exp.maps.numMovies ? mf.weights : undefined;
  const config: TrainConfig = {
    ...defaultConfig(
      kind,
      kind === 'neural' &&
        (previous ? !(previous.kind === 'neural' && previous.weights.fromMf) : !fromMf),
    ),
    ...(fromMf ? { dim: fromMf.dim } : {}),
    ...(options.overrides as Partial<TrainConfig>),
  };

  // "Retrain with my ratings": the user becomes one more user row after the data set's users.
  let trainRows = exp.train;
  let numUsers = exp.maps.numUsers;
  const mine = options.userRatings ?? [];
  if (mine.length > 0) {
    const movies = Int32Array.from(mine, (r) => exp.maps.movieIndexById[r.movieId] ?? -1);
    if (movies.some((m) => m < 0))
      throw new ReelError(
        'model-invalid',
        'Some of your ratings are for movies not in this data set.',
      );
    trainRows = concatTrainingArrays(exp.train, {
      users: new Int32Array(mine.length).fill(numUsers),
      movies,
      ratings: Float32Array.from(mine, (r) => r.rating),
    });
    numUsers += 1;
  }

  const t0 = performance.now();
  const data = { train: trainRows, valid: exp.valid, numUsers, numMovies: exp.maps.numMovies };
  let loseAfter = options.loseDeviceAfterEpoch;
  const hooks: TrainHooks = {
    signal,
    init: previous && previous.kind !== 'ease' ? previous.weights : undefined,
    fromMf,
    // On a GPU: a copy of the weights after each epoch, to finish elsewhere if the GPU goes.
    checkpoint: isGpu(b.name),
    lost: deviceLost,
    onEpoch: (e) => {
      onProgress({ kind, phase: 'epoch', epoch: e.epoch, maxEpochs: config.maxEpochs, point: e });
      if (loseAfter !== undefined && e.epoch >= loseAfter) {
        loseAfter = undefined;
        loseDevice();
      }
    },
  };
  let result: TrainResult;
  let note: string | undefined;
  try {
    result = await trainModel(config, data, hooks);
    // The MF trains in JS: a GPU lost meanwhile only matters to serving, which loads afresh.
    if (isGpu(b.name) && deviceLost()) b = await afterDeviceLoss(b, 'after training');
  } catch (e) {
    if (!(e instanceof BackendLost)) throw e;
    const from = e.checkpoint?.epoch ?? 0;
    b = await afterDeviceLoss(
      b,
      `after epoch ${from} of the ${kind === 'mf' ? MODEL_SHORT_NAMES.mf : MODEL_NAMES.neural.toLowerCase()}`,
    );
    note = `The GPU was lost during training: ${backendLabel(b.name)} finished it from epoch ${from} (the last good one).`;
    result = await trainModel(config, data, {
      ...hooks,
      checkpoint: false,
      lost: undefined,
      resume: e.checkpoint,
    });
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  throwIfAborted(signal); // a cancelled run never replaces the saved model
  const history = result.history.map((h) => ({ ...h }));
  const infoOut: ModelInfo = {
    ...commonInfo(kind, t, b),
    config: {
      dim: config.dim,
      ...(kind === 'neural' ? { hidden: config.hidden, ratingRange: config.ratingRange } : {}),
      learningRate: config.learningRate,
      l2: config.l2,
      batchSize: config.batchSize,
      maxEpochs: config.maxEpochs,
      patience: config.patience,
      ...(result.kernel ? { kernel: result.kernel } : {}),
    },
    params: parameterCount(result.weights),
    epochs: history.length,
    bestEpoch: result.bestEpoch,
    secondsPerEpoch: history.reduce((s, h) => s + h.seconds, 0) / Math.max(1, history.length),
    trainSeconds,
    history,
    // measured later (figures.ts): the model serves first
    metrics: PENDING_METRICS,
    metricsPending: true,
    userRatings: mine.length,
    ...(note ? { backendNote: note } : {}),
  };
  throwIfAborted(signal);
  if (saved && saved.kind === kind) {
    const retrain = {
      valRmse: bestValRmse(history),
      previousValRmse: bestValRmse(saved.info.history),
    };
    // Worse on validation (NaN included): the saved model keeps serving.
    if (!(retrain.valRmse <= retrain.previousValRmse))
      return { ...saved.info, retrain: { ...retrain, replaced: false } };
    infoOut.retrain = { ...retrain, replaced: true };
  }
  onProgress({ kind, phase: 'save', epoch: history.length, maxEpochs: config.maxEpochs });
  const { retrain: _outcome, ...stored } = infoOut; // the outcome is returned, never stored
  await saveModel({
    kind,
    dataVersion: t.dataVersion,
    savedAt: infoOut.trainedAt,
    meta: stored,
    weights: serializeWeights(result.weights),
  });
  // Only now does the new model replace the one serving recommendations.
  state.remember(loadedOf(kind, result.weights, stored));
  return infoOut;
}

/** A model's best validation RMSE over its curve (NaN without one). */
function bestValRmse(history: readonly { valRmse: number }[]): number {
  const v = history.map((h) => h.valRmse).filter(Number.isFinite);
  return v.length ? Math.min(...v) : NaN;
}

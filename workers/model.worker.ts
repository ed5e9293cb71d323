/**
 * Model worker: trains, saves, loads and serves the two collaborative models with TensorFlow.js.
 * Tensors never leave this worker: the API takes and returns plain typed arrays. Movie indices in
 * the API follow the catalog's movie order (the stored movies table); the models' own rows are
 * ordered by movie id, and this file is the only place that maps between the two.
 */
import { transfer } from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { ReelError, throwIfAborted } from '../src/core/errors';
import { prepareExperiment, type Experiment } from '../src/core/eval/experiment';
import { concatTrainingArrays } from '../src/core/eval/indexing';
import { splitFingerprint } from '../src/core/eval/split';
import { foldIn, type FoldInRating } from '../src/core/recommend/foldin';
import { chooseBackend } from '../src/models/backend';
import { defaultConfig, foldInLambda, type TrainConfig } from '../src/models/config';
import { evaluateModel } from '../src/models/evaluate';
import { createServingModel, foldInNeural, type ServingModel } from '../src/models/predict';
import { trainModel } from '../src/models/train';
import {
  parameterCount,
  restoreWeights,
  serializeWeights,
  type ModelWeights,
} from '../src/models/weights';
import { completeManifest, loadDataset } from '../src/storage/dataset';
import { getModel, saveModel } from '../src/storage/models';
import { signalFromPort } from './abort';
import { exposeApi } from './expose';
import type {
  BackendInfo,
  ItemFactors,
  ModelApi,
  ModelInfo,
  ModelKind,
  Scores,
  TrainOptions,
  TrainProgress,
} from './model-api';

interface Context {
  dataVersion: string;
  exp: Experiment;
  /** catalog position -> model movie row */
  rowOfCatalog: Int32Array;
}

interface Loaded {
  info: ModelInfo;
  weights: ModelWeights;
  serving: ServingModel;
}

let backend: Promise<BackendInfo> | undefined;
let context: Promise<Context> | undefined;
const loaded = new Map<ModelKind, Loaded>();

function init(): Promise<BackendInfo> {
  backend ??= chooseBackend({
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  }).then((c) => ({ name: c.name, reason: c.reason }));
  return backend;
}

/**
 * The experiment for the stored data, rebuilt only when the data version changes: each call
 * reads just the small manifest record to check the version, never the ratings themselves.
 */
async function getContext(): Promise<Context> {
  const stored = await completeManifest();
  if (!stored) throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
  const version = stored.manifest.dataVersion;
  const current = context ? await context.catch(() => undefined) : undefined;
  if (current?.dataVersion === version) return current;
  for (const l of loaded.values()) l.serving.dispose();
  loaded.clear();
  context = loadDataset().then((data) => {
    const exp = prepareExperiment({
      movieIds: data.movies.map((m) => m.id),
      userIds: data.users.map((u) => u.id),
      ratings: data.ratings,
    });
    const rowOfCatalog = Int32Array.from(data.movies, (m) => exp.maps.movieIndexById[m.id] ?? -1);
    return { dataVersion: data.version, exp, rowOfCatalog };
  });
  return context;
}

function remember(kind: ModelKind, info: ModelInfo, weights: ModelWeights): Loaded {
  loaded.get(kind)?.serving.dispose();
  const l = { info, weights, serving: createServingModel(weights) };
  loaded.set(kind, l);
  return l;
}

async function load(kind: ModelKind): Promise<Loaded | undefined> {
  const have = loaded.get(kind);
  const ctx = await getContext();
  if (have && have.info.dataVersion === ctx.dataVersion) return have;
  const rec = await getModel(kind);
  if (!rec || rec.dataVersion !== ctx.dataVersion) return undefined;
  try {
    const weights = restoreWeights(rec.weights);
    if (weights.numMovies !== ctx.exp.maps.numMovies) return undefined;
    await init();
    return remember(kind, rec.meta as unknown as ModelInfo, weights);
  } catch {
    return undefined; // a damaged or outdated saved model is simply retrained
  }
}

async function info(kind: ModelKind): Promise<ModelInfo | undefined> {
  return (await load(kind))?.info;
}

async function train(
  kind: ModelKind,
  options: TrainOptions,
  onProgress: (p: TrainProgress) => void,
  abort?: MessagePort,
): Promise<ModelInfo> {
  const signal = signalFromPort(abort);
  const b = await init();
  onProgress({ kind, phase: 'prepare', epoch: 0, maxEpochs: 0 });
  const { exp, dataVersion } = await getContext();
  const config: TrainConfig = {
    ...defaultConfig(kind),
    ...(options.overrides as Partial<TrainConfig>),
  };
  const previous = options.warmStart ? await load(kind) : undefined;

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
  const result = await trainModel(
    config,
    { train: trainRows, valid: exp.valid, numUsers, numMovies: exp.maps.numMovies },
    {
      signal,
      init: previous?.weights,
      onEpoch: (e) =>
        onProgress({ kind, phase: 'epoch', epoch: e.epoch, maxEpochs: config.maxEpochs, point: e }),
    },
  );
  const trainSeconds = (performance.now() - t0) / 1000;
  throwIfAborted(signal); // a cancelled run never replaces the saved model
  onProgress({
    kind,
    phase: 'evaluate',
    epoch: result.history.length,
    maxEpochs: config.maxEpochs,
  });
  const metrics = evaluateModel(result.weights, exp);
  const history = result.history.map((h) => ({ ...h }));
  const infoOut: ModelInfo = {
    kind,
    dataVersion,
    trainedAt: Date.now(),
    backend: b.name,
    config: {
      dim: config.dim,
      ...(kind === 'neural' ? { hidden: config.hidden, ratingRange: config.ratingRange } : {}),
      learningRate: config.learningRate,
      l2: config.l2,
      batchSize: config.batchSize,
      maxEpochs: config.maxEpochs,
      patience: config.patience,
    },
    params: parameterCount(result.weights),
    epochs: history.length,
    bestEpoch: result.bestEpoch,
    secondsPerEpoch: history.reduce((s, h) => s + h.seconds, 0) / Math.max(1, history.length),
    trainSeconds,
    history,
    metrics,
    baselines: exp.baselines,
    userRatings: mine.length,
    split: {
      seed: exp.seed,
      fingerprint: splitFingerprint(exp.split),
      train: exp.split.train.length,
      valid: exp.split.valid.length,
      test: exp.split.test.length,
    },
  };
  throwIfAborted(signal);
  onProgress({ kind, phase: 'save', epoch: history.length, maxEpochs: config.maxEpochs });
  await saveModel({
    kind,
    dataVersion,
    savedAt: infoOut.trainedAt,
    meta: infoOut as unknown as Record<string, unknown>,
    weights: serializeWeights(result.weights),
  });
  // Only now does the new model replace the one serving recommendations.
  remember(kind, infoOut, result.weights);
  return infoOut;
}

async function recommend(
  kind: ModelKind,
  ratings: { movieId: number; rating: number }[],
): Promise<Scores> {
  const model = await load(kind);
  if (!model) throw new ReelError('no-model', 'That model is not trained yet.');
  const { exp, rowOfCatalog } = await getContext();
  const t0 = performance.now();
  const given: FoldInRating[] = [];
  for (const r of ratings) {
    const m = exp.maps.movieIndexById[r.movieId] ?? -1;
    if (m >= 0) given.push({ movieIndex: m, rating: r.rating });
  }
  const w = model.weights;
  const user =
    kind === 'mf' ? foldIn(given, w, foldInLambda(given.length)) : foldInNeural(w, given);
  const foldInMs = performance.now() - t0;
  const byRow = model.serving.scoreUser(user.vector, user.bias, { clip: true });
  const predicted = new Float32Array(rowOfCatalog.length);
  for (let i = 0; i < predicted.length; i++) predicted[i] = byRow[rowOfCatalog[i]!] ?? 0;
  return transfer({ kind, predicted, foldInMs }, [predicted.buffer]);
}

async function itemFactors(kind: ModelKind): Promise<ItemFactors> {
  const model = await load(kind);
  if (!model) throw new ReelError('no-model', 'That model is not trained yet.');
  const { rowOfCatalog } = await getContext();
  const { dim, movieFactors } = model.weights;
  const factors = new Float32Array(rowOfCatalog.length * dim);
  rowOfCatalog.forEach((row, i) => {
    if (row >= 0) factors.set(movieFactors.subarray(row * dim, (row + 1) * dim), i * dim);
  });
  return transfer({ kind, dim, factors }, [factors.buffer]);
}

const api: ModelApi = { init, info, train, recommend, itemFactors };
exposeApi(api as unknown as Record<string, (...args: never[]) => unknown>);

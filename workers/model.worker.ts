/**
 * Model worker: trains, saves, loads and serves the models with TensorFlow.js — the ranking model
 * (EASE: what you'll watch) and the two rating models (MF, neural: how many stars).
 * Tensors never leave this worker: the API takes and returns plain typed arrays. Movie indices in
 * the API follow the catalog's movie order (the stored movies table); the models' own rows are
 * ordered by movie id, and this file is the only place that maps between the two.
 *
 * Rule: serving needs only the movies table (index maps) and the stored weights; the evaluation
 * set-up (split, ranking tasks, baselines) is built only for training and measuring, so a reload
 * serves a saved model at once.
 */
import { transfer } from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import type { Movie } from '../src/core/data/types';
import { ReelError, throwIfAborted } from '../src/core/errors';
import { prepareExperiment, type Experiment } from '../src/core/eval/experiment';
import { throttleProgress } from './progress';
import { evaluateServed, fitServedStars, type Person, type Signals } from '../src/core/eval/served';
import { servedStars } from '../src/core/recommend/stars';
import { buildIndexMaps, concatTrainingArrays } from '../src/core/data/indexing';
import { splitFingerprint } from '../src/core/eval/split';
import { fitGenreTfidf, type GenreTfidf } from '../src/core/features/tfidf';
import { isRatingModel, RATING_MODEL_KINDS, type RatingModelKind } from '../src/core/kinds';
import type { BlendWeights } from '../src/core/recommend/blend';
import { foldIn, type FoldedUser, type FoldInRating } from '../src/core/recommend/foldin';
import { itemOfMovie, similarRow, watchScores, type ItemModel } from '../src/core/recommend/watch';
import {
  chooseBackend,
  deviceLost,
  fallBackToWasm,
  loseDevice,
  memoryInfo,
} from '../src/models/backend';
import { backendLabel } from '../src/models/race';
import { defaultConfig, foldInLambda, type TrainConfig } from '../src/models/config';
import { evaluateModel } from '../src/models/evaluate';
import { Leased } from '../src/models/lease';
import { foldInNeural } from '../src/models/neuralFoldIn';
import { createServingModel, type ServingModel } from '../src/models/predict';
import {
  restoreItemModel,
  serializeItemModel,
  trainRankingModel,
} from '../src/models/rankingModel';
import { BackendLost, trainModel, type TrainHooks, type TrainResult } from '../src/models/train';
import {
  parameterCount,
  restoreWeights,
  serializeWeights,
  type ModelWeights,
} from '../src/models/weights';
import { completeManifest, loadDataset, loadMovies } from '../src/storage/dataset';
import { deleteModel, getModel, saveModel } from '../src/storage/models';
import { signalFromPort } from './abort';
import { exposeApi } from './expose';
import type {
  BackendInfo,
  BackendName,
  BlendInfo,
  MemoryInfo,
  ModelApi,
  ModelInfo,
  ModelKind,
  Rating,
  Scores,
  TrainOptions,
  TrainProgress,
  WatchResult,
} from './model-api';

/** What serving needs: the movie index of the stored data. */
interface Serving {
  dataVersion: string;
  numMovies: number;
  movieIndexById: Int32Array;
  /** catalog position -> model movie row */
  rowOfCatalog: Int32Array;
  /** model movie row -> catalog position */
  catalogOfRow: Int32Array;
  /** the movies in model row order */
  moviesByRow: Movie[];
}

/** What training and measuring need on top: the fixed experiment. */
interface Trainer {
  dataVersion: string;
  exp: Experiment;
}

/** A rating model's tensors are leased: a training that lands mid-call never disposes them under it. */
type RatingLoaded = Extract<Loaded, { weights: ModelWeights }>;

type Loaded =
  | {
      kind: RatingModelKind;
      info: ModelInfo;
      weights: ModelWeights;
      serving: Leased<ServingModel>;
    }
  | { kind: 'ease'; info: ModelInfo; model: ItemModel; items: Int32Array };

/**
 * Person x movie scores the blend may compute: twice ML-1M's (6,040 x 3,883). People beyond that
 * are sampled (every k-th): all of ML-1M's, ~750 of ML-25M's, where scoring every movie for
 * everyone took hours after each training.
 */
const BLEND_SCORES = 2 * 6_040 * 3_883;
/** People the served stars are fitted on (stars.ts): ~9,000 validation rows on ML-1M, 3 s. */
const STARS_FIT_PEOPLE = 1_500;

/** The blend's grid, searched on validation (weights against the ranking model's 1). */
const BLEND_GRID: BlendWeights[] = [0, 0.15, 0.3, 0.6].flatMap((rating) =>
  [0, 0.05, 0.15].map((content) => ({ rating, content })),
);

let backend: Promise<BackendInfo> | undefined;
let serving: Promise<Serving> | undefined;
let trainer: Promise<Trainer> | undefined;
let tfidfByRow: { dataVersion: string; tfidf: GenreTfidf } | undefined;
let blendInfo: BlendInfo | undefined;
const loaded = new Map<ModelKind, Loaded>();

function init(prefer?: BackendName): Promise<BackendInfo> {
  backend ??= chooseBackend({
    prefer,
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      // Never loaded (chooseBackend turns threads off) but tf.js wants an entry for every binary;
      // not importing the threaded file keeps it out of the build and the precache.
      'tfjs-backend-wasm-threaded-simd.wasm': wasmSimd,
    },
  }).then((c) => ({ name: c.name, reason: c.reason, forced: c.forced }));
  return backend;
}

async function memory(): Promise<MemoryInfo> {
  await init();
  return memoryInfo();
}

const isGpu = (b: BackendName) => b === 'webgl' || b === 'webgpu';

/**
 * The GPU went away: WebAssembly from now on. The rating models loaded for serving held their
 * tensors on the lost device: they are dropped and load again (from IndexedDB) on the next call.
 */
async function afterDeviceLoss(from: BackendInfo, when: string): Promise<BackendInfo> {
  const name = await fallBackToWasm();
  for (const [kind, l] of loaded) {
    if (l.kind === 'ease') continue;
    l.serving.retire();
    loaded.delete(kind);
  }
  const next: BackendInfo = {
    name,
    forced: false,
    reason: `${backendLabel(name)}, because ${backendLabel(from.name)} stopped working (the GPU was lost ${when}).`,
  };
  backend = Promise.resolve(next);
  return next;
}

function forget(): void {
  for (const l of loaded.values()) if (l.kind !== 'ease') l.serving.retire();
  loaded.clear();
  trainer = undefined;
  tfidfByRow = undefined;
  blendInfo = undefined;
}

/**
 * The serving index for the stored data, rebuilt only when the data version changes: each call
 * reads just the small manifest records to check the version.
 */
async function getServing(): Promise<Serving> {
  const stored = await completeManifest();
  if (!stored) throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
  const version = stored.manifest.dataVersion;
  const current = serving ? await serving.catch(() => undefined) : undefined;
  if (current?.dataVersion === version) return current;
  forget();
  serving = loadMovies().then(({ version: dataVersion, movies }) => {
    const maps = buildIndexMaps(
      movies.map((m) => m.id),
      [],
    );
    const rowOfCatalog = Int32Array.from(movies, (m) => maps.movieIndexById[m.id] ?? -1);
    const catalogOfRow = new Int32Array(maps.numMovies).fill(-1);
    rowOfCatalog.forEach((row, i) => row >= 0 && (catalogOfRow[row] = i));
    const moviesByRow = Array.from(catalogOfRow, (i) => movies[i]!);
    return {
      dataVersion,
      numMovies: maps.numMovies,
      movieIndexById: maps.movieIndexById,
      rowOfCatalog,
      catalogOfRow,
      moviesByRow,
    };
  });
  return serving;
}

/** The experiment (split, tasks, baselines): built on the first training or measuring call. */
async function getTrainer(): Promise<Trainer> {
  const s = await getServing();
  const current = trainer ? await trainer.catch(() => undefined) : undefined;
  if (current?.dataVersion === s.dataVersion) return current;
  trainer = loadDataset().then((data) => {
    const exp = prepareExperiment({
      movieIds: data.movies.map((m) => m.id),
      userIds: data.users.map((u) => u.id),
      ratings: data.ratings,
    });
    if (exp.maps.numMovies !== s.numMovies)
      throw new ReelError('internal', 'The movie index changed while training.');
    return { dataVersion: data.version, exp };
  });
  return trainer;
}

function remember(l: Loaded): Loaded {
  const old = loaded.get(l.kind);
  if (old && old.kind !== 'ease') old.serving.retire();
  loaded.set(l.kind, l);
  return l;
}

function loadedOf(kind: RatingModelKind, weights: ModelWeights, info: ModelInfo): Loaded {
  const serving = new Leased(createServingModel(weights), (m) => m.dispose());
  return { kind, info, weights, serving };
}

/**
 * The saved model of this kind for the stored data (cached). With `lease`, a rating model's
 * tensors are held until the caller calls `release` (taken here, with no await in between).
 */
async function load(
  kind: ModelKind,
  lease = false,
): Promise<(Loaded & { release?: () => void }) | undefined> {
  // The lease is taken in the same synchronous step that picks the model.
  const held = (l: Loaded | undefined) =>
    lease && l && l.kind !== 'ease' ? { ...l, release: l.serving.acquire() } : l;
  const s = await getServing();
  const have = loaded.get(kind);
  if (have && have.info.dataVersion === s.dataVersion) return held(have);
  const rec = await getModel(kind);
  if (!rec || rec.dataVersion !== s.dataVersion) return undefined;
  const info = rec.meta as unknown as ModelInfo;
  try {
    if (kind === 'ease') {
      const model = restoreItemModel(rec.weights, s.numMovies);
      return remember({ kind, info, model, items: itemOfMovie(model, s.numMovies) });
    }
    const weights = restoreWeights(rec.weights);
    if (weights.numMovies !== s.numMovies) return undefined;
    await init();
    const now = loaded.get(kind); // another call may have loaded it meanwhile
    if (now && now.info.trainedAt >= info.trainedAt) return held(now);
    return held(remember(loadedOf(kind, weights, info)));
  } catch {
    return undefined; // a damaged or outdated saved model is simply retrained
  }
}

async function info(kind: ModelKind): Promise<ModelInfo | undefined> {
  return (await load(kind))?.info;
}

async function commonInfo(
  kind: ModelKind,
  t: Trainer,
  b: BackendInfo,
): Promise<
  Pick<ModelInfo, 'kind' | 'dataVersion' | 'trainedAt' | 'backend' | 'baselines' | 'split'>
> {
  const { exp } = t;
  return {
    kind,
    dataVersion: t.dataVersion,
    trainedAt: Date.now(),
    backend: b.name,
    baselines: exp.baselines,
    split: {
      seed: exp.seed,
      fingerprint: splitFingerprint(exp.split),
      train: exp.split.train.length,
      valid: exp.split.valid.length,
      test: exp.split.test.length,
    },
  };
}

async function trainRanking(
  options: TrainOptions,
  onProgress: (p: TrainProgress) => void,
  signal: AbortSignal | undefined,
): Promise<ModelInfo> {
  let b = await init();
  onProgress({ kind: 'ease', phase: 'prepare', epoch: 0, maxEpochs: 0 });
  const t = await getTrainer();
  const o = options.overrides ?? {};
  const t0 = performance.now();
  const solve = () =>
    trainRankingModel(t.exp, {
      signal,
      lambda: typeof o.lambda === 'number' ? o.lambda : undefined,
      maxItems: typeof o.maxItems === 'number' ? o.maxItems : undefined,
      onProgress: (phase, step, steps, point) =>
        onProgress({
          kind: 'ease',
          phase: phase === 'gram' ? 'prepare' : phase,
          epoch: step,
          maxEpochs: steps,
          lambdaPoint: point,
        }),
    });
  let result: Awaited<ReturnType<typeof trainRankingModel>>;
  let note: string | undefined;
  try {
    result = await solve();
    if (isGpu(b.name) && deviceLost()) throw new BackendLost(undefined); // read back zeros
  } catch (e) {
    if (!isGpu(b.name) || !(e instanceof BackendLost || deviceLost())) throw e;
    // The solve has no epochs to keep: it runs again on the fallback.
    b = await afterDeviceLoss(b, 'while the ranking model trained');
    note = `${backendLabel(b.name)}: the GPU was lost during the solve, which ran again from the start.`;
    result = await solve();
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  throwIfAborted(signal);
  const { n } = result.model;
  const infoOut: ModelInfo = {
    ...(await commonInfo('ease', t, b)),
    config: { lambda: result.lambda, dropout: result.dropout, items: n },
    params: n * n,
    epochs: result.search.length,
    bestEpoch:
      Math.max(
        0,
        result.search.findIndex((p) => p.lambda === result.lambda),
      ) + 1,
    secondsPerEpoch: result.solveSeconds,
    trainSeconds,
    history: [],
    lambdaSearch: result.search,
    metrics: {
      testRmse: Number.NaN,
      testMae: Number.NaN,
      hr10: result.test.hr10,
      ndcg10: result.test.ndcg10,
    },
    userRatings: 0,
    ...(note ? { backendNote: note } : {}),
  };
  onProgress({ kind: 'ease', phase: 'save', epoch: infoOut.epochs, maxEpochs: infoOut.epochs });
  await saveModel({
    kind: 'ease',
    dataVersion: t.dataVersion,
    savedAt: infoOut.trainedAt,
    meta: infoOut as unknown as Record<string, unknown>,
    weights: serializeItemModel(result.model),
  });
  const s = await getServing();
  remember({
    kind: 'ease',
    info: infoOut,
    model: result.model,
    items: itemOfMovie(result.model, s.numMovies),
  });
  return infoOut;
}

async function trainRating(
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
      `after epoch ${from} of the ${kind === 'mf' ? 'MF' : 'neural model'}`,
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
  onProgress({
    kind,
    phase: 'evaluate',
    epoch: result.history.length,
    maxEpochs: config.maxEpochs,
  });
  const metrics = await evaluateModel(result.weights, exp);
  const history = result.history.map((h) => ({ ...h }));
  const infoOut: ModelInfo = {
    ...(await commonInfo(kind, t, b)),
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
    metrics,
    userRatings: mine.length,
    ...(note ? { backendNote: note } : {}),
  };
  throwIfAborted(signal);
  onProgress({ kind, phase: 'save', epoch: history.length, maxEpochs: config.maxEpochs });
  await saveModel({
    kind,
    dataVersion: t.dataVersion,
    savedAt: infoOut.trainedAt,
    meta: infoOut as unknown as Record<string, unknown>,
    weights: serializeWeights(result.weights),
  });
  // Only now does the new model replace the one serving recommendations.
  remember(loadedOf(kind, result.weights, infoOut));
  return infoOut;
}

async function train(
  kind: ModelKind,
  options: TrainOptions,
  onProgress: (p: TrainProgress) => void,
  abort?: MessagePort,
): Promise<ModelInfo> {
  const signal = signalFromPort(abort);
  // Every message re-renders the page: the solve's fractions go at most ~4 a second; a message
  // with a curve point (an epoch, a lambda) always goes, or the lab's curves would miss points.
  onProgress = throttleProgress(onProgress, 250, undefined, (p) => !!(p.point || p.lambdaPoint));
  const out = isRatingModel(kind)
    ? await trainRating(kind, options, onProgress, signal)
    : await trainRanking(options, onProgress, signal);
  // The served blend depends on the ranking model and the MF: measure it again for the new pair.
  if (kind !== 'neural') {
    onProgress({ kind, phase: 'blend', epoch: out.epochs, maxEpochs: out.epochs });
    await measureBlend(false, signal).catch((e: unknown) => {
      if (e instanceof ReelError && e.code === 'no-model') return undefined;
      throw e;
    });
  }
  return out;
}

function movieRows(s: Serving, ratings: Rating[]): FoldInRating[] {
  const out: FoldInRating[] = [];
  for (const r of ratings) {
    const m = s.movieIndexById[r.movieId] ?? -1;
    if (m >= 0) out.push({ movieIndex: m, rating: r.rating });
  }
  return out;
}

function toCatalog<T extends Float32Array | Int32Array>(s: Serving, byRow: T, out: T): T {
  for (let i = 0; i < out.length; i++) {
    const row = s.rowOfCatalog[i]!;
    out[i] = row >= 0 ? byRow[row]! : out[i]!;
  }
  return out;
}

/**
 * The last neural fold-in, its ratings and the weights it was made with: the same ratings again
 * get the same person back (exactly, and at no cost); other ratings (usually one more) start
 * Levenberg-Marquardt from it, so it needs fewer passes.
 */
let lastNeuralFold: { weights: ModelWeights; given: FoldInRating[]; user: FoldedUser } | null =
  null;

const sameRatings = (a: FoldInRating[], b: FoldInRating[]): boolean =>
  a.length === b.length &&
  a.every((r, i) => r.movieIndex === b[i]!.movieIndex && r.rating === b[i]!.rating);

function foldInNeuralWarm(w: ModelWeights, given: FoldInRating[]): FoldedUser {
  const last = lastNeuralFold?.weights === w ? lastNeuralFold : null;
  if (last && sameRatings(last.given, given)) return last.user;
  const user = foldInNeural(w, given, last ? { init: last.user } : {});
  lastNeuralFold = { weights: w, given, user };
  return user;
}

async function recommend(kind: RatingModelKind, ratings: Rating[]): Promise<Scores> {
  const s = await getServing();
  const model = await load(kind, true);
  if (!model || model.kind === 'ease')
    throw new ReelError('no-model', 'That model is not trained yet.');
  try {
    const t0 = performance.now();
    const given = movieRows(s, ratings);
    const w = model.weights;
    const user =
      kind === 'mf' ? foldIn(given, w, foldInLambda(given.length)) : foldInNeuralWarm(w, given);
    const foldInMs = performance.now() - t0;
    const byRow = await model.serving.value.scoreUser(user.vector, user.bias);
    const predicted = toCatalog(s, byRow, new Float32Array(s.rowOfCatalog.length).fill(Number.NaN));
    return transfer({ kind, predicted, foldInMs }, [predicted.buffer]);
  } finally {
    model.release?.();
  }
}

async function easeModel(): Promise<Extract<Loaded, { kind: 'ease' }>> {
  const m = await load('ease');
  if (!m || m.kind !== 'ease')
    throw new ReelError('no-model', 'The ranking model is not trained yet.');
  return m;
}

async function watch(ratings: Rating[]): Promise<WatchResult> {
  const m = await easeModel();
  const s = await getServing();
  const t0 = performance.now();
  const rows = movieRows(s, ratings).map((r) => r.movieIndex);
  const w = watchScores(m.model, m.items, rows);
  const n = s.rowOfCatalog.length;
  const scores = toCatalog(s, w.scores, new Float32Array(n).fill(-Infinity));
  const contribution = toCatalog(s, w.contribution, new Float32Array(n));
  const because = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const row = s.rowOfCatalog[i]!;
    const src = row >= 0 ? w.because[row]! : -1;
    because[i] = src >= 0 ? s.catalogOfRow[src]! : -1;
  }
  const ms = performance.now() - t0;
  return transfer({ scores, because, contribution, ms }, [
    scores.buffer,
    because.buffer,
    contribution.buffer,
  ]);
}

async function similar(movie: number): Promise<Float32Array | undefined> {
  const m = await load('ease');
  if (!m || m.kind !== 'ease') return undefined;
  const s = await getServing();
  const row = s.rowOfCatalog[movie] ?? -1;
  if (row < 0) return undefined;
  const byRow = similarRow(m.model, m.items, row);
  const out = toCatalog(s, byRow, new Float32Array(s.rowOfCatalog.length).fill(-Infinity));
  return transfer(out, [out.buffer]);
}

/** Genre TF-IDF over the movies in model row order (the evaluation's content signal). */
async function tfidfRows(): Promise<GenreTfidf> {
  const s = await getServing();
  if (tfidfByRow?.dataVersion !== s.dataVersion)
    tfidfByRow = { dataVersion: s.dataVersion, tfidf: fitGenreTfidf(s.moviesByRow) };
  return tfidfByRow.tfidf;
}

/** MF's predicted rating of every movie for a trained user row (unclipped, as served). */
function mfRow(w: ModelWeights, user: number, out: Float32Array): Float32Array {
  const { dim, movieFactors, movieBias } = w;
  const base = w.globalMean + w.userBias[user]!;
  const u = w.userFactors.subarray(user * dim, (user + 1) * dim);
  for (let m = 0; m < out.length; m++) {
    let s = base + movieBias[m]!;
    const off = m * dim;
    for (let d = 0; d < dim; d++) s += u[d]! * movieFactors[off + d]!;
    out[m] = s;
  }
  return out;
}

const pause = () => new Promise<void>((r) => setTimeout(r, 0));

/** Chooses the blend's weights on validation and measures it (and every model alone) on test. */
async function measureBlend(full: boolean, signal?: AbortSignal): Promise<BlendInfo> {
  const ease = await easeModel();
  const mf = await load('mf');
  if (!mf || mf.kind !== 'mf')
    throw new ReelError('no-model', 'The matrix factorizer is not trained yet.');
  const neural = full ? await load('neural', true) : undefined;
  try {
    return await measureWith(ease, mf, neural, full, signal);
  } finally {
    neural?.release?.();
  }
}

async function measureWith(
  ease: Extract<Loaded, { kind: 'ease' }>,
  mf: RatingLoaded,
  neural: Loaded | undefined,
  full: boolean,
  signal: AbortSignal | undefined,
): Promise<BlendInfo> {
  const t = await getTrainer();
  const { exp } = t;
  const tfidf = await tfidfRows();
  const t0 = performance.now();
  const numMovies = exp.maps.numMovies;
  const ratingBuf = new Float32Array(numMovies);
  const people = Math.max(500, Math.floor(BLEND_SCORES / Math.max(1, numMovies)));
  const pauseOrAbort = async () => {
    await pause();
    throwIfAborted(signal);
  };
  const modelSignals = (p: Person) => ({
    watch: watchScores(ease.model, ease.items, p.movies, { because: false }).scores,
    rating: mfRow(mf.weights, p.user, ratingBuf),
  });
  // the served stars (stars.ts), fitted on the validation rows before the blend is chosen there
  const stars = await fitServedStars(
    { numUsers: exp.maps.numUsers, train: exp.train, valid: exp.valid },
    { signals: modelSignals, people: Math.min(people, STARS_FIT_PEOPLE), pause: pauseOrAbort },
  );
  // the MF's own predictions of the person just scored, for measuring the MF alone (`extra`)
  let mfOf: { user: number; rating: Float32Array } | undefined;
  const signals = (p: Person): Signals => {
    const { watch, rating } = modelSignals(p);
    mfOf = { user: p.user, rating };
    return {
      watch,
      rating: servedStars(rating, watch, stars.stack),
      content: tfidf.scoreAll(
        tfidf.profileFromRatings(
          [],
          Array.from(p.movies, (m, i) => ({ index: m, rating: p.ratings[i]! })),
        ),
      ),
    };
  };
  const result = await evaluateServed(
    {
      numUsers: exp.maps.numUsers,
      numMovies,
      train: exp.train,
      valid: exp.valid,
      test: exp.test,
      testTasks: exp.ranking,
      validTasks: exp.validRanking,
    },
    {
      grid: BLEND_GRID,
      people,
      signals,
      ratingRange: mf.weights.ratingRange,
      full,
      measureFloor: true,
      pause: pauseOrAbort,
      extra: {
        ease: (_p, sg) => sg.watch,
        mf: (p) => (mfOf?.user === p.user ? mfOf.rating : mfRow(mf.weights, p.user, ratingBuf)),
        popularity: () => exp.trainCounts,
        ...(neural && neural.kind === 'neural'
          ? {
              neural: (p: Person) =>
                neural.serving.value.scoreUser(
                  neural.weights.userFactors.subarray(
                    p.user * neural.weights.dim,
                    (p.user + 1) * neural.weights.dim,
                  ),
                  neural.weights.userBias[p.user]!,
                ),
            }
          : {}),
      },
    },
  );
  const out: BlendInfo = {
    dataVersion: t.dataVersion,
    weights: result.weights,
    curve: result.curve,
    served: result.served,
    ...(result.servedNoFloor ? { servedNoFloor: result.servedNoFloor } : {}),
    ...(result.positivesBelowFloor !== undefined
      ? { positivesBelowFloor: result.positivesBelowFloor }
      : {}),
    stars: { ...stars.stack, rows: stars.rows, testRmse: result.ratingRmse?.rmse ?? Number.NaN },
    models: result.extra,
    measuredOn: {
      ease: ease.info.trainedAt,
      mf: mf.info.trainedAt,
      ...(neural ? { neural: neural.info.trainedAt } : {}),
    },
    seconds: (performance.now() - t0) / 1000,
  };
  throwIfAborted(signal);
  await saveModel({
    kind: 'blend',
    dataVersion: t.dataVersion,
    savedAt: Date.now(),
    meta: out as unknown as Record<string, unknown>,
    weights: null,
  });
  blendInfo = out;
  return out;
}

async function blend(): Promise<BlendInfo | undefined> {
  const s = await getServing();
  if (blendInfo?.dataVersion === s.dataVersion) return blendInfo;
  const rec = await getModel('blend');
  if (!rec || rec.dataVersion !== s.dataVersion) return undefined;
  blendInfo = rec.meta as unknown as BlendInfo;
  return blendInfo;
}

async function evaluate(options: { full: boolean }, abort?: MessagePort): Promise<BlendInfo> {
  return measureBlend(options.full, signalFromPort(abort));
}

/**
 * "Reset": the rating models trained with the person's own ratings are deleted too (they hold
 * what the person told Reel); the blend measured on them goes with them. Returns what went.
 */
async function forgetUserModels(): Promise<ModelKind[]> {
  const gone: ModelKind[] = [];
  for (const kind of RATING_MODEL_KINDS) {
    const l = await load(kind);
    if (!l || l.info.userRatings === 0) continue;
    await deleteModel(kind);
    const now = loaded.get(kind);
    if (now && now.kind !== 'ease') now.serving.retire();
    loaded.delete(kind);
    gone.push(kind);
  }
  if (gone.includes('mf')) {
    await deleteModel('blend');
    blendInfo = undefined;
  }
  return gone;
}

const api: ModelApi = {
  init,
  memory,
  info,
  train,
  recommend,
  watch,
  similar,
  blend,
  evaluate,
  forgetUserModels,
};
exposeApi(api as unknown as Record<string, (...args: never[]) => unknown>);

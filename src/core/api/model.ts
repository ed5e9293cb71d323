/**
 * The model worker's wire and stored types: what its API (workers/model-api.ts) takes and returns,
 * and what IndexedDB keeps of a trained model (ModelInfo) and of the served blend (BlendInfo).
 * Rule: they live in core so storage can type its records with them; a record read back is
 * checked by restoreModelInfo / restoreBlendInfo (restoreModel.ts) before it is trusted.
 */
import type { FilmMark } from '../profile';
import type { BlendWeights } from '../recommend/blend';
import type { StarsStack } from '../recommend/stars';
import type { RankingFigures } from '../eval/accumulate';
import type { BackendName, ModelKind, RatingModelKind } from '../kinds';

export type { BackendName, ModelKind, RatingModelKind };

export interface BackendInfo {
  name: BackendName;
  reason: string;
  /** chosen by the `?backend=` override, not by the measurement */
  forced: boolean;
}

/** tf.js memory in the model worker (diagnostics, and the leak checks of the tests). */
export interface MemoryInfo {
  backend: BackendName;
  numTensors: number;
  numBytes: number;
}

export interface EpochPoint {
  epoch: number;
  loss: number;
  valRmse: number;
  seconds: number;
}

/** One point of the ranking model's lambda search (validation figures). */
export interface LambdaPoint {
  lambda: number;
  hr10: number;
  ndcg10: number;
}

interface TestMetrics {
  /** NaN for the ranking model, which predicts no stars */
  testRmse: number;
  testMae: number;
  hr10: number;
  ndcg10: number;
}

interface Baselines {
  globalMean: { testRmse: number; testMae: number };
  biases: { testRmse: number; testMae: number; hr10?: number; ndcg10?: number };
  popularity: RankingFigures;
}

export interface ModelInfo {
  kind: ModelKind;
  dataVersion: string;
  trainedAt: number;
  backend: BackendName;
  /** hyper-parameters used */
  config: Record<string, number | string | number[]>;
  params: number;
  epochs: number;
  bestEpoch: number;
  secondsPerEpoch: number;
  trainSeconds: number;
  /** rating models: the training curve */
  history: EpochPoint[];
  /** ranking model: the lambda search on validation */
  lambdaSearch?: LambdaPoint[];
  metrics: TestMetrics;
  baselines: Baselines;
  /** when the GPU was lost during training: what happened, in words */
  backendNote?: string;
  /** how many of the user's own ratings were in the training data (retraining) */
  userRatings: number;
  /** the fixed split this model was trained and measured on (same in Node and every browser) */
  split: { seed: number; fingerprint: string; train: number; valid: number; test: number };
  /**
   * true while `metrics` are not measured yet (NaN): a model is saved and served first, its test
   * figures come later (the worker's `figures`), never before the save.
   */
  metricsPending?: boolean;
  /**
   * Returned by a train call with `onlyIfBetter` (never stored): whether the new model replaced
   * the saved one, and both validation RMSEs.
   */
  retrain?: { replaced: boolean; valRmse: number; previousValRmse: number };
}

/** Where and when a served blend was measured: when the data was prepared, or on this device. */
interface BlendOrigin {
  where: 'prepared' | 'device';
  /** Date.now() of the measurement */
  at: number;
}

/** The served blend: weights chosen on validation, figures on test, for the models saved now. */
export interface BlendInfo {
  dataVersion: string;
  weights: BlendWeights;
  /** validation figures per weight pair tried */
  curve: { weights: BlendWeights; valid: RankingFigures }[];
  /** the blend exactly as the lists rank, on the test set */
  served: RankingFigures;
  /** the same blend without the 3★ floor: what the floor costs on these figures */
  servedNoFloor?: RankingFigures;
  /** share of the test tasks whose held-out movie the floor hides (the served HR@10 is at most 1 minus it) */
  positivesBelowFloor?: number;
  /**
   * disliked@10: share of the served top-10 (unknown films only) that the measured test people
   * rated DISLIKED_STARS or less in their test rows; absent in blends measured before.
   */
  disliked10?: number;
  /**
   * The hybrid's stars (src/core/recommend/stars.ts): the stack fitted on `rows` validation
   * ratings, and the stars' test RMSE (clipped to the scale). Absent in blends measured before.
   */
  stars?: StarsStack & { rows: number; testRmse: number };
  /** the same people and protocol: each model alone and popularity */
  models: Partial<Record<ModelKind | 'popularity', RankingFigures>>;
  /** trainedAt of the models it was measured on */
  measuredOn: Partial<Record<ModelKind, number>>;
  seconds: number;
  /** where and when it was measured (absent in blends measured before this field existed) */
  origin?: BlendOrigin;
  /**
   * the ranking model's lambda chosen on validation when the blend was measured: a ranking model
   * trained for the same data uses it and skips its own search (prepared records only)
   */
  rankingLambda?: number;
}

type TrainPhase = 'prepare' | 'epoch' | 'search' | 'solve' | 'evaluate' | 'blend' | 'save';

export interface TrainProgress {
  kind: ModelKind;
  phase: TrainPhase;
  /** epochs (rating models) or steps (ranking model: search points, then the full solve) */
  epoch: number;
  maxEpochs: number;
  point?: EpochPoint;
  lambdaPoint?: LambdaPoint;
}

export interface TrainOptions {
  /** the user's own ratings to add to the training data ("retrain with my ratings") */
  userRatings?: { movieId: number; rating: number }[];
  /** continue from the saved model instead of a fresh start */
  warmStart?: boolean;
  /**
   * rating models: replace the saved model only if the new one is at least as good on validation
   * (best validation RMSE); otherwise the saved one keeps serving and is returned, with `retrain`
   */
  onlyIfBetter?: boolean;
  /** override defaults (epochs, lambda etc.); used by tests and the bench */
  overrides?: Record<string, number | number[]>;
  /**
   * Tests only: take the GPU away (WEBGL_lose_context / GPUDevice.destroy()) after this epoch
   * of a rating model, to prove the fallback to wasm.
   */
  loseDeviceAfterEpoch?: number;
}

export interface Scores {
  kind: RatingModelKind;
  /** predicted rating per movie (unclipped: clip for display), indexed like the catalog's movies */
  predicted: Float32Array;
  foldInMs: number;
}

export interface WatchResult {
  /** ranking-model score per movie (-Infinity outside the model), indexed like the catalog */
  scores: Float32Array;
  /** catalog index of the rated movie contributing most to each score, or -1 */
  because: Int32Array;
  contribution: Float32Array;
  ms: number;
}

export type Rating = { movieId: number; rating: number };

/**
 * What the ranking model hears of one film (watch.ts watchWeight): stars, or null with a mark
 * ('seen', 'not-interested'; anything else counts for nothing).
 */
export type WatchAction = { movieId: number; rating: number | null; mark?: FilmMark };

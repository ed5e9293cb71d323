/** The model worker's typed API (implemented in model.worker.ts, used through comlink). */
import type { BlendWeights } from '../src/core/recommend/blend';
import type { StarsStack } from '../src/core/recommend/stars';
import type { RankingFigures } from '../src/core/eval/accumulate';
import type { BackendName, ModelKind, RatingModelKind } from '../src/core/kinds';

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

export interface TestMetrics {
  /** NaN for the ranking model, which predicts no stars */
  testRmse: number;
  testMae: number;
  hr10: number;
  ndcg10: number;
}

export interface Baselines {
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
   * The hybrid's stars (src/core/recommend/stars.ts): the stack fitted on `rows` validation
   * ratings, and the stars' test RMSE (clipped to the scale). Absent in blends measured before.
   */
  stars?: StarsStack & { rows: number; testRmse: number };
  /** the same people and protocol: each model alone and popularity */
  models: Partial<Record<ModelKind | 'popularity', RankingFigures>>;
  /** trainedAt of the models it was measured on */
  measuredOn: Partial<Record<ModelKind, number>>;
  seconds: number;
}

export type TrainPhase = 'prepare' | 'epoch' | 'search' | 'solve' | 'evaluate' | 'blend' | 'save';

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

export interface ModelApi {
  /**
   * Picks the backend by a quick measurement (src/models/race.ts), or `prefer` when it starts
   * (the `?backend=` override). The first call decides; later calls return the backend in use
   * now (after a lost GPU: the fallback, with its reason).
   */
  init(prefer?: BackendName): Promise<BackendInfo>;
  /** tf.memory() of the worker's backend. */
  memory(): Promise<MemoryInfo>;
  /** The saved model of this kind for the current data, if any (loaded from IndexedDB). */
  info(kind: ModelKind): Promise<ModelInfo | undefined>;
  train(
    kind: ModelKind,
    options: TrainOptions,
    onProgress: (p: TrainProgress) => void,
    abort?: MessagePort,
  ): Promise<ModelInfo>;
  /** Fold the user's ratings into a rating model and predict all movies in one pass. */
  recommend(kind: RatingModelKind, ratings: Rating[]): Promise<Scores>;
  /** The ranking model's scores for the user's rated movies (no training: a sum of rows). */
  watch(ratings: Rating[]): Promise<WatchResult>;
  /** The ranking model's row for one movie (catalog index), or undefined without the model. */
  similar(movie: number): Promise<Float32Array | undefined>;
  /** The served blend's weights and figures, when the ranking model and the MF are both saved. */
  blend(): Promise<BlendInfo | undefined>;
  /**
   * Measures the blend and every saved model on the test set with the full-catalogue figures too
   * (the bench); also chooses and saves the blend.
   */
  evaluate(options: { full: boolean }, abort?: MessagePort): Promise<BlendInfo>;
  /** Deletes the rating models trained with the person's own ratings (profile reset). */
  forgetUserModels(): Promise<ModelKind[]>;
}

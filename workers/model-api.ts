/** The model worker's typed API (implemented in model.worker.ts, used through comlink). */
export type ModelKind = 'mf' | 'neural';
export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  reason: string;
}

export interface EpochPoint {
  epoch: number;
  loss: number;
  valRmse: number;
  seconds: number;
}

export interface TestMetrics {
  testRmse: number;
  testMae: number;
  hr10: number;
  ndcg10: number;
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
  history: EpochPoint[];
  metrics: TestMetrics;
  baselines: {
    globalMean: { testRmse: number; testMae: number };
    biases: { testRmse: number; testMae: number };
  };
  /** how many of the user's own ratings were in the training data (retraining) */
  userRatings: number;
  /** the fixed split this model was trained and measured on (same in Node and every browser) */
  split: { seed: number; fingerprint: string; train: number; valid: number; test: number };
}

export type TrainPhase = 'prepare' | 'epoch' | 'evaluate' | 'save';

export interface TrainProgress {
  kind: ModelKind;
  phase: TrainPhase;
  epoch: number;
  maxEpochs: number;
  point?: EpochPoint;
}

export interface TrainOptions {
  /** the user's own ratings to add to the training data ("retrain with my ratings") */
  userRatings?: { movieId: number; rating: number }[];
  /** continue from the saved model instead of a fresh start */
  warmStart?: boolean;
  /** override defaults (epochs etc.); used by tests and the bench */
  overrides?: Record<string, number | number[]>;
}

export interface Scores {
  kind: ModelKind;
  /** predicted rating (1..5) per movie, indexed like the catalog's movies */
  predicted: Float32Array;
  foldInMs: number;
}

export interface ItemFactors {
  kind: ModelKind;
  dim: number;
  /** row-major numMovies x dim, indexed like the catalog's movies */
  factors: Float32Array;
}

export interface ModelApi {
  /** Picks the backend by a quick measurement (webgl on a real GPU, else wasm, else cpu). */
  init(): Promise<BackendInfo>;
  /** The saved model of this kind for the current data, if any (loaded from IndexedDB). */
  info(kind: ModelKind): Promise<ModelInfo | undefined>;
  train(
    kind: ModelKind,
    options: TrainOptions,
    onProgress: (p: TrainProgress) => void,
    abort?: MessagePort,
  ): Promise<ModelInfo>;
  /** Fold the user's ratings into the trained model and predict all movies in one pass. */
  recommend(kind: ModelKind, ratings: { movieId: number; rating: number }[]): Promise<Scores>;
  itemFactors(kind: ModelKind): Promise<ItemFactors>;
}

/**
 * The model worker's typed API (implemented by workers/model.worker.ts, used through comlink).
 * The types it exchanges live in core (src/core/api/model.ts), beside what storage keeps of them.
 */
import type {
  WatchAction,
  BackendInfo,
  BackendName,
  BlendInfo,
  MemoryInfo,
  ModelInfo,
  ModelKind,
  Rating,
  RatingModelKind,
  Scores,
  TrainOptions,
  TrainProgress,
  WatchResult,
} from '../src/core/api/model';

export type * from '../src/core/api/model';

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
  /**
   * The saved model's info with its test figures: training saves a model before they are
   * measured (info.metricsPending); this measures and stores them (the lab asks, never serving).
   */
  figures(kind: ModelKind): Promise<ModelInfo | undefined>;
  train(
    kind: ModelKind,
    options: TrainOptions,
    onProgress: (p: TrainProgress) => void,
    abort?: MessagePort,
  ): Promise<ModelInfo>;
  /** Fold the user's ratings into a rating model and predict all movies in one pass. */
  recommend(kind: RatingModelKind, ratings: Rating[]): Promise<Scores>;
  /** The ranking model's scores for the user's actions (no training: a weighted sum of rows). */
  watch(actions: WatchAction[]): Promise<WatchResult>;
  /** The ranking model's row for one movie (catalog index), or undefined without the model. */
  similar(movie: number): Promise<Float32Array | undefined>;
  /**
   * The served blend's weights and figures: measured on this device (stored), else the one that
   * came with the data (its manifest); undefined when neither exists yet.
   */
  blend(): Promise<BlendInfo | undefined>;
  /**
   * Chooses the blend's weights on validation and measures it and every saved model on test
   * (`full`: the full-catalogue figures too, for the bench), in slices that yield; saves it as
   * measured on this device.
   */
  evaluate(options: { full: boolean }, abort?: MessagePort): Promise<BlendInfo>;
  /** Deletes the rating models trained with the person's own ratings (profile reset). */
  forgetUserModels(): Promise<ModelKind[]>;
}

/**
 * The bench page's wire contract: what `window.reelBench` offers and where the page is served.
 * The bench scripts (scripts/lib/bench-*.ts) and the backends e2e test drive the page through it;
 * it imports only worker API types, so importing it never pulls the UI or the workers in.
 */
import type { DatasetSummary } from '../../src/core/api/data';
import type { BackendInfo, BackendName, BlendInfo, MemoryInfo } from '../../src/core/api/model';
import type { ModelInfo, ModelKind, TrainOptions } from '../../src/core/api/model';

/** The page's path inside a build made with REEL_BENCH_PAGE=1 (vite.config.ts's second entry). */
export const BENCH_PAGE = 'scripts/bench-page/bench.html';

export interface RatingIn {
  movieId: number;
  rating: number;
}

interface FoldInTimings {
  /** page-measured round trip of each `recommend` call (ms), in user order */
  roundTripMs: number[];
  /** the worker's own fold-in time (`Scores.foldInMs`) of each call */
  workerMs: number[];
  /** one untimed warm-up call precedes the timed ones */
  warmUpMs: number;
  /** round trips of `info(kind)` afterwards: the per-call cost without fold-in or scoring */
  infoMs: number[];
}

export interface BenchApi {
  /** Loads (or opens the stored) data set through the data worker. */
  loadData(manifestUrl: string): Promise<DatasetSummary>;
  /** Picks the backend (`prefer`: the `?backend=` override); the first call decides. */
  init(prefer?: BackendName): Promise<BackendInfo>;
  /** tf.memory() in the model worker. */
  memory(): Promise<MemoryInfo>;
  /** Trains `kind` with the default config plus `overrides` (on the backend `init` chose). */
  train(
    kind: ModelKind,
    overrides: Record<string, number | number[]>,
    extra?: Pick<TrainOptions, 'loseDeviceAfterEpoch'>,
  ): Promise<{ backend: BackendInfo; info: ModelInfo; callSeconds: number }>;
  /** Predicted stars (rating models) or ranking scores (ease) for one person, per catalog movie. */
  scores(kind: ModelKind, ratings: RatingIn[]): Promise<number[]>;
  /** Times `recommend(kind, ratings)` (the ranking model: `watch(ratings)`) once per user. */
  foldIn(kind: ModelKind, users: RatingIn[][]): Promise<FoldInTimings>;
  /** The served blend and every saved model on the test set, full-catalogue figures included. */
  evaluate(): Promise<BlendInfo>;
}

declare global {
  interface Window {
    reelBench?: BenchApi;
  }
}

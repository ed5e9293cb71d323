/**
 * The bench page (a second Vite entry, built only by scripts/bench.ts): exposes `window.reelBench`
 * so Playwright can drive the REAL data and model workers through src/ui/bridge.ts, exactly as
 * the app does — no debug hooks in the app itself. Progress goes to the console as
 * `reel-bench <json>` lines, which the bench script prints.
 */
import type { DataProgress, DatasetSummary } from '../../workers/data-api';
import type {
  BackendInfo,
  BackendName,
  BlendInfo,
  MemoryInfo,
  ModelInfo,
  ModelKind,
  TrainOptions,
  TrainProgress,
} from '../../workers/model-api';
import { dataWorker, modelWorker, proxy } from '../../src/ui/bridge';

export interface RatingIn {
  movieId: number;
  rating: number;
}

export interface FoldInTimings {
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

const say = (event: string, detail: object) =>
  console.log(`reel-bench ${JSON.stringify({ event, ...detail })}`);

const api: BenchApi = {
  async loadData(manifestUrl) {
    let last = '';
    return dataWorker().loadFromServer(
      manifestUrl,
      proxy((p: DataProgress) => {
        if (p.phase === last) return;
        last = p.phase;
        say('data', { phase: p.phase });
      }),
    );
  },

  init(prefer) {
    return modelWorker().init(prefer);
  },

  memory() {
    return modelWorker().memory();
  },

  async scores(kind, ratings) {
    if (kind === 'ease') return Array.from((await modelWorker().watch(ratings)).scores);
    return Array.from((await modelWorker().recommend(kind, ratings)).predicted);
  },

  async train(kind, overrides, extra = {}) {
    await modelWorker().init();
    const t0 = performance.now();
    const info = await modelWorker().train(
      kind,
      { overrides, ...extra },
      proxy((p: TrainProgress) => {
        if (p.phase === 'epoch' && p.point) say('epoch', { kind, ...p.point });
        else say('train', { kind, phase: p.phase });
      }),
    );
    // after the training: a GPU lost meanwhile leaves the fallback in use
    const backend = await modelWorker().init();
    return { backend, info, callSeconds: (performance.now() - t0) / 1000 };
  },

  async foldIn(kind, users) {
    const model = modelWorker();
    const call = async (ratings: RatingIn[]) => {
      if (kind === 'ease') {
        const w = await model.watch(ratings);
        return { ms: w.ms, ok: w.scores.some(Number.isFinite) };
      }
      const s = await model.recommend(kind, ratings);
      // movies outside the training rows have no prediction (NaN) only if absent from the index
      return { ms: s.foldInMs, ok: s.predicted.some(Number.isFinite) };
    };
    const w0 = performance.now();
    await call(users[0] ?? []);
    const warmUpMs = performance.now() - w0;
    const roundTripMs: number[] = [];
    const workerMs: number[] = [];
    for (const ratings of users) {
      const t0 = performance.now();
      const r = await call(ratings);
      roundTripMs.push(performance.now() - t0);
      workerMs.push(r.ms);
      if (!r.ok) throw new Error(`${kind} returned no finite score`);
    }
    const infoMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await model.info(kind);
      infoMs.push(performance.now() - t0);
    }
    return { roundTripMs, workerMs, warmUpMs, infoMs };
  },

  evaluate() {
    return modelWorker().evaluate({ full: true });
  },
};

window.reelBench = api;
say('page', { ready: true });

/**
 * The bench page, a second Vite entry built when REEL_BENCH_PAGE is set (scripts/bench.ts and the
 * e2e build): exposes `window.reelBench` so Playwright can drive the REAL data and model workers
 * through src/ui/bridge.ts, exactly as the app does; its contract (`BenchApi`) is in api.ts.
 * Progress goes to the console as `reel-bench <json>` lines, which the bench script prints.
 */
import type { DataProgress } from '../../workers/data-api';
import type { TrainProgress } from '../../workers/model-api';
import type { BenchApi, RatingIn } from './api';
import { dataWorker, modelWorker, proxy } from '../../src/ui/bridge';

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
    const trained = await modelWorker().train(
      kind,
      { overrides, ...extra },
      proxy((p: TrainProgress) => {
        if (p.phase === 'epoch' && p.point) say('epoch', { kind, ...p.point });
        else say('train', { kind, phase: p.phase });
      }),
    );
    const callSeconds = (performance.now() - t0) / 1000;
    // the model is saved and serving: its test figures are measured after (as the lab does)
    const info = (await modelWorker().figures(kind)) ?? trained;
    // after the training: a GPU lost meanwhile leaves the fallback in use
    const backend = await modelWorker().init();
    return { backend, info, callSeconds };
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

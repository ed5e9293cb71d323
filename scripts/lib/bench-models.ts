/** Bench, model parts: train each model in the worker, time fold-in; the served blend (issues 3, 7). */
import { BENCH_PAGE, type RatingIn } from '../bench-page/api';
import type { BackendName, ModelInfo, ModelKind } from '../../workers/model-api';
import { defaultConfig, type TrainConfig } from '../../src/models/config';
import type { TestServer } from './test-server';
import { firstPage, launchProfile, log } from './bench-browser';
import { startMemoryProbe, type MemoryPeaks } from './bench-memory';
import { median, percentile, round } from './bench-report';

export interface ModelFigures {
  /** NaN (null in JSON) for the ranking model, which predicts no stars */
  testRmse: number;
  testMae: number;
  hr10: number;
  ndcg10: number;
  /** full catalogue, from the served evaluation (absent until it ran) */
  recall20?: number;
  ndcg20?: number;
  /** ranking model: the chosen lambda, items in the model, the lambda search */
  lambda?: number;
  /** ranking model: the DLAE dropout it was solved with (0: plain EASE) */
  dropout?: number;
  items?: number;
  lambdaSearch?: { lambda: number; hr10: number; ndcg10: number }[];
  epochs: number;
  bestEpoch: number;
  secondsPerEpoch: number;
  trainSeconds: number;
  /** the whole `train` call seen from the page: prepare, epochs, test evaluation, save */
  trainCallSeconds: number;
  /** page-measured `recommend` round trip (fold-in + scoring all movies + messaging) */
  foldInMsMedian: number;
  foldInMsP95: number;
  /** the worker's own fold-in time (Scores.foldInMs) */
  foldInWorkerMsMedian: number;
  foldInWorkerMsP95: number;
  foldInUsers: number;
  foldInRatingsPerUserMedian: number;
  /** round trip of `info(kind)` (no fold-in, no scoring): the worker's fixed cost per call */
  infoRoundTripMsMedian: number;
  /** the backend the model really trained on */
  backend: string;
  /** the --backend asked for */
  backendRequested: string;
  backendReason: string;
  params: number;
  /** hyper-parameters as the worker reports them */
  config: ModelInfo['config'];
  /** the complete TrainConfig used: src/models/config.ts defaults (at build time) + overrides */
  fullConfig: TrainConfig | Record<string, number>;
  overrides: Record<string, number>;
  history: { epoch: number; loss: number; valRmse: number; seconds: number }[];
  peakHeapBytes: number;
  peakRendererRssBytes: number;
  /** CPU seconds of the renderer (page + workers) during the train call and the fold-in timing */
  rendererCpuSeconds: number;
  measuredAt: string;
}

export async function benchModel(
  kind: ModelKind,
  server: TestServer,
  profile: string,
  users: RatingIn[][],
  overrides: Record<string, number>,
  requested?: BackendName,
): Promise<{ figures: ModelFigures; baselines: ModelInfo['baselines'] }> {
  const context = await launchProfile(profile);
  try {
    const page = await firstPage(context);
    await page.goto(`${server.url}${BENCH_PAGE}`);
    await page.waitForFunction(() => window.reelBench !== undefined);
    const manifestUrl = `${server.url}data/ml-1m/manifest.json`;
    await page.evaluate((url) => window.reelBench!.loadData(url), manifestUrl);
    const chosen = await page.evaluate((b) => window.reelBench!.init(b), requested);
    log(`${kind}: backend ${chosen.name}: ${chosen.reason}`);
    if (requested && chosen.name !== requested)
      log(`WARNING: --backend ${requested} could not start; measuring ${chosen.name} instead.`);
    const probe = await startMemoryProbe(context, page);
    log(
      `${kind}: training (default config${Object.keys(overrides).length ? ` + ${JSON.stringify(overrides)}` : ''}) …`,
    );
    const { backend, info, callSeconds } = await page.evaluate(
      ([k, o]) => window.reelBench!.train(k, o),
      [kind, overrides] as const,
    );
    log(
      `${kind}: trained on ${backend.name} in ${info.trainSeconds.toFixed(1)} s${users.length ? '; timing fold-in …' : ''}`,
    );
    const fold = users.length
      ? await page.evaluate(([k, u]) => window.reelBench!.foldIn(k, u), [kind, users] as const)
      : { roundTripMs: [], workerMs: [], infoMs: [] };
    const peaks: MemoryPeaks = await probe.stop();
    const figures: ModelFigures = {
      testRmse: round(info.metrics.testRmse, 4),
      testMae: round(info.metrics.testMae, 4),
      hr10: round(info.metrics.hr10, 4),
      ndcg10: round(info.metrics.ndcg10, 4),
      ...(kind === 'ease'
        ? {
            lambda: Number(info.config.lambda),
            dropout: Number(info.config.dropout ?? 0),
            items: Number(info.config.items),
            lambdaSearch: info.lambdaSearch?.map((p) => ({
              lambda: p.lambda,
              hr10: round(p.hr10, 4),
              ndcg10: round(p.ndcg10, 4),
            })),
          }
        : {}),
      epochs: info.epochs,
      bestEpoch: info.bestEpoch,
      secondsPerEpoch: round(info.secondsPerEpoch, 2),
      trainSeconds: round(info.trainSeconds, 1),
      trainCallSeconds: round(callSeconds, 1),
      foldInMsMedian: round(median(fold.roundTripMs), 2),
      foldInMsP95: round(percentile(fold.roundTripMs, 95), 2),
      foldInWorkerMsMedian: round(median(fold.workerMs), 2),
      foldInWorkerMsP95: round(percentile(fold.workerMs, 95), 2),
      foldInUsers: users.length,
      foldInRatingsPerUserMedian: median(users.map((u) => u.length)),
      infoRoundTripMsMedian: round(median(fold.infoMs), 2),
      backend: info.backend,
      backendRequested: requested ?? 'measured',
      backendReason: info.backendNote ?? backend.reason,
      params: info.params,
      config: info.config,
      fullConfig: kind === 'ease' ? overrides : { ...defaultConfig(kind), ...overrides },
      overrides,
      history: info.history.map((h) => ({
        epoch: h.epoch,
        loss: round(h.loss, 4),
        valRmse: round(h.valRmse, 4),
        seconds: round(h.seconds, 2),
      })),
      peakHeapBytes: peaks.peakHeapBytes,
      peakRendererRssBytes: peaks.peakRendererRssBytes,
      rendererCpuSeconds: peaks.rendererCpuSeconds,
      measuredAt: new Date().toISOString(),
    };
    return { figures, baselines: info.baselines };
  } finally {
    await context.close();
  }
}

export interface ServedFigures {
  hr10: number;
  ndcg10: number;
  recall20: number;
  ndcg20: number;
  weights: { rating: number; content: number };
  /** the same blend without the 3★ floor (what the floor costs) */
  noFloor?: Figures;
  /** share of the test tasks whose held-out ≥ 4★ movie the MF predicts below 3★ (never shown) */
  positivesBelowFloor?: number;
  /** disliked@10: share of the served top-10 that the test people rated ≤ 2★ in their test rows */
  disliked10?: number;
  /** the hybrid's stars (stars.ts): fitted stack, and test RMSE of the MF alone and of the stars */
  stars?: { a: number; b: number; c: number; d: number; rows: number; testRmse: number };
  /** seconds the worker spent on the evaluation (all people, every weighting, every model) */
  seconds: number;
  measuredAt: string;
}

export type Figures = { hr10: number; ndcg10: number; recall20?: number; ndcg20?: number };

const fig = (f: Figures) => ({
  hr10: round(f.hr10, 4),
  ndcg10: round(f.ndcg10, 4),
  recall20: round(f.recall20 ?? Number.NaN, 4),
  ndcg20: round(f.ndcg20 ?? Number.NaN, 4),
});

/**
 * The served blend exactly as the lists rank (blendScores), chosen on validation, and every saved
 * model and popularity on the same people with the full-catalogue figures (model worker
 * `evaluate`). Needs the ranking model and the MF in the profile.
 */
export async function benchServed(
  server: TestServer,
  profile: string,
  backend?: BackendName,
): Promise<{ served: ServedFigures; models: Record<string, Figures> }> {
  const context = await launchProfile(profile);
  try {
    const page = await firstPage(context);
    await page.goto(`${server.url}${BENCH_PAGE}`);
    await page.waitForFunction(() => window.reelBench !== undefined);
    await page.evaluate(
      (url) => window.reelBench!.loadData(url),
      `${server.url}data/ml-1m/manifest.json`,
    );
    await page.evaluate((b) => window.reelBench!.init(b), backend);
    log('served: choosing the blend on validation and measuring everything on test …');
    const b = await page.evaluate(() => window.reelBench!.evaluate());
    return {
      served: {
        ...fig(b.served),
        recall20: round(b.served.recall20 ?? Number.NaN, 4),
        ndcg20: round(b.served.ndcg20 ?? Number.NaN, 4),
        weights: b.weights,
        ...(b.servedNoFloor ? { noFloor: fig(b.servedNoFloor) } : {}),
        ...(b.positivesBelowFloor !== undefined
          ? { positivesBelowFloor: round(b.positivesBelowFloor, 4) }
          : {}),
        ...(b.disliked10 !== undefined ? { disliked10: round(b.disliked10, 5) } : {}),
        ...(b.stars
          ? {
              stars: {
                a: round(b.stars.a, 4),
                b: round(b.stars.b, 4),
                c: round(b.stars.c, 4),
                d: round(b.stars.d, 4),
                rows: b.stars.rows,
                testRmse: round(b.stars.testRmse, 4),
              },
            }
          : {}),
        seconds: round(b.seconds, 1),
        measuredAt: new Date().toISOString(),
      },
      models: Object.fromEntries(Object.entries(b.models).map(([k, f]) => [k, fig(f!)])),
    };
  } finally {
    await context.close();
  }
}

/**
 * The GPU code paths, in real Chromium on a machine without a GPU: WebGL runs on SwiftShader and
 * WebGPU on SwiftShader's fallback adapter (--enable-unsafe-webgpu), both slow but correct. With
 * the backend forced (`init(prefer)`, the `?backend=` override), the three models train on the
 * fixture through the real model worker (driven from the bench page) and are compared with the
 * same training on wasm:
 * - the ranking model (EASE, solved with tf.matMul on the backend): same λ, HR@10 and NDCG@10
 *   within TOL_RANKING;
 * - the MF trains in plain JS on every backend (sgdMf.ts), so "MF on webgl" is its serving:
 *   the same validation curve (identical: JS), and the scores of a folded-in person within TOL_SCORE;
 * - the neural model trains its dense layers with tf.js on the backend (its embedding tables are
 *   JS arrays under lazy Adam, neural.ts; their gradients are read back every batch): the
 *   validation RMSE of every epoch within TOL_RMSE, and its scores within TOL_SCORE;
 * - no tensor leaks: training a model again leaves tf.memory().numTensors where the first run did;
 * - losing the GPU mid-training (WEBGL_lose_context / GPUDevice.destroy()) finishes on wasm from
 *   the last good epoch, and says so.
 * Tiny settings (small dims, few epochs) keep SwiftShader's minutes short.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataState, openApp, type Session } from './browser';
import { useE2e } from './setup';
import { BENCH_PAGE } from '../../scripts/bench-page/api';
import type { BackendName, ModelInfo, ModelKind } from '../../workers/model-api';

/** Validation RMSE per epoch, GPU vs wasm: float32 on both, only the order of sums differs. */
const TOL_RMSE = 0.01;
/** HR@10 / NDCG@10 of the ranking model (a tie flipped among 400 people moves them ~0.0025). */
const TOL_RANKING = 0.01;
/** Predicted stars (or ranking scores) of one folded-in person, per movie. */
const TOL_SCORE = 0.01;
/**
 * The neural model's stars per movie: its weights come from a GPU training whose float sums run
 * in another order, so single movies move more than the RMSE does (measured on SwiftShader
 * WebGL: 0.025 at worst after 3 epochs).
 */
const TOL_NEURAL_SCORE = 0.05;
/** After a lost GPU, Adam restarts on wasm: the final validation RMSE within this of wasm's. */
const TOL_RESUMED = 0.05;

const NEURAL = { dim: 8, hidden: [8], maxEpochs: 3, patience: 5 };
const MF = { dim: 8, maxEpochs: 3, patience: 5 };
const PERSON = [
  { movieId: 1, rating: 5 },
  { movieId: 2, rating: 4 },
  { movieId: 3, rating: 1 },
  { movieId: 5, rating: 3 },
];

const e2e = useE2e();

type Bench = { page: Page; close(): Promise<void> };
async function benchPage(): Promise<Bench> {
  const context = await e2e.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${e2e.server.url}${BENCH_PAGE}`);
  await page.waitForFunction(() => window.reelBench !== undefined);
  await page.evaluate(
    (url) => window.reelBench!.loadData(url),
    `${e2e.server.url}data/ml-1m/manifest.json`,
  );
  return { page, close: () => context.close() };
}

interface Run {
  backend: BackendName;
  infos: Record<ModelKind, ModelInfo>;
  scores: Record<ModelKind, number[]>;
  tensors: { afterFirst: number; afterSecond: number; start: number };
}

/** Trains the three models on `prefer` (and the neural model twice, for the leak check). */
async function runOn(prefer: BackendName): Promise<Run> {
  const b = await benchPage();
  try {
    const { page } = b;
    const chosen = await page.evaluate((p) => window.reelBench!.init(p), prefer);
    expect(chosen).toMatchObject({ name: prefer, forced: true });
    const start = (await page.evaluate(() => window.reelBench!.memory())).numTensors;
    const train = (kind: ModelKind, o: Record<string, number | number[]>) =>
      page.evaluate(([k, ov]) => window.reelBench!.train(k, ov), [kind, o] as const);
    const scores = (kind: ModelKind) =>
      page.evaluate(([k, p]) => window.reelBench!.scores(k, p), [kind, PERSON] as const);
    const ease = await train('ease', {});
    const mf = await train('mf', MF);
    const neural = await train('neural', NEURAL);
    for (const r of [ease, mf, neural]) expect(r.backend.name).toBe(prefer);
    for (const r of [ease, mf, neural]) expect(r.info.backend).toBe(prefer);
    const out: Run['scores'] = {
      ease: await scores('ease'),
      mf: await scores('mf'),
      neural: await scores('neural'),
    };
    const afterFirst = (await page.evaluate(() => window.reelBench!.memory())).numTensors;
    await train('neural', NEURAL);
    await scores('neural');
    const m = await page.evaluate(() => window.reelBench!.memory());
    expect(m.backend).toBe(prefer);
    return {
      backend: prefer,
      infos: { ease: ease.info, mf: mf.info, neural: neural.info },
      scores: out,
      tensors: { start, afterFirst, afterSecond: m.numTensors },
    };
  } finally {
    await b.close();
  }
}

function closeArrays(a: number[], b: number[], tol: number, what = '') {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) expect(x).toBe(y);
    else worst = Math.max(worst, Math.abs(x - y));
  }
  expect(worst, `${what}: worst difference`).toBeLessThanOrEqual(tol);
}

/** The same figures as wasm within the stated tolerances, and no leak. */
function agrees(gpu: Run, wasm: Run) {
  // ranking model: the same λ chosen, the same test figures
  expect(gpu.infos.ease.config.lambda).toBe(wasm.infos.ease.config.lambda);
  expect(Math.abs(gpu.infos.ease.metrics.hr10 - wasm.infos.ease.metrics.hr10)).toBeLessThanOrEqual(
    TOL_RANKING,
  );
  expect(
    Math.abs(gpu.infos.ease.metrics.ndcg10 - wasm.infos.ease.metrics.ndcg10),
  ).toBeLessThanOrEqual(TOL_RANKING);
  closeArrays(gpu.scores.ease, wasm.scores.ease, TOL_SCORE, 'ease scores');
  // MF: trained in JS (identical curves); serving (scoring) on the backend
  expect(gpu.infos.mf.history.map((h) => h.valRmse)).toEqual(
    wasm.infos.mf.history.map((h) => h.valRmse),
  );
  closeArrays(gpu.scores.mf, wasm.scores.mf, TOL_SCORE, 'mf scores');
  // neural: trained on the backend, every epoch's validation RMSE close to wasm's
  const g = gpu.infos.neural.history.map((h) => h.valRmse);
  const w = wasm.infos.neural.history.map((h) => h.valRmse);
  expect(g.length).toBe(w.length);
  g.forEach((x, i) => expect(Math.abs(x - w[i]!)).toBeLessThanOrEqual(TOL_RMSE));
  expect(
    Math.abs(gpu.infos.neural.metrics.testRmse - wasm.infos.neural.metrics.testRmse),
  ).toBeLessThanOrEqual(TOL_RMSE);
  closeArrays(gpu.scores.neural, wasm.scores.neural, TOL_NEURAL_SCORE, 'neural scores');
  // leaks: a second neural training (which replaces the first) leaves as many tensors
  expect(gpu.tensors.afterSecond).toBe(gpu.tensors.afterFirst);
}

/** Forces `prefer`, loses its device after epoch 1 of the neural model: finished on wasm. */
async function loseMidTraining(prefer: BackendName, wasm: Run) {
  const b = await benchPage();
  try {
    const { page } = b;
    expect((await page.evaluate((p) => window.reelBench!.init(p), prefer)).name).toBe(prefer);
    // the same MF as the wasm run first: the neural model starts from it (NeuMF pretraining)
    await page.evaluate((o) => window.reelBench!.train('mf', o), MF);
    const r = await page.evaluate(
      (o) => window.reelBench!.train('neural', o, { loseDeviceAfterEpoch: 1 }),
      NEURAL,
    );
    expect(r.backend.name).toBe('wasm');
    expect(r.backend.reason).toMatch(/stopped working/);
    expect(r.info.backend).toBe('wasm');
    expect(r.info.backendNote).toMatch(/from epoch 1/);
    // every epoch is there once: 1 on the GPU, then 2..3 on wasm from its checkpoint
    expect(r.info.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(
      Math.abs(r.info.history[0]!.valRmse - wasm.infos.neural.history[0]!.valRmse),
    ).toBeLessThanOrEqual(TOL_RMSE);
    expect(
      Math.abs(r.info.metrics.testRmse - wasm.infos.neural.metrics.testRmse),
    ).toBeLessThanOrEqual(TOL_RESUMED);
    // serving works on the fallback, and later calls stay there
    closeArrays(
      await page.evaluate((p) => window.reelBench!.scores('neural', p), PERSON),
      await page.evaluate((p) => window.reelBench!.scores('neural', p), PERSON),
      0,
    );
    expect((await page.evaluate(() => window.reelBench!.memory())).backend).toBe('wasm');
  } finally {
    await b.close();
  }
}

describe('GPU backends, forced, on fixture data', () => {
  let wasm: Run;
  beforeAll(async () => {
    wasm = await runOn('wasm');
  }, 300_000);

  it('wasm itself: no leak on a second training', () => {
    expect(wasm.tensors.afterSecond).toBe(wasm.tensors.afterFirst);
  });

  it('webgl: the three models reach the same figures as wasm, without leaks', async () => {
    agrees(await runOn('webgl'), wasm);
  }, 600_000);

  it('webgl: a lost context mid-training finishes on wasm from the last good epoch', async () => {
    await loseMidTraining('webgl', wasm);
  }, 300_000);

  // WebGPU once trained to garbage here: a synchronous read-back (dataSync) on webgpu goes through a
  // canvas and left SwiftShader's device broken (every later kernel returned zeros, then "lost").
  // Reel now reads tensors back only asynchronously (models/model.ts readVariable).
  it('webgpu: the three models reach the same figures as wasm, without leaks', async () => {
    agrees(await runOn('webgpu'), wasm);
  }, 600_000);

  it('webgpu: a destroyed device mid-training finishes on wasm from the last good epoch', async () => {
    await loseMidTraining('webgpu', wasm);
  }, 300_000);
});

describe('the override in the app', () => {
  let s: Session | undefined;
  afterAll(async () => {
    await s?.context.close();
  });

  it('?backend=webgl runs the models on webgl and the chips say so, with the reason', async () => {
    s = await openApp(e2e.browser, e2e.server.url, { path: '?backend=webgl#/lab' });
    await dataState(s.page, 'ready');
    const chip = s.page.locator('[data-testid="backend"][data-backend="webgl"]');
    await chip.waitFor({ timeout: 120_000 });
    expect(await chip.getAttribute('data-forced')).toBe('true');
    expect(await chip.getAttribute('title')).toMatch(/as asked \(\?backend=webgl\)/);
    for (const kind of ['ease', 'mf', 'neural'])
      expect(
        await s.page
          .locator(`[data-testid="model-status"][data-kind="${kind}"]`)
          .getAttribute('data-backend'),
      ).toBe('webgl');
    expect(await s.page.locator('[data-testid="backend-choice"]').inputValue()).toBe('webgl');
    // the measured choice on this machine (no GPU) never picks SwiftShader's WebGL or WebGPU
    await s.page.locator('[data-testid="backend-choice"]').selectOption('auto');
    await s.page.waitForURL((u) => !u.search.includes('backend='));
    await s.page
      .locator('[data-testid="backend"][data-backend="wasm"]')
      .waitFor({ timeout: 120_000 });
    expect(await s.page.locator('[data-testid="backend"]').getAttribute('title')).toMatch(
      /software renderer/,
    );
  }, 300_000);
});

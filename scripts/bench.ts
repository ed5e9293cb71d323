/**
 * `npm run bench [-- --only data|mf|neural|ui[,…]] [--epochs N] [--no-build]`
 *
 * Measures Reel on the full MovieLens 1M in headless Chromium, through the real app and its real
 * workers (no mocks), and writes bench/out/latest.json plus the split as CSV:
 * - data: shard bytes; cold load (fresh profile, empty IndexedDB → data-status ready, from
 *   navigation start); warm start (reload → ready, median of 3); peak memory.
 * - mf, neural: trains each model with its default config through the model worker's comlink API
 *   (driven from tests/bench/bench.html, a second Vite entry), then times `recommend` (fold-in +
 *   scoring all movies) for 100 seeded users' training ratings.
 * Memory figures: `peakHeapBytes` is the page's main-thread JS heap only; `peakRendererRssBytes`
 * is the whole renderer process (page, workers, wasm) — see scripts/lib/bench-memory.ts.
 * Each phase runs in a freshly launched browser on one persistent profile, so the models reuse
 * the data the data phase stored. Data: env ML1M_ZIP or ML1M_DIR, default
 * ../shared/datasets/ml-1m.zip; shards are built once into .cache/ml-1m-shards.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { parseManifest } from '../src/core/data/manifest';
import { fromUnknown } from '../src/core/errors';
import { splitFingerprint } from '../src/core/eval/split';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/browser';
import { startServer, type TestServer } from '../tests/e2e/server';
import type { RatingIn } from '../tests/bench/bench';
import type { ModelInfo, ModelKind } from '../workers/model-api';
import { startMemoryProbe, type MemoryPeaks } from './lib/bench-memory';
import { mark, mb, median, mib, percentile, round, table } from './lib/bench-report';
import { foldInUsers, nodeExperiment, readMovieLens, writeSplitCsvs } from './lib/bench-split';
import { defaultConfig, type TrainConfig } from '../src/models/config';
import { prepareData, shardsPresent } from './prepare-data';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'bench/out');
const SHARDS = join(ROOT, '.cache/ml-1m-shards');
const DIST = join(ROOT, 'dist-bench');
const BASE = '/reel/';
const READY = '[data-testid="data-status"][data-state="ready"]';
const WARM_RUNS = 3;
const FOLD_IN_USERS = 100;
const PARTS = ['data', 'ease', 'mf', 'neural', 'ui'] as const;
const MODEL_PARTS = ['ease', 'mf', 'neural'] as const;
type Part = (typeof PARTS)[number];

/** Goals from the issues (data: #2, models: #3). */
const GOALS = {
  shardBytes: 5_000_000,
  coldLoadMs: 5000,
  warmLoadMs: 1000,
  rmse: { mf: 0.855, neural: 0.865 },
  rmseAim: 0.845,
  mfTrainSeconds: 20,
  /** issue 7 */
  served: { hr10: 0.87, ndcg10: 0.64, recall20: 0.39 },
  easeTrainSeconds: 10,
  reloadToPersonalListsMs: 1000,
};

/** Stamps `window.__reelReadyAt` (ms since navigation start) when the app first shows ready. */
const STAMP_READY = `(() => {
  const stamp = () => {
    if (window.__reelReadyAt === undefined && document.querySelector('${READY}'))
      window.__reelReadyAt = performance.now();
  };
  new MutationObserver(stamp).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'],
  });
})();`;

interface Options {
  parts: Set<Part>;
  epochs?: number;
  build: boolean;
}

const USAGE = `Usage: npm run bench -- [--only data|ease|mf|neural|ui[,…]] [--epochs N] [--no-build]
  --only      run only these parts (repeatable or comma-separated; default all)
  --epochs    cap training epochs (maxEpochs override) for a quick check
  --no-build  reuse dist-bench/ from the previous run
Data: env ML1M_ZIP or ML1M_DIR (default ../shared/datasets/ml-1m.zip).`;

function parseArgs(argv: string[]): Options | undefined {
  const parts = new Set<Part>();
  const opts: Options = { parts, build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--only') {
      for (const p of value().split(',')) {
        if (!(PARTS as readonly string[]).includes(p))
          throw new Error(`--only takes ${PARTS.join(', ')}; not "${p}".`);
        parts.add(p as Part);
      }
    } else if (arg === '--epochs') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--epochs needs a whole number >= 1.');
      opts.epochs = n;
    } else if (arg === '--no-build') opts.build = false;
    else if (arg === '--help' || arg === '-h') return undefined;
    else throw new Error(`Unknown option ${arg}. Try --help.`);
  }
  if (parts.size === 0) PARTS.forEach((p) => parts.add(p));
  return opts;
}

function log(line: string) {
  console.log(`[bench] ${line}`);
}

function dataSource(): string {
  return resolve(
    process.env.ML1M_ZIP || process.env.ML1M_DIR || join(ROOT, '../shared/datasets/ml-1m.zip'),
  );
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

async function buildApp(): Promise<void> {
  const started = Date.now();
  await build({
    root: ROOT,
    base: BASE,
    logLevel: 'warn',
    build: {
      outDir: DIST,
      emptyOutDir: true,
      rolldownOptions: {
        input: { main: join(ROOT, 'index.html'), bench: join(ROOT, 'tests/bench/bench.html') },
      },
    },
  });
  log(`built the app and the bench page into dist-bench/ in ${secondsSince(started)} s`);
}

const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(1);

function launchProfile(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
}

async function firstPage(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && !text.startsWith('Failed to load resource'))
      log(`console error: ${text}`);
    else if (text.startsWith('reel-bench ')) progressLine(text.slice('reel-bench '.length));
  });
  page.context().on('response', (r) => {
    if (r.status() >= 400) log(`HTTP ${r.status()} for ${r.url()}`);
  });
  return page;
}

function progressLine(json: string) {
  const e = JSON.parse(json) as Record<string, unknown>;
  if (e.event === 'epoch')
    log(
      `  ${String(e.kind)} epoch ${String(e.epoch)}: loss ${Number(e.loss).toFixed(4)}, ` +
        `val RMSE ${Number(e.valRmse).toFixed(4)}, ${Number(e.seconds).toFixed(1)} s`,
    );
  else if (e.event === 'train') log(`  ${String(e.kind)}: ${String(e.phase)}`);
}

// ---------------------------------------------------------------------------------------------
// Data (issue 2)

interface DataFigures {
  shardBytes: number;
  shardFiles: number;
  coldLoadMs: number;
  warmLoadMs: number;
  warmLoadRunsMs: number[];
  peakHeapBytes: number;
  peakRendererRssBytes: number;
  counts: { ratings: number; users: number; movies: number };
  measuredAt: string;
}

function shardBytes(): { bytes: number; files: number } {
  const text = readFileSync(join(SHARDS, 'manifest.json'), 'utf8');
  const manifest = parseManifest(JSON.parse(text));
  const files = manifest.files.reduce((s, f) => s + statSync(join(SHARDS, f.name)).size, 0);
  return { bytes: files + Buffer.byteLength(text), files: manifest.files.length + 1 };
}

async function readyAt(page: Page): Promise<number> {
  await page.locator(READY).waitFor({ timeout: 120_000 });
  const t = await page.evaluate(() => (window as { __reelReadyAt?: number }).__reelReadyAt);
  if (t === undefined) throw new Error('the ready state was seen but not time-stamped');
  return t;
}

async function benchData(server: TestServer, profile: string): Promise<DataFigures> {
  const { bytes, files } = shardBytes();
  const context = await launchProfile(profile);
  try {
    await context.addInitScript(STAMP_READY);
    const page = await firstPage(context);
    const probe = await startMemoryProbe(context, page);
    log('data: cold load (empty IndexedDB) …');
    await page.goto(server.url);
    const cold = await readyAt(page);
    const count = (what: string) =>
      page
        .locator(`[data-testid="count-${what}"]`)
        .first()
        .innerText({ timeout: 5000 })
        .then((t) => Number(t.replace(/\D/g, '')))
        .catch(() => -1);
    const counts = {
      ratings: await count('ratings'),
      users: await count('users'),
      movies: await count('movies'),
    };
    log(`data: cold ${Math.round(cold)} ms; ${JSON.stringify(counts)}`);
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      await page.reload();
      warm.push(await readyAt(page));
      log(`data: warm start ${i + 1}: ${Math.round(warm[i]!)} ms`);
    }
    const peaks = await probe.stop();
    return {
      shardBytes: bytes,
      shardFiles: files,
      coldLoadMs: round(cold, 0),
      warmLoadMs: round(median(warm), 0),
      warmLoadRunsMs: warm.map((w) => round(w, 0)),
      peakHeapBytes: peaks.peakHeapBytes,
      peakRendererRssBytes: peaks.peakRendererRssBytes,
      counts,
      measuredAt: new Date().toISOString(),
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Models (issue 3)

interface ModelFigures {
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
  backend: string;
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
  measuredAt: string;
}

async function benchModel(
  kind: ModelKind,
  server: TestServer,
  profile: string,
  users: RatingIn[][],
  overrides: Record<string, number>,
): Promise<{ figures: ModelFigures; baselines: ModelInfo['baselines'] }> {
  const context = await launchProfile(profile);
  try {
    const page = await firstPage(context);
    await page.goto(`${server.url}tests/bench/bench.html`);
    await page.waitForFunction(() => window.reelBench !== undefined);
    const manifestUrl = `${server.url}data/ml-1m/manifest.json`;
    await page.evaluate((url) => window.reelBench!.loadData(url), manifestUrl);
    const probe = await startMemoryProbe(context, page);
    log(
      `${kind}: training (default config${Object.keys(overrides).length ? ` + ${JSON.stringify(overrides)}` : ''}) …`,
    );
    const { backend, info, callSeconds } = await page.evaluate(
      ([k, o]) => window.reelBench!.train(k, o),
      [kind, overrides] as const,
    );
    log(
      `${kind}: trained on ${backend.name} in ${info.trainSeconds.toFixed(1)} s; timing fold-in …`,
    );
    const fold = await page.evaluate(([k, u]) => window.reelBench!.foldIn(k, u), [
      kind,
      users,
    ] as const);
    const peaks: MemoryPeaks = await probe.stop();
    const figures: ModelFigures = {
      testRmse: round(info.metrics.testRmse, 4),
      testMae: round(info.metrics.testMae, 4),
      hr10: round(info.metrics.hr10, 4),
      ndcg10: round(info.metrics.ndcg10, 4),
      ...(kind === 'ease'
        ? {
            lambda: Number(info.config.lambda),
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
      backendReason: backend.reason,
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
      measuredAt: new Date().toISOString(),
    };
    return { figures, baselines: info.baselines };
  } finally {
    await context.close();
  }
}

interface ServedFigures {
  hr10: number;
  ndcg10: number;
  recall20: number;
  ndcg20: number;
  weights: { rating: number; content: number };
  /** the same blend without the 3★ floor (what the floor costs) */
  noFloor?: Figures;
  /** seconds the worker spent on the evaluation (all people, every weighting, every model) */
  seconds: number;
  measuredAt: string;
}

type Figures = { hr10: number; ndcg10: number; recall20?: number; ndcg20?: number };

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
async function benchServed(
  server: TestServer,
  profile: string,
): Promise<{ served: ServedFigures; models: Record<string, Figures> }> {
  const context = await launchProfile(profile);
  try {
    const page = await firstPage(context);
    await page.goto(`${server.url}tests/bench/bench.html`);
    await page.waitForFunction(() => window.reelBench !== undefined);
    await page.evaluate(
      (url) => window.reelBench!.loadData(url),
      `${server.url}data/ml-1m/manifest.json`,
    );
    log('served: choosing the blend on validation and measuring everything on test …');
    const b = await page.evaluate(() => window.reelBench!.evaluate());
    return {
      served: {
        ...fig(b.served),
        recall20: round(b.served.recall20 ?? Number.NaN, 4),
        ndcg20: round(b.served.ndcg20 ?? Number.NaN, 4),
        weights: b.weights,
        ...(b.servedNoFloor ? { noFloor: fig(b.servedNoFloor) } : {}),
        seconds: round(b.seconds, 1),
        measuredAt: new Date().toISOString(),
      },
      models: Object.fromEntries(Object.entries(b.models).map(([k, f]) => [k, fig(f!)])),
    };
  } finally {
    await context.close();
  }
}

interface StartupFigures {
  /** reload → first list ranked by a model (not the genre fallback), median of the runs */
  reloadToPersonalListsMs: number;
  runsMs: number[];
}

const BACKED = '[data-testid="rec-lists"][data-backed="hybrid"]';

/** Times reload → personal (model-backed) lists in the real app; needs a signed-up profile. */
async function benchStartup(server: TestServer, profile: string): Promise<StartupFigures> {
  const context = await launchProfile(profile);
  try {
    await context.addInitScript(`(() => {
      new MutationObserver(() => {
        if (window.__reelListsAt === undefined && document.querySelector('${BACKED}'))
          window.__reelListsAt = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });
    })();`);
    const page = await firstPage(context);
    await page.goto(server.url);
    await page.locator(BACKED).waitFor({ timeout: 120_000 });
    const runs: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      await page.reload();
      await page.locator(BACKED).waitFor({ timeout: 60_000 });
      runs.push(
        await page.evaluate(() => (window as { __reelListsAt?: number }).__reelListsAt ?? NaN),
      );
      log(`startup: reload → personal lists ${i + 1}: ${Math.round(runs[i]!)} ms`);
    }
    return {
      reloadToPersonalListsMs: round(median(runs), 0),
      runsMs: runs.map((r) => round(r, 0)),
    };
  } finally {
    await context.close();
  }
}

interface UiFigures {
  /** click on a star → recommendation lists re-rendered with the new fold-in (the app's own stamp) */
  clickToListsMsMedian: number;
  clickToListsMsP95: number;
  samples: number[];
}

/**
 * The product's promise, measured in the real UI on the full data: after each rating the lists
 * update (fold-in in the worker + scoring + render). Needs the data and a trained MF model in the
 * profile (the data and mf parts). Signs up, rates 10 offered movies, then rates recommended ones.
 */
async function benchUi(server: TestServer, profile: string, ratings = 15): Promise<UiFigures> {
  const context = await launchProfile(profile);
  try {
    const page = await firstPage(context);
    await page.goto(server.url);
    await page.locator(READY).waitFor({ timeout: 120_000 });
    const start = page.getByRole('button', { name: 'Get started' });
    if (await start.count()) await start.click();
    for (const g of ['Comedy', 'Drama', 'Thriller'])
      await page.locator(`[data-genre="${g}"]`).click();
    await page.locator('[data-testid="signup-submit"]').click();
    for (let i = 0; i < 10; i++) {
      const card = page.locator('[data-testid="offers"] [data-testid="movie-card"]').first();
      const id = await card.getAttribute('data-movie-id');
      await card.locator(`[data-testid="rate"][data-value="${1 + ((i * 3) % 5)}"]`).click();
      if (i < 9)
        await page
          .locator(`[data-testid="offers"] [data-movie-id="${id}"]`)
          .waitFor({ state: 'detached' });
    }
    await page
      .locator('[data-testid="model-status"][data-kind="mf"][data-state="ready"]')
      .waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="predicted"]').first().waitFor({ timeout: 60_000 });
    const samples: number[] = [];
    for (let i = 0; i < ratings; i++) {
      const lists = page.locator('[data-testid="rec-lists"]');
      const tier = ['popular', 'mid', 'niche'][i % 3];
      const card = page
        .locator(`[data-testid="rec-list"][data-tier="${tier}"] [data-testid="movie-card"]`)
        .first();
      const id = await card.getAttribute('data-movie-id');
      // The lists count their updates: wait for this click's (never for a value set by hand,
      // which React would not overwrite when the next figure renders the same).
      const before = Number(await lists.getAttribute('data-updates'));
      await card.locator(`[data-testid="rate"][data-value="${1 + (i % 5)}"]`).click();
      await page
        .locator(`[data-testid="rec-lists"] [data-movie-id="${id}"]`)
        .waitFor({ state: 'detached' });
      await page.waitForFunction(
        (n) =>
          Number(
            document.querySelector('[data-testid="rec-lists"]')?.getAttribute('data-updates'),
          ) > n,
        before,
      );
      samples.push(Number(await lists.getAttribute('data-update-ms')));
    }
    return {
      clickToListsMsMedian: round(median(samples), 1),
      clickToListsMsP95: round(percentile(samples, 95), 1),
      samples,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Output

interface BenchResult {
  date: string;
  machine: Record<string, unknown>;
  source?: Record<string, unknown>;
  split?: Record<string, unknown>;
  data?: DataFigures;
  models: Partial<Record<ModelKind, ModelFigures>>;
  served?: ServedFigures;
  ui?: UiFigures;
  startup?: StartupFigures;
  baselines?: {
    globalMean: { testRmse: number; testMae: number };
    biases: { testRmse: number; testMae: number; hr10?: number; ndcg10?: number };
    popularity?: Figures;
  };
  goals?: Record<string, boolean>;
}

function previousResult(): Partial<BenchResult> {
  try {
    return JSON.parse(readFileSync(join(OUT_DIR, 'latest.json'), 'utf8')) as BenchResult;
  } catch {
    return {};
  }
}

function goals(r: BenchResult): Record<string, boolean> {
  const g: Record<string, boolean> = {};
  if (r.data) {
    g.shardBytesAtMost5MB = r.data.shardBytes <= GOALS.shardBytes;
    g.coldLoadAtMost5s = r.data.coldLoadMs <= GOALS.coldLoadMs;
    g.warmLoadAtMost1s = r.data.warmLoadMs <= GOALS.warmLoadMs;
  }
  const bias = r.baselines?.biases.testRmse ?? Infinity;
  for (const kind of ['mf', 'neural'] as const) {
    const m = r.models[kind];
    if (!m) continue;
    g[`${kind}RmseAtMost${GOALS.rmse[kind]}`] = m.testRmse <= GOALS.rmse[kind];
    g[`${kind}BelowBiasBaseline`] = m.testRmse < bias;
    g[`${kind}RmseAim${GOALS.rmseAim}`] = m.testRmse <= GOALS.rmseAim;
  }
  if (r.models.mf) g.mfTrainAtMost20s = r.models.mf.trainSeconds <= GOALS.mfTrainSeconds;
  if (r.ui) g.clickToListsMedianAtMost100ms = r.ui.clickToListsMsMedian <= 100;
  if (r.models.ease) g.easeTrainAtMost10s = r.models.ease.trainSeconds <= GOALS.easeTrainSeconds;
  if (r.served) {
    g.servedHr10AtLeast087 = r.served.hr10 >= GOALS.served.hr10;
    g.servedNdcg10AtLeast064 = r.served.ndcg10 >= GOALS.served.ndcg10;
    g.servedRecall20AtLeast039 = r.served.recall20 >= GOALS.served.recall20;
  }
  if (r.startup)
    g.reloadToPersonalListsAtMost1s =
      r.startup.reloadToPersonalListsMs <= GOALS.reloadToPersonalListsMs;
  return g;
}

const num = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(4);

function printTables(r: BenchResult, ran: Set<Part>) {
  const ms = (x: number) => `${Math.round(x)} ms`;
  if (r.data) {
    const d = r.data;
    console.log('\nData (full MovieLens 1M, headless Chromium)');
    console.log(
      table([
        ['measure', 'value', 'goal', ''],
        [
          'shard bytes (files + manifest)',
          `${mb(d.shardBytes)} (${d.shardBytes} B)`,
          '≤ 5 MB',
          mark(d.shardBytes <= GOALS.shardBytes),
        ],
        [
          'cold load (empty IndexedDB → ready)',
          ms(d.coldLoadMs),
          '≤ 5 s',
          mark(d.coldLoadMs <= GOALS.coldLoadMs),
        ],
        [
          `warm start (reload → ready, median of ${d.warmLoadRunsMs.length})`,
          ms(d.warmLoadMs),
          '≤ 1 s',
          mark(d.warmLoadMs <= GOALS.warmLoadMs),
        ],
        ['peak JS heap, main thread', mib(d.peakHeapBytes), '', ''],
        ['peak RSS, renderer (page + workers + wasm)', mib(d.peakRendererRssBytes), '', ''],
      ]),
    );
  }
  const kinds = MODEL_PARTS.filter((k) => r.models[k]);
  if (kinds.length) {
    const row = (label: string, f: (m: ModelFigures) => string) => [
      label,
      ...kinds.map((k) => f(r.models[k]!)),
    ];
    console.log('\nModels (trained in the model worker, full ML-1M, seeded 90/10 split)');
    console.log(
      table([
        ['measure', ...kinds],
        row('test RMSE', (m) => num(m.testRmse)),
        row('test MAE', (m) => num(m.testMae)),
        row('HR@10', (m) => m.hr10.toFixed(4)),
        row('NDCG@10', (m) => m.ndcg10.toFixed(4)),
        row('Recall@20 (full catalogue)', (m) => num(m.recall20)),
        row('NDCG@20 (full catalogue)', (m) => num(m.ndcg20)),
        row('epochs (best)', (m) => `${m.epochs} (${m.bestEpoch})`),
        row('seconds / epoch', (m) => m.secondsPerEpoch.toFixed(2)),
        row('training time', (m) => `${m.trainSeconds.toFixed(1)} s`),
        row('train call (incl. eval, save)', (m) => `${m.trainCallSeconds.toFixed(1)} s`),
        row('fold-in round trip median', (m) => `${m.foldInMsMedian.toFixed(1)} ms`),
        row('fold-in round trip p95', (m) => `${m.foldInMsP95.toFixed(1)} ms`),
        row('fold-in in worker median', (m) => `${m.foldInWorkerMsMedian.toFixed(1)} ms`),
        row('fold-in in worker p95', (m) => `${m.foldInWorkerMsP95.toFixed(1)} ms`),
        row('info() round trip median', (m) => `${m.infoRoundTripMsMedian.toFixed(1)} ms`),
        row('backend', (m) => m.backend),
        row('parameters', (m) => m.params.toLocaleString('en')),
        row('peak JS heap, main thread', (m) => mib(m.peakHeapBytes)),
        row('peak RSS, renderer', (m) => mib(m.peakRendererRssBytes)),
      ]),
    );
  }
  if (r.served) {
    const p = r.baselines?.popularity;
    console.log('\nServed blend (exactly as the lists rank) vs. popularity, same test people');
    console.log(
      table([
        ['measure', 'served', 'no 3★ floor', 'popularity', 'goal'],
        [
          'HR@10',
          num(r.served.hr10),
          num(r.served.noFloor?.hr10),
          num(p?.hr10),
          `≥ ${GOALS.served.hr10}`,
        ],
        [
          'NDCG@10',
          num(r.served.ndcg10),
          num(r.served.noFloor?.ndcg10),
          num(p?.ndcg10),
          `≥ ${GOALS.served.ndcg10}`,
        ],
        [
          'Recall@20 (full catalogue)',
          num(r.served.recall20),
          num(r.served.noFloor?.recall20),
          num(p?.recall20),
          `≥ ${GOALS.served.recall20}`,
        ],
        [
          'NDCG@20 (full catalogue)',
          num(r.served.ndcg20),
          num(r.served.noFloor?.ndcg20),
          num(p?.ndcg20),
          '',
        ],
      ]),
    );
    console.log(
      `blend weights (chosen on validation): rating ${r.served.weights.rating}, content ${r.served.weights.content}; evaluation took ${r.served.seconds} s`,
    );
  }
  if (r.startup)
    console.log(
      `\nStartup: reload → personal lists, median ${r.startup.reloadToPersonalListsMs} ms (runs ${r.startup.runsMs.join(', ')} ms; goal ≤ 1 s)`,
    );
  if (r.ui)
    console.log(
      `\nUI (full data, matrix factorizer): click on a star → lists updated: median ` +
        `${r.ui.clickToListsMsMedian} ms, p95 ${r.ui.clickToListsMsP95} ms over ${r.ui.samples.length} ratings (goal ≤ 100 ms)`,
    );
  if (r.baselines) {
    const b = r.baselines;
    console.log(
      `\nBaselines (same split): global mean RMSE ${b.globalMean.testRmse.toFixed(4)}, ` +
        `user+item biases RMSE ${b.biases.testRmse.toFixed(4)}`,
    );
  }
  const kept = PARTS.filter(
    (p) => p !== 'ui' && !ran.has(p) && (p === 'data' ? r.data : r.models[p]),
  );
  if (kept.length)
    console.log(
      `\nNot measured in this run (kept from bench/out/latest.json): ${kept
        .map((p) => `${p} (${(p === 'data' ? r.data : r.models[p as ModelKind])!.measuredAt})`)
        .join(', ')}`,
    );
  if (r.goals) {
    const entries = Object.entries(r.goals);
    console.log(`\nGoals: ${entries.map(([k, v]) => `${mark(v)} ${k}`).join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let opts: Options | undefined;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`npm run bench: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  if (!opts) {
    console.log(USAGE);
    return 0;
  }
  const source = dataSource();
  if (!existsSync(source)) {
    console.error(
      `npm run bench: no MovieLens 1M data at ${source} (set ML1M_ZIP to ml-1m.zip or ML1M_DIR to a folder with the .dat files).`,
    );
    return 1;
  }
  const started = Date.now();
  const models = MODEL_PARTS.filter((k) => opts.parts.has(k));
  const overrides: Record<string, number> = opts.epochs ? { maxEpochs: opts.epochs } : {};
  const prev = previousResult();
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      loadAverageAtStart: loadavg().map((x) => round(x, 2)),
      node: process.version,
      chromium: chromiumVersion(),
      chromiumArgs: CHROMIUM_ARGS,
    },
    source: prev.source,
    split: prev.split,
    data: opts.parts.has('data') ? undefined : prev.data,
    ui: opts.parts.has('ui') ? undefined : prev.ui,
    startup: opts.parts.has('ui') ? undefined : prev.startup,
    served: models.length ? undefined : prev.served,
    models: Object.fromEntries(
      MODEL_PARTS.filter((k) => !opts.parts.has(k) && prev.models?.[k]).map((k) => [
        k,
        prev.models![k]!,
      ]),
    ),
    baselines: prev.baselines,
  };
  mkdirSync(OUT_DIR, { recursive: true });

  if (!shardsPresent(SHARDS)) {
    log(`building shards from ${source} into .cache/ml-1m-shards …`);
    await prepareData({ from: source, outDir: SHARDS, log: (l) => log(l), progress: false });
  }

  let users: RatingIn[][] = [];
  let nodeBaselines: BenchResult['baselines'];
  if (models.length) {
    const t = Date.now();
    const parsed = await readMovieLens(source);
    const exp = nodeExperiment(parsed);
    const csv = await writeSplitCsvs(OUT_DIR, parsed, exp);
    const picked = foldInUsers(exp, FOLD_IN_USERS);
    users = picked.map((p) => p.ratings);
    nodeBaselines = exp.baselines;
    result.source = {
      path: source,
      ratings: parsed.ratings.ratings.length,
      users: parsed.users.length,
      movies: parsed.movies.length,
    };
    result.split = {
      seed: exp.seed,
      fingerprint: splitFingerprint(exp.split),
      trainRows: exp.split.train.length,
      validRows: exp.split.valid.length,
      testRows: exp.split.test.length,
      trainCsv:
        'bench/out/split-train.csv (train + valid rows: models fit on train, early-stop on valid)',
      testCsv: 'bench/out/split-test.csv',
      trainCsvRows: csv.trainRows,
      testCsvRows: csv.testRows,
      foldInUserIds: picked.map((p) => p.userId),
    };
    log(
      `split (Node): ${exp.split.train.length} train, ${exp.split.valid.length} valid, ` +
        `${exp.split.test.length} test; CSVs written; ${secondsSince(t)} s`,
    );
  }

  if (opts.build || !existsSync(join(DIST, 'tests/bench/bench.html'))) await buildApp();
  const server = await startServer({ distDir: DIST, dataDir: SHARDS, base: BASE });
  const profile = mkdtempSync(join(tmpdir(), 'reel-bench-'));
  let failed = false;
  try {
    if (opts.parts.has('data')) result.data = await benchData(server, profile);
    for (const kind of models) {
      const { figures, baselines } = await benchModel(kind, server, profile, users, overrides);
      result.models[kind] = figures;
      result.baselines = {
        globalMean: {
          testRmse: round(baselines.globalMean.testRmse, 4),
          testMae: round(baselines.globalMean.testMae, 4),
        },
        biases: {
          testRmse: round(baselines.biases.testRmse, 4),
          testMae: round(baselines.biases.testMae, 4),
        },
      };
      if (nodeBaselines) {
        const same =
          Math.abs(nodeBaselines.biases.testRmse - baselines.biases.testRmse) < 1e-6 &&
          Math.abs(nodeBaselines.globalMean.testRmse - baselines.globalMean.testRmse) < 1e-6;
        result.split = { ...result.split, browserBaselinesMatchNode: same };
        if (!same) log("WARNING: the worker's baselines differ from Node's: the splits differ.");
      }
    }
    if (opts.parts.has('ease') || opts.parts.has('mf')) {
      const { served, models: figs } = await benchServed(server, profile);
      result.served = served;
      for (const [k, f] of Object.entries(figs)) {
        const m = result.models[k as ModelKind];
        if (m) Object.assign(m, { recall20: f.recall20, ndcg20: f.ndcg20 });
      }
      if (figs.popularity && result.baselines) result.baselines.popularity = figs.popularity;
    }
    if (opts.parts.has('ui')) {
      if (!opts.parts.has('data') || !opts.parts.has('mf') || !opts.parts.has('ease'))
        log(
          'ui: needs the data, ease and mf parts in the same run (it uses their browser profile); skipped.',
        );
      else {
        log('ui: signup, 10 ratings, then timing click → lists on recommended movies …');
        result.ui = await benchUi(server, profile);
        log('startup: reload → personal lists …');
        result.startup = await benchStartup(server, profile);
      }
    }
  } catch (e) {
    failed = true;
    console.error(`npm run bench: ${fromUnknown(e).message}`);
  } finally {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  result.machine.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
  result.goals = goals(result);
  if (Object.keys(overrides).length)
    result.machine.note = `models trained with overrides ${JSON.stringify(overrides)}: not the default config`;
  await writeFile(join(OUT_DIR, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  printTables(result, opts.parts);
  console.log(`\nWrote bench/out/latest.json in ${secondsSince(started)} s total.`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`npm run bench: ${fromUnknown(e).message}`);
    process.exit(1);
  },
);

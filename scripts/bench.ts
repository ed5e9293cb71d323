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
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { fromUnknown } from '../src/core/errors';
import { splitFingerprint } from '../src/core/eval/split';
import type { RatingIn } from '../tests/bench/bench';
import type { ModelKind } from '../workers/model-api';
import { BACKEND_NAMES, parseBackendName, type BackendName } from '../src/core/kinds';
import { BASE, log, secondsSince } from './lib/bench-browser';
import { benchData } from './lib/bench-data';
import { benchModel, benchServed } from './lib/bench-models';
import { round } from './lib/bench-report';
import {
  goals,
  MODEL_PARTS,
  PARTS,
  previousResult,
  printTables,
  type BenchResult,
  type Part,
} from './lib/bench-result';
import { foldInUsers, nodeExperiment, readMovieLens, writeSplitCsvs } from './lib/bench-split';
import { benchStartup, benchUi } from './lib/bench-ui';
import { CHROMIUM, chromiumArgs } from './lib/chromium';
import { startServer } from './lib/test-server';
import { prepareData, shardsPresent } from './prepare-data';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'bench/out');
const SHARDS = join(ROOT, '.cache/ml-1m-shards');
const DIST = join(ROOT, 'dist-bench');
const FOLD_IN_USERS = 100;

interface Options {
  parts: Set<Part>;
  /** forced backend (the `?backend=` override); undefined: the measured choice */
  backend?: BackendName;
  epochs?: number;
  build: boolean;
}

const USAGE = `Usage: npm run bench -- [--only data|ease|mf|neural|ui[,…]] [--epochs N] [--backend B] [--no-build]
  --only      run only these parts (repeatable or comma-separated; default all)
  --backend   train and serve on webgpu|webgl|wasm|cpu instead of the measured choice; set
              REEL_GPU=1 on a machine with a GPU so Chromium keeps it (no --disable-gpu)
  --epochs    cap training epochs (maxEpochs override) for a quick check
  --no-build  reuse dist-bench/ from the previous run
Data: env ML1M_ZIP or ML1M_DIR (default ../shared/datasets/ml-1m.zip).`;

/** The command line, or undefined for --help; throws with a plain message on a bad one. */
function readArgs(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      epochs: { type: 'string' },
      backend: { type: 'string' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const parts = new Set<Part>();
  for (const p of (values.only ?? []).flatMap((v) => v.split(','))) {
    if (!(PARTS as readonly string[]).includes(p))
      throw new Error(`--only takes ${PARTS.join(', ')}; not "${p}".`);
    parts.add(p as Part);
  }
  if (parts.size === 0) PARTS.forEach((p) => parts.add(p));
  const opts: Options = { parts, build: !values['no-build'] };
  if (values.backend !== undefined) {
    opts.backend = parseBackendName(values.backend);
    if (!opts.backend)
      throw new Error(`--backend takes ${BACKEND_NAMES.join(', ')}; not "${values.backend}".`);
  }
  if (values.epochs !== undefined) {
    const n = Number(values.epochs);
    if (!Number.isInteger(n) || n < 1) throw new Error('--epochs needs a whole number >= 1.');
    opts.epochs = n;
  }
  return opts;
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

async function main(): Promise<number> {
  let opts: Options | undefined;
  try {
    opts = readArgs(process.argv.slice(2));
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
  const prev = previousResult(OUT_DIR);
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      loadAverageAtStart: loadavg().map((x) => round(x, 2)),
      node: process.version,
      chromium: chromiumVersion(),
      chromiumArgs: chromiumArgs(),
      /** the --backend asked for (each model's `backend` is the one that really ran) */
      backendRequested: opts.backend ?? 'measured',
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
    if (opts.parts.has('data')) result.data = await benchData(server, profile, SHARDS);
    for (const kind of models) {
      const { figures, baselines } = await benchModel(
        kind,
        server,
        profile,
        users,
        overrides,
        opts.backend,
      );
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
      const { served, models: figs } = await benchServed(server, profile, opts.backend);
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

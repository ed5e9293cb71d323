/**
 * `npm run bench [-- --only import|data|ease|mf|neural|ui|lighthouse|firstVisit|history[,…]] [--epochs N] [--no-build]
 *   [--dataset <release zip or folder>]`
 *
 * Measures Reel on the full MovieLens 1M in headless Chromium, through the real app and its real
 * workers (no mocks), and writes bench/out/latest.json plus the split as CSV:
 * - import: the release's files through the app's import (fresh profile, no server data →
 *   ready), IndexedDB usage after it, peak memory.
 * - data: shard bytes; cold load (fresh profile, empty IndexedDB → data-status ready, from
 *   navigation start); warm start (reload → ready, median of 3); peak memory.
 * - lighthouse: Lighthouse's scores on the first visit (scripts/lib/bench-lighthouse.ts).
 * - mf, neural: trains each model with its default config through the model worker's comlink API
 *   (driven from scripts/bench-page/bench.html, a second Vite entry), then times `recommend`
 *   (fold-in + scoring all movies) for 100 seeded users' training ratings.
 * Memory figures: `peakHeapBytes` is the page's main-thread JS heap only; `peakRendererRssBytes`
 * is the whole renderer process (page, workers, wasm) — see scripts/lib/bench-memory.ts.
 * Each phase runs in a freshly launched browser on one persistent profile, so the models reuse
 * the data the data phase stored. Data: env ML1M_ZIP or ML1M_DIR, default
 * ../shared/datasets/ml-1m.zip; shards are built once per source into .cache/shards/ (keyed by the
 * source's path, sizes and modification times).
 *
 * `--dataset <path>` (issue #10): any release, e.g. the ML-25M-shaped one `npm run scale-data`
 * writes. Its results go to bench/out/<name>/latest.json; by default it runs import, data, ease
 * and mf, trains the MF for 3 epochs (--epochs changes it), skips the served evaluation, and
 * checks the scale goals (import ≤ 60 s, MF ≤ 30 s/epoch, peak renderer ≤ 2 GiB).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { fromUnknown } from '../src/core/errors';
import { splitFingerprint } from '../src/core/eval/split';
import { BENCH_PAGE, type RatingIn } from './bench-page/api';
import type { ModelKind } from '../workers/model-api';
import { BACKEND_NAMES, parseBackendName, type BackendName } from '../src/core/kinds';
import { BASE, log, secondsSince } from './lib/bench-browser';
import { benchData } from './lib/bench-data';
import { benchFirstVisit } from './lib/bench-first-visit';
import { benchHistory } from './lib/bench-history';
import { benchLighthouse } from './lib/bench-lighthouse';
import { benchImport, importFilesOf } from './lib/bench-import';
import { benchModel, benchServed } from './lib/bench-models';
import { round } from './lib/bench-report';
import {
  goals,
  MODEL_PARTS,
  PARTS,
  previousResult,
  printTables,
  SCALE_PARTS,
  type BenchResult,
  type Part,
} from './lib/bench-result';
import { foldInUsers, nodeExperiment, readMovieLens, writeSplitCsvs } from './lib/bench-split';
import { benchStartup, benchUi } from './lib/bench-ui';
import { CHROMIUM, chromiumArgs } from './lib/chromium';
import { precompress } from './lib/precompress';
import { startServer } from './lib/test-server';
import { prepareData, shardsPresent } from './prepare-data';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist-bench');
const FOLD_IN_USERS = 100;

interface Options {
  parts: Set<Part>;
  /** forced backend (the `?backend=` override); undefined: the measured choice */
  backend?: BackendName;
  epochs?: number;
  build: boolean;
  /** --dataset: a release (zip or folder) instead of ML-1M, measured against the scale goals */
  dataset?: string;
  /** --ease-items: the ranking model's item count instead of its memory rule (easeItemCap) */
  easeItems?: number;
}

/** MF epochs of a --dataset run unless --epochs says otherwise. */
const SCALE_EPOCHS = 3;

const USAGE = `Usage: npm run bench -- [--only import|data|ease|mf|neural|ui|lighthouse|firstVisit|history[,…]] [--epochs N] [--backend B]
       [--no-build] [--dataset <path>] [--ease-items N]
  --only      run only these parts (repeatable or comma-separated; default all, or with
              --dataset: import,data,ease,mf); neural brings mf (it starts from the MF)
  --backend   train and serve on webgpu|webgl|wasm|cpu instead of the measured choice; set
              REEL_GPU=1 on a machine with a GPU so Chromium keeps it (no --disable-gpu)
  --epochs    cap training epochs (maxEpochs override) for a quick check
  --no-build  reuse dist-bench/ from the previous run
  --dataset   measure this release (zip or folder, e.g. from npm run scale-data) against the
              scale goals; results in bench/out/<name>/; MF ${SCALE_EPOCHS} epochs unless --epochs
  --ease-items  the ranking model's most items instead of its memory rule (measurements)
Data: env ML1M_ZIP or ML1M_DIR (default ../shared/datasets/ml-1m.zip).`;

/** The command line, or undefined for --help; throws with a plain message on a bad one. */
function readArgs(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      epochs: { type: 'string' },
      backend: { type: 'string' },
      dataset: { type: 'string' },
      'ease-items': { type: 'string' },
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
  if (parts.size === 0) (values.dataset ? SCALE_PARTS : PARTS).forEach((p) => parts.add(p));
  // The neural model starts from the trained MF (NeuMF's pretraining): without `mf` in the run the
  // bench's fresh profile has none, and `neural` alone would measure the from-scratch fallback.
  if (parts.has('neural') && !parts.has('mf')) parts.add('mf');
  const opts: Options = { parts, build: !values['no-build'] };
  if (values.dataset !== undefined) {
    opts.dataset = resolve(values.dataset);
    opts.epochs = SCALE_EPOCHS;
  }
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
  if (values['ease-items'] !== undefined) {
    const n = Number(values['ease-items']);
    if (!Number.isInteger(n) || n < 1) throw new Error('--ease-items needs a whole number >= 1.');
    opts.easeItems = n;
  }
  return opts;
}

function dataSource(opts: Options): string {
  return resolve(
    opts.dataset ||
      process.env.ML1M_ZIP ||
      process.env.ML1M_DIR ||
      join(ROOT, '../shared/datasets/ml-1m.zip'),
  );
}

/** The shard cache of a source: named after it, keyed by its path, file sizes and times. */
export function shardCacheDir(source: string): string {
  const h = createHash('sha256').update(source);
  for (const f of importFilesOf(source)) {
    const st = statSync(f);
    h.update(`\0${f}\0${st.size}\0${st.mtimeMs}`);
  }
  const name = basename(source)
    .replace(/\.zip$/i, '')
    .replace(/[^\w.-]+/g, '_');
  return join(ROOT, '.cache/shards', `${name}-${h.digest('hex').slice(0, 12)}`);
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
        input: { main: join(ROOT, 'index.html'), bench: join(ROOT, BENCH_PAGE) },
      },
    },
  });
  const n = await precompress(DIST);
  log(
    `built the app and the bench page into dist-bench/ in ${secondsSince(started)} s (${n} files gzipped)`,
  );
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
  const source = dataSource(opts);
  if (!existsSync(source)) {
    console.error(
      opts.dataset
        ? `npm run bench: there is no file or folder at ${source}.`
        : `npm run bench: no MovieLens 1M data at ${source} (set ML1M_ZIP to ml-1m.zip or ML1M_DIR to a folder with the .dat files).`,
    );
    return 1;
  }
  const scale = opts.dataset !== undefined;
  const OUT_DIR = scale
    ? join(
        ROOT,
        'bench/out',
        basename(source)
          .replace(/\.zip$/i, '')
          .replace(/[^\w.-]+/g, '_'),
      )
    : join(ROOT, 'bench/out');
  const SHARDS = shardCacheDir(source);
  if (scale) log(`--dataset ${source}: results in ${OUT_DIR}; MF capped at ${opts.epochs} epochs`);
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
    ...(scale ? { scale: true } : {}),
    split: prev.split,
    import: opts.parts.has('import') ? undefined : prev.import,
    data: opts.parts.has('data') ? undefined : prev.data,
    ui: opts.parts.has('ui') ? undefined : prev.ui,
    startup: opts.parts.has('ui') ? undefined : prev.startup,
    lighthouse: opts.parts.has('lighthouse') ? undefined : prev.lighthouse,
    firstVisit: opts.parts.has('firstVisit') ? undefined : prev.firstVisit,
    history: opts.parts.has('history') ? undefined : prev.history,
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
  if (opts.parts.has('history')) {
    log('history: matching 5,000 IMDb rows against ML-32M-sized generated titles …');
    result.history = await benchHistory();
  }

  if (!shardsPresent(SHARDS)) {
    log(`building shards from ${source} into ${SHARDS} …`);
    await prepareData({ from: source, outDir: SHARDS, log: (l) => log(l), progress: false });
  }

  let users: RatingIn[][] = [];
  let nodeBaselines: BenchResult['baselines'];
  if (models.length && scale) {
    log(
      '--dataset: no split in Node and no fold-in timing (parsing 25M ratings twice costs minutes)',
    );
  } else if (models.length) {
    const t = Date.now();
    const parsed = await readMovieLens(source);
    const exp = nodeExperiment(parsed);
    // a --dataset run writes no split CSVs (hundreds of MB at 25M ratings)
    const csv = scale ? undefined : await writeSplitCsvs(OUT_DIR, parsed, exp);
    const picked = foldInUsers(exp, FOLD_IN_USERS);
    users = picked.map((p) => p.ratings);
    nodeBaselines = exp.baselines;
    result.source = {
      path: source,
      release: parsed.release,
      label: scale
        ? `${basename(source)} (${parsed.release}, ${parsed.ratings.ratings.length.toLocaleString('en')} ratings)`
        : 'MovieLens 1M',
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
      ...(csv
        ? {
            trainCsv:
              'bench/out/split-train.csv (train + valid rows: models fit on train, early-stop on valid)',
            testCsv: 'bench/out/split-test.csv',
            trainCsvRows: csv.trainRows,
            testCsvRows: csv.testRows,
          }
        : {}),
      foldInUserIds: picked.map((p) => p.userId),
    };
    log(
      `split (Node): ${exp.split.train.length} train, ${exp.split.valid.length} valid, ` +
        `${exp.split.test.length} test${csv ? '; CSVs written' : ''}; ${secondsSince(t)} s`,
    );
  }

  if (opts.build || !existsSync(join(DIST, BENCH_PAGE))) await buildApp();
  const server = await startServer({ distDir: DIST, dataDir: SHARDS, base: BASE });
  const profile = mkdtempSync(join(tmpdir(), 'reel-bench-'));
  let failed = false;
  try {
    // written after every part, so a run stopped early keeps what it measured
    const keep = () =>
      writeFile(join(OUT_DIR, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (opts.parts.has('import')) result.import = await benchImport(server, source);
    await keep();
    if (opts.parts.has('data')) result.data = await benchData(server, profile, SHARDS);
    await keep();
    for (const kind of models) {
      const { figures, baselines } = await benchModel(
        kind,
        server,
        profile,
        users,
        kind === 'ease' && opts.easeItems ? { ...overrides, maxItems: opts.easeItems } : overrides,
        opts.backend,
      );
      result.models[kind] = figures;
      await keep();
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
      if (scale) {
        const info = result.models[kind]!;
        result.source = {
          ...result.source,
          path: source,
          label: `${basename(source)}`,
          foldIn: 'not measured on a --dataset run',
        };
        log(
          `${kind}: test RMSE ${info.testRmse}, HR@10 ${info.hr10}, ${info.secondsPerEpoch} s/epoch`,
        );
      }
      if (nodeBaselines) {
        const same =
          Math.abs(nodeBaselines.biases.testRmse - baselines.biases.testRmse) < 1e-6 &&
          Math.abs(nodeBaselines.globalMean.testRmse - baselines.globalMean.testRmse) < 1e-6;
        result.split = { ...result.split, browserBaselinesMatchNode: same };
        if (!same) log("WARNING: the worker's baselines differ from Node's: the splits differ.");
      }
    }
    if (scale && (opts.parts.has('ease') || opts.parts.has('mf')))
      log('served blend: not evaluated on a --dataset run (the whole test set is hours at 25M).');
    else if (opts.parts.has('ease') || opts.parts.has('mf')) {
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
    if (opts.parts.has('lighthouse')) {
      log('lighthouse: first visit, mobile defaults, 3 runs …');
      result.lighthouse = await benchLighthouse(server.url);
    }
    if (opts.parts.has('firstVisit')) {
      result.firstVisit = await benchFirstVisit({ distDir: DIST, base: BASE, source });
      await keep();
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
  console.log(
    `\nWrote ${join(OUT_DIR, 'latest.json').slice(ROOT.length + 1)} in ${secondsSince(started)} s total.`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`npm run bench: ${fromUnknown(e).message}`);
    process.exit(1);
  },
);

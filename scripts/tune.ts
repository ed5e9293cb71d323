/**
 * Dev tool: measures the models on the real ML-1M in Node with the tfjs wasm backend (close to
 * the browser's CPU path). Hyperparameters are compared on the VALIDATION slice only; the test
 * set is read only with --test, to report the chosen configuration.
 *
 *   npm run tune -- --kind mf --dim 64 --lr 0.01 --l2 0.05 [--test] [--foldin]
 *   npm run tune -- --baselines
 *
 * Data: $ML1M_DIR (default ../shared/datasets/ml-1m). Bounded by --maxEpochs; single thread.
 * --kernel js trains the MF on the plain-JS pass instead of the WebAssembly kernel (sgdKernel.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RatingColumns } from '../src/core/data/types';
import { readMovieLens } from './lib/bench-split';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { globalMean, predictBiases, tuneBiases } from '../src/core/eval/baselines';
import { createRng } from '../src/core/eval/rng';
import {
  buildIndexMaps,
  concatTrainingArrays,
  toTrainingArrays,
  type TrainingArrays,
} from '../src/core/data/indexing';
import { mae, rmse } from '../src/core/eval/metrics';
import { buildRankingTasks, rankingFromScores, rankingPairs } from '../src/core/eval/ranking';
import { DEFAULT_SPLIT_SEED, splitRatings } from '../src/core/eval/split';
import { foldIn } from '../src/core/recommend/foldin';
import { defaultConfig, FOLD_IN, foldInLambda, type TrainConfig } from '../src/models/config';
import { foldInNeural } from '../src/models/neuralFoldIn';
import { createServingModel, predictPairs } from '../src/models/predict';
import { trainModel } from '../src/models/train';
import {
  restoreWeights,
  serializeWeights,
  type ModelWeights,
  type SerializedWeights,
} from '../src/models/weights';

/** Every option tune.ts reads; values are strings (numbers parsed where used). */
const STRING_OPTIONS = [
  'backend',
  'biasLambdas',
  'hidden',
  'kernel',
  'kind',
  'lambdas',
  'limits',
  'mfpath',
  'load',
  'perN',
  'range',
  'product',
  'elr',
  'tolerance',
  'save',
  'solver',
  'steps',
  'dim',
  'slowDims',
  'lr',
  'decay',
  'l2',
  'l2Bias',
  'alpha',
  'l2Dense',
  'bs',
  'maxEpochs',
  'patience',
  'minDelta',
  'initStd',
  'seed',
] as const;
const FLAGS = ['baselines', 'foldin', 'pretrain', 'refit', 'test', 'help'] as const;

const { values } = parseArgs({
  options: {
    ...Object.fromEntries(STRING_OPTIONS.map((o) => [o, { type: 'string' as const }])),
    ...Object.fromEntries(FLAGS.map((f) => [f, { type: 'boolean' as const }])),
  },
  strict: true,
});
const flag = (name: (typeof FLAGS)[number]): boolean => values[name] === true;
const opt = (name: (typeof STRING_OPTIONS)[number]): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};
const dir = process.env.ML1M_DIR ?? join(import.meta.dirname, '../../shared/datasets/ml-1m');

async function main(): Promise<void> {
  if (flag('help')) {
    console.log(
      `Usage: npm run tune -- [--baselines] [--kind mf|neural] [--<setting> <value> ...] [--test] [--foldin]\n` +
        `  settings: ${STRING_OPTIONS.join(', ')}\n  data: $ML1M_DIR (default ../shared/datasets/ml-1m)`,
    );
    return;
  }
  await tf.setBackend(opt('backend') ?? 'wasm');
  await tf.ready();
  const data = await readMovieLens(dir);
  const cols = data.ratings;
  const maps = buildIndexMaps(
    data.movies.map((m) => m.id),
    data.users.map((u) => u.id),
  );
  const split = splitRatings(cols.ratings.length, DEFAULT_SPLIT_SEED);
  const train = toTrainingArrays(cols, split.train, maps);
  const valid = toTrainingArrays(cols, split.valid, maps);
  const test = toTrainingArrays(cols, split.test, maps);
  const { numUsers, numMovies } = maps;
  console.log(
    `ratings ${cols.ratings.length} users ${numUsers} movies ${numMovies} | fit ${train.ratings.length} valid ${valid.ratings.length} test ${test.ratings.length} | backend ${tf.getBackend()}`,
  );

  if (flag('baselines')) {
    const mu = globalMean(train.ratings);
    const gm = (d: TrainingArrays): number =>
      rmse(new Float32Array(d.ratings.length).fill(mu), d.ratings);
    const t0 = performance.now();
    const tuned = tuneBiases(train, valid, numUsers, numMovies);
    console.log(
      `global mean ${mu.toFixed(4)}: valid ${gm(valid).toFixed(4)} test ${gm(test).toFixed(4)}\n` +
        `biases lu=${tuned.model.lambdaUser} li=${tuned.model.lambdaMovie}: valid ${tuned.validRmse.toFixed(4)} ` +
        `test ${rmse(predictBiases(tuned.model, test.users, test.movies), test.ratings).toFixed(4)} ` +
        `mae ${mae(predictBiases(tuned.model, test.users, test.movies), test.ratings).toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    return;
  }

  const kind = (opt('kind') ?? 'mf') as 'mf' | 'neural';
  // the neural default starts from the MF (--pretrain); without it, the from-scratch settings
  const config: TrainConfig = defaultConfig(kind, kind === 'neural' && !flag('pretrain'));
  const num = (k: keyof TrainConfig, name = k as string): void => {
    const v = opt(name as (typeof STRING_OPTIONS)[number]);
    if (v !== undefined) (config as unknown as Record<string, number>)[k] = +v;
  };
  num('dim');
  num('slowDims');
  num('learningRate', 'lr');
  num('lrDecay', 'decay');
  num('l2');
  num('l2Bias');
  num('regAlpha', 'alpha');
  num('l2Dense');
  num('batchSize', 'bs');
  num('maxEpochs');
  num('patience');
  num('minDelta');
  num('initStd');
  num('seed');
  if (opt('solver') !== undefined) config.solver = opt('solver') as TrainConfig['solver'];
  if (opt('hidden') !== undefined)
    config.hidden = opt('hidden')!.split('x').filter(Boolean).map(Number);
  num('embeddingLearningRate', 'elr');
  if (opt('product') !== undefined) config.product = opt('product') === '1';
  if (opt('mfpath') !== undefined) config.mfPath = opt('mfpath') === '1';
  if (opt('range') !== undefined)
    config.ratingRange = opt('range')!.split(',').map(Number) as [number, number];
  console.log(JSON.stringify(config));
  if (opt('load')) {
    const saved = JSON.parse(readFileSync(opt('load')!, 'utf8')) as SerializedWeights & {
      data: number[];
    };
    const w = restoreWeights({ ...saved, data: Float32Array.from(saved.data).buffer });
    if (flag('foldin')) await measureFoldIn(w, train, valid);
    if (flag('test')) await reportTest(w, cols, maps, split, test);
    return;
  }
  // --pretrain: train the default MF first and start the neural model from it (train.ts fromMf)
  let fromMf: ModelWeights | undefined;
  if (kind === 'neural' && flag('pretrain')) {
    const t1 = performance.now();
    const mfRes = await trainModel(defaultConfig('mf'), { train, valid, numUsers, numMovies });
    fromMf = mfRes.weights;
    config.dim = fromMf.dim;
    config.product = true;
    console.log(
      `pretrained MF: valid ${mfRes.bestValRmse.toFixed(4)} in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
  }
  const t0 = performance.now();
  // --refit: fit on train + valid for exactly maxEpochs (no early stopping), to measure what the
  // validation rows are worth on test once the epoch count is chosen.
  const refit = flag('refit');
  const res = await trainModel(
    config,
    refit
      ? {
          train: concatTrainingArrays(train, valid),
          valid: {
            users: new Int32Array(0),
            movies: new Int32Array(0),
            ratings: new Float32Array(0),
          },
          numUsers,
          numMovies,
        }
      : { train, valid, numUsers, numMovies },
    {
      mfKernel: opt('kernel') === 'js' ? 'js' : 'wasm',
      fromMf,
      onEpoch: (e) =>
        console.log(
          `  epoch ${e.epoch} loss ${e.loss.toFixed(4)} valid ${e.valRmse.toFixed(4)} ${e.seconds.toFixed(2)} s`,
        ),
    },
  );
  const trainSeconds = (performance.now() - t0) / 1000;
  const s = res.history.reduce((a, e) => a + e.seconds, 0) / res.history.length;
  console.log(
    `RESULT ${kind} best epoch ${res.bestEpoch}/${res.history.length} valid ${res.bestValRmse.toFixed(4)} total ${trainSeconds.toFixed(1)} s (${s.toFixed(2)} s/epoch)`,
  );
  if (opt('save')) {
    const ser = serializeWeights(res.weights);
    writeFileSync(opt('save')!, JSON.stringify({ ...ser, data: [...new Float32Array(ser.data)] }));
  }
  if (flag('foldin')) await measureFoldIn(res.weights, train, valid);
  if (flag('test')) await reportTest(res.weights, cols, maps, split, test);
}

/**
 * Fold-in accuracy on VALID rows: every 10th user is re-derived from their fit ratings only
 * (all of them, or just 20 — a new user's situation) with the movie side fixed, then their valid
 * ratings are predicted. Grid over the ridge weight lambda = a + b n. Plus latency for 100 users
 * with 10-50 ratings.
 */
async function measureFoldIn(
  w: ModelWeights,
  train: TrainingArrays,
  valid: TrainingArrays,
): Promise<void> {
  const byUser = new Map<number, { movieIndex: number; rating: number }[]>();
  for (let i = 0; i < train.ratings.length; i++) {
    const u = train.users[i]!;
    let l = byUser.get(u);
    if (!l) byUser.set(u, (l = []));
    l.push({ movieIndex: train.movies[i]!, rating: train.ratings[i]! });
  }
  // Each user's ratings in a seeded random order: rows are stored by timestamp, and the first
  // ones are not representative (imputed timestamps of low ratings).
  const shuffler = createRng(99);
  for (const l of byUser.values()) {
    for (let i = l.length - 1; i > 0; i--) {
      const j = shuffler.nextInt(i + 1);
      [l[i], l[j]] = [l[j]!, l[i]!];
    }
  }
  const rows: number[] = [];
  for (let i = 0; i < valid.ratings.length; i++) if (valid.users[i]! % 10 === 0) rows.push(i);
  const serving = createServingModel(w);
  const predictValid = async (
    fold: (r: { movieIndex: number; rating: number }[]) => { vector: Float32Array; bias: number },
    limit: number,
  ): Promise<number> => {
    const cache = new Map<number, Float32Array>();
    const pred = new Float32Array(rows.length);
    const truth = new Float32Array(rows.length);
    for (const [k, i] of rows.entries()) {
      const u = valid.users[i]!;
      let scores = cache.get(u);
      if (!scores) {
        const f = fold((byUser.get(u) ?? []).slice(0, limit));
        scores = await serving.scoreUser(f.vector, f.bias, { clip: true });
        cache.set(u, scores);
      }
      pred[k] = scores[valid.movies[i]!]!;
      truth[k] = valid.ratings[i]!;
    }
    return rmse(pred, truth);
  };
  const trained = await predictValid((r) => {
    void r;
    return { vector: new Float32Array(w.dim), bias: 0 };
  }, 0);
  console.log(`  valid rmse of the movie side alone (user = 0): ${trained.toFixed(4)}`);
  const lambdas = (opt('lambdas') ?? '1,5,15').split(',').map(Number);
  const perN = (opt('perN') ?? '0,0.05,0.2').split(',').map(Number);
  const limits = (opt('limits') ?? '20,100000').split(',').map(Number);
  const steps = (opt('steps') ?? String(FOLD_IN.neuralSteps)).split(',').map(Number);
  const tol = Number(opt('tolerance') ?? FOLD_IN.neuralTolerance);
  const biasLambdas = (opt('biasLambdas') ?? '0').split(',').map(Number);
  for (const limit of limits) {
    for (const a of lambdas) {
      for (const b of perN) {
        for (const st of w.kind === 'mf' ? [0] : steps) {
          for (const bl of biasLambdas) {
            const lam = (n: number): number => a + b * n;
            const e = await predictValid(
              (r) =>
                w.kind === 'mf'
                  ? foldIn(r, w, lam(r.length), bl || lam(r.length))
                  : foldInNeural(w, r, { lambda: lam(r.length), steps: st, tolerance: tol }),
              limit,
            );
            console.log(
              `  foldin ${w.kind} ${limit} ratings, lambda ${a} + ${b} n${bl ? `, bias ${bl}` : ''}${st ? `, ${st} steps` : ''}: valid ${e.toFixed(4)}`,
            );
          }
        }
      }
    }
  }
  serving.dispose();
  const users = [...byUser.keys()].slice(0, 100);
  const times: number[] = [];
  for (const u of users) {
    const r = byUser.get(u)!.slice(0, 10 + (u % 41));
    const t0 = performance.now();
    if (w.kind === 'mf') foldIn(r, w, foldInLambda(r.length));
    else foldInNeural(w, r, { tolerance: tol });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  foldin ${w.kind} latency (10-50 ratings, 100 users) median ${times[50]!.toFixed(2)} ms p95 ${times[95]!.toFixed(2)} ms`,
  );
}

async function reportTest(
  w: ModelWeights,
  cols: Pick<RatingColumns, 'users' | 'movies' | 'ratings'>,
  maps: ReturnType<typeof buildIndexMaps>,
  split: ReturnType<typeof splitRatings>,
  test: TrainingArrays,
): Promise<void> {
  const pred = await predictPairs(w, test.users, test.movies);
  const clipped = pred.map((p) => Math.min(5, Math.max(1, p)));
  const all = toTrainingArrays(cols, null, maps);
  const tasks = buildRankingTasks(all, split.test, {
    seed: DEFAULT_SPLIT_SEED,
    numUsers: maps.numUsers,
    numMovies: maps.numMovies,
  });
  const pairs = rankingPairs(tasks);
  const rk = rankingFromScores(tasks, await predictPairs(w, pairs.users, pairs.movies));
  console.log(
    `TEST ${w.kind} rmse ${rmse(clipped, test.ratings).toFixed(4)} mae ${mae(clipped, test.ratings).toFixed(4)} hr@10 ${rk.hr.toFixed(4)} ndcg@10 ${rk.ndcg.toFixed(4)} (${rk.tasks} users)`,
  );
}

await main();

/**
 * Dev tool: measures the models on the real ML-1M in Node with the tfjs wasm backend (close to
 * the browser's CPU path). Hyperparameters are compared on the VALIDATION slice only; the test
 * set is read only with --test, to report the chosen configuration.
 *
 *   npx tsx scripts/tune.ts --kind mf --dim 64 --lr 0.01 --l2 0.05 [--test] [--foldin]
 *   npx tsx scripts/tune.ts --baselines
 *
 * Data: $ML1M_DIR (default ../shared/datasets/ml-1m). Bounded by --maxEpochs; single thread.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { globalMean, predictBiases, tuneBiases } from '../src/core/eval/baselines';
import { buildIndexMaps, toTrainingArrays, type TrainingArrays } from '../src/core/eval/indexing';
import { mae, rmse } from '../src/core/eval/metrics';
import { buildRankingTasks, rankingFromScores, rankingPairs } from '../src/core/eval/ranking';
import { DEFAULT_SPLIT_SEED, splitRatings } from '../src/core/eval/split';
import { foldIn } from '../src/core/recommend/foldin';
import { defaultConfig, type TrainConfig } from '../src/models/config';
import { foldInNeural, predictPairs } from '../src/models/predict';
import { trainModel } from '../src/models/train';
import type { ModelWeights } from '../src/models/weights';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = process.env.ML1M_DIR ?? join(import.meta.dirname, '../../shared/datasets/ml-1m');

function loadColumns(): {
  users: Uint16Array;
  movies: Uint16Array;
  ratings: Uint8Array;
  movieIds: number[];
  userIds: number[];
} {
  const text = readFileSync(join(dir, 'ratings.dat'), 'latin1');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const users = new Uint16Array(lines.length);
  const movies = new Uint16Array(lines.length);
  const ratings = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    const p = l.split('::');
    users[i] = +p[0]!;
    movies[i] = +p[1]!;
    ratings[i] = +p[2]!;
  });
  const movieIds = readFileSync(join(dir, 'movies.dat'), 'latin1')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => +l.split('::')[0]!);
  const userIds = readFileSync(join(dir, 'users.dat'), 'latin1')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => +l.split('::')[0]!);
  return { users, movies, ratings, movieIds, userIds };
}

async function main(): Promise<void> {
  await tf.setBackend(opt('backend') ?? 'wasm');
  await tf.ready();
  const cols = loadColumns();
  const maps = buildIndexMaps(cols.movieIds, cols.userIds);
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
    const gm = (d: TrainingArrays): number => rmse(new Float32Array(d.ratings.length).fill(mu), d.ratings);
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
  const config: TrainConfig = defaultConfig(kind);
  const num = (k: keyof TrainConfig, name = k as string): void => {
    const v = opt(name);
    if (v !== undefined) (config as unknown as Record<string, number>)[k] = +v;
  };
  num('dim');
  num('learningRate', 'lr');
  num('lrDecay', 'decay');
  num('l2');
  num('l2Bias');
  num('weightDecay', 'wd');
  num('regAlpha', 'alpha');
  num('l2Dense');
  num('batchSize', 'bs');
  num('maxEpochs');
  num('patience');
  num('initStd');
  num('seed');
  if (opt('hidden') !== undefined) config.hidden = opt('hidden')!.split('x').filter(Boolean).map(Number);
  if (opt('range') !== undefined) config.ratingRange = opt('range')!.split(',').map(Number) as [number, number];
  console.log(JSON.stringify(config));
  const t0 = performance.now();
  const res = await trainModel(config, { train, valid, numUsers, numMovies }, {
    onEpoch: (e) =>
      console.log(
        `  epoch ${e.epoch} loss ${e.loss.toFixed(4)} valid ${e.valRmse.toFixed(4)} ${e.seconds.toFixed(2)} s`,
      ),
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const s = res.history.reduce((a, e) => a + e.seconds, 0) / res.history.length;
  console.log(
    `RESULT ${kind} best epoch ${res.bestEpoch}/${res.history.length} valid ${res.bestValRmse.toFixed(4)} total ${trainSeconds.toFixed(1)} s (${s.toFixed(2)} s/epoch)`,
  );
  if (flag('foldin')) measureFoldIn(res.weights, train, valid);
  if (flag('test')) reportTest(res.weights, cols, maps, split, test);
}

/**
 * Fold-in accuracy on VALID rows: users re-derived from their fit rows only (movie side fixed),
 * compared with the trained user rows; and latency for users with 10-50 ratings.
 */
function measureFoldIn(w: ModelWeights, train: TrainingArrays, valid: TrainingArrays): void {
  const byUser = new Map<number, { movieIndex: number; rating: number }[]>();
  for (let i = 0; i < train.ratings.length; i++) {
    const u = train.users[i]!;
    let l = byUser.get(u);
    if (!l) byUser.set(u, (l = []));
    l.push({ movieIndex: train.movies[i]!, rating: train.ratings[i]! });
  }
  const lambdas = (opt('lambdas') ?? '').split(',').filter(Boolean).map(Number);
  const perN = (opt('perN') ?? '').split(',').filter(Boolean).map(Number);
  const predictValid = (vec: (u: number) => { vector: Float32Array; bias: number }): number => {
    const cache = new Map<number, { vector: Float32Array; bias: number }>();
    const pred = new Float32Array(valid.ratings.length);
    for (let i = 0; i < valid.ratings.length; i++) {
      const u = valid.users[i]!;
      let f = cache.get(u);
      if (!f) cache.set(u, (f = vec(u)));
      const m = valid.movies[i]!;
      let p = w.globalMean + f.bias + w.movieBias[m]!;
      for (let d = 0; d < w.dim; d++) p += f.vector[d]! * w.movieFactors[m * w.dim + d]!;
      pred[i] = Math.min(5, Math.max(1, p));
    }
    return rmse(pred, valid.ratings);
  };
  if (w.kind === 'mf') {
    for (const a of lambdas.length ? lambdas : [1, 3, 10]) {
      for (const b of perN.length ? perN : [0, 0.02, 0.05, 0.1]) {
        const e = predictValid((u) => foldIn(byUser.get(u) ?? [], w, a + b * (byUser.get(u)?.length ?? 0)));
        console.log(`  foldin MF lambda ${a} + ${b} n: valid ${e.toFixed(4)}`);
      }
    }
  }
  // Latency: 100 users, their first 10..50 fit ratings.
  const users = [...byUser.keys()].slice(0, 100);
  const times: number[] = [];
  for (const u of users) {
    const r = byUser.get(u)!.slice(0, 10 + (u % 41));
    const t0 = performance.now();
    if (w.kind === 'mf') foldIn(r, w, 1 + 0.05 * r.length);
    else foldInNeural(w, r);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  foldin ${w.kind} latency median ${times[50]!.toFixed(2)} ms p95 ${times[95]!.toFixed(2)} ms`,
  );
}

function reportTest(
  w: ModelWeights,
  cols: { users: Uint16Array; movies: Uint16Array; ratings: Uint8Array },
  maps: ReturnType<typeof buildIndexMaps>,
  split: ReturnType<typeof splitRatings>,
  test: TrainingArrays,
): void {
  const pred = predictPairs(w, test.users, test.movies);
  const clipped = pred.map((p) => Math.min(5, Math.max(1, p)));
  const all = toTrainingArrays(cols, null, maps);
  const tasks = buildRankingTasks(all, split.test, {
    seed: DEFAULT_SPLIT_SEED,
    numUsers: maps.numUsers,
    numMovies: maps.numMovies,
  });
  const pairs = rankingPairs(tasks);
  const rk = rankingFromScores(tasks, predictPairs(w, pairs.users, pairs.movies));
  console.log(
    `TEST ${w.kind} rmse ${rmse(clipped, test.ratings).toFixed(4)} mae ${mae(clipped, test.ratings).toFixed(4)} hr@10 ${rk.hr.toFixed(4)} ndcg@10 ${rk.ndcg.toFixed(4)} (${rk.tasks} users)`,
  );
}

await main();

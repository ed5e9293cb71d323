/**
 * Dev tool: seconds per AdaGrad epoch of the MF kernels on the real ML-1M fit rows, JS
 * (sgdPass.ts) against WebAssembly SIMD (sgdKernel.wat), interleaved in one run so that machine
 * load hits both alike; prints the ratio. Also checks the two stay close after each epoch.
 *
 *   npm run kernel-ratio -- [--dim 128] [--epochs 3]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndexMaps, toTrainingArrays } from '../src/core/data/indexing';
import { globalMean } from '../src/core/eval/baselines';
import { createRng } from '../src/core/eval/rng';
import { DEFAULT_SPLIT_SEED, splitRatings } from '../src/core/eval/split';
import { createAdaKernel, type AdaArrays, type KernelEngine } from '../src/models/sgdKernel';
import { readMovieLens } from './lib/bench-split';

const { values } = parseArgs({
  options: { dim: { type: 'string' }, epochs: { type: 'string' } },
});
const k = Number(values.dim ?? 128);
const epochs = Number(values.epochs ?? 3);
const dir = process.env.ML1M_DIR ?? join(import.meta.dirname, '../../shared/datasets/ml-1m');
const data = await readMovieLens(dir);
const maps = buildIndexMaps(
  data.movies.map((m) => m.id),
  data.users.map((u) => u.id),
);
const split = splitRatings(data.ratings.ratings.length, DEFAULT_SPLIT_SEED);
const train = toTrainingArrays(data.ratings, split.train, maps);
const n = train.ratings.length;
const mu = globalMean(train.ratings);
const rng = createRng(1);
const order = new Uint32Array(n).map((_, i) => i);
const init = (len: number): Float32Array =>
  new Float32Array(len).map(() => rng.nextNormal() * 0.05);
const P0 = init(maps.numUsers * k);
const Q0 = init(maps.numMovies * k);
const arrays = (): AdaArrays => ({
  order,
  users: train.users,
  movies: train.movies,
  ratings: train.ratings,
  P: P0.slice(),
  Q: Q0.slice(),
  bu: new Float32Array(maps.numUsers),
  bi: new Float32Array(maps.numMovies),
  regU: new Float32Array(maps.numUsers).fill(0.05),
  regI: new Float32Array(maps.numMovies).fill(0.05),
  gU: new Float32Array(2 * maps.numUsers).fill(1),
  gI: new Float32Array(2 * maps.numMovies).fill(1),
  gBu: new Float32Array(maps.numUsers).fill(1),
  gBi: new Float32Array(maps.numMovies).fill(1),
});
const engines: KernelEngine[] = ['js', 'wasm'];
const kernels = await Promise.all(engines.map((e) => createAdaKernel(arrays(), k, 0, e)));
const seconds = engines.map(() => 0);
const shuffles = engines.map(() => createRng(2)); // the same order for both
const step = { slowOnly: false, mu, lr: 0.1, lrBias: 0.1, l2Bias: 0.1 };
for (let epoch = 1; epoch <= epochs; epoch++) {
  kernels.forEach((kern, j) => kern.shuffle(shuffles[j]!));
  const losses = kernels.map((kern, j) => {
    const t0 = performance.now();
    const sse = kern.pass(0, n, step);
    seconds[j]! += (performance.now() - t0) / 1000;
    return Math.sqrt(sse / n);
  });
  let maxDiff = 0;
  const [a, b] = kernels.map((kern) => kern.arrays.Q);
  for (let i = 0; i < a!.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a![i]! - b![i]!));
  console.log(
    `epoch ${epoch}: train rmse ${losses.map((l) => l.toFixed(5)).join(' / ')} (js / wasm), max |dQ| ${maxDiff.toExponential(2)}`,
  );
}
const [js, wasm] = seconds.map((s) => s / epochs);
console.log(
  `dim ${k}, ${n} ratings: js ${js!.toFixed(3)} s/epoch, wasm ${wasm!.toFixed(3)} s/epoch (${kernels[1]!.engine}), ratio ${(js! / wasm!).toFixed(2)}x`,
);

/**
 * Dev tool: seconds per AdaGrad pass of the wasm MF kernel (sgdKernel.ts) on synthetic arrays of
 * ML-25M's shape (162,541 users, 62,423 movies, dim 128; skewed user and movie popularity), to
 * measure what cache misses cost once the tables outgrow the cache. Prints the shuffle and the
 * pass time of two epochs and the loss (which must not change with `--ahead`).
 *
 *   npx tsx --import ./scripts/lib/wat-register.ts scripts/kernel-scale.ts [--ratings 5000000] [--ahead 4]
 */
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/eval/rng';
import { createAdaKernel } from '../src/models/sgdKernel';

const { values } = parseArgs({
  options: { ratings: { type: 'string' }, ahead: { type: 'string' } },
});
const n = Number(values.ratings ?? 5_000_000);
const ahead = values.ahead === undefined ? undefined : Number(values.ahead);
const [numUsers, numMovies, k] = [162_541, 62_423, 128];
const rng = createRng(7);
const users = new Int32Array(n);
const movies = new Int32Array(n);
const ratings = new Float32Array(n);
for (let s = 0; s < n; s++) {
  users[s] = Math.floor(numUsers * rng.next() ** 1.5);
  movies[s] = Math.floor(numMovies * rng.next() ** 4);
  ratings[s] = 1 + Math.floor(rng.next() * 5);
}
const small = (len: number) => new Float32Array(len).map(() => (rng.next() - 0.5) * 0.1);
const kernel = await createAdaKernel(
  {
    order: new Uint32Array(n).map((_, i) => i),
    users,
    movies,
    ratings,
    P: small(numUsers * k),
    Q: small(numMovies * k),
    bu: new Float32Array(numUsers),
    bi: new Float32Array(numMovies),
    regU: new Float32Array(numUsers).fill(0.05),
    regI: new Float32Array(numMovies).fill(0.05),
    gU: new Float32Array(2 * numUsers).fill(1),
    gI: new Float32Array(2 * numMovies).fill(1),
    gBu: new Float32Array(numUsers).fill(1),
    gBi: new Float32Array(numMovies).fill(1),
  },
  k,
  0,
  'wasm',
  ahead,
);
const step = { slowOnly: false, mu: 3.5, lr: 0.1, lrBias: 0.1, l2Bias: 0.03 };
for (let epoch = 1; epoch <= 2; epoch++) {
  let t0 = performance.now();
  kernel.shuffle(rng);
  const shuffle = (performance.now() - t0) / 1000;
  t0 = performance.now();
  let sse = 0;
  for (let s = 0; s < n; s += 16384) sse += kernel.pass(s, Math.min(n, s + 16384), step);
  const pass = (performance.now() - t0) / 1000;
  console.log(
    `epoch ${epoch}: shuffle ${shuffle.toFixed(2)} s, pass ${pass.toFixed(2)} s (${kernel.engine}, ahead ${ahead ?? 'default'}), loss ${(sse / n).toFixed(4)}`,
  );
}

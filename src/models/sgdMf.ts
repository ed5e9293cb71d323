/**
 * Matrix factorizer trained by plain stochastic gradient descent, one rating at a time, in
 * JavaScript on Float32Arrays (no tf.js): r_hat = mu + b_u + b_i + u.v, the model and weights
 * format of mf.ts, so the MF fold-in (core/recommend/foldin.ts) and serving are unchanged.
 *
 * Why not tf.js: a rating touches 2 (dim + 1) numbers, so a batched step is dominated by
 * gathers, scatters and per-op overhead, and large batches need Adam to converge at all. The
 * classic per-rating update (Funk / Koren) does the same work in one tight loop, converges in far
 * fewer epochs and, with the per-occurrence L2 it implies, generalises better (config.ts has the
 * measurements). Per rating, with e = r - r_hat and learning rate lr:
 *   b_u += lr (e - l2Bias b_u)            b_i += lr (e - l2Bias b_i)
 *   u   += lr (e v - l2 w_u u)            v   += lr (e u - l2 w_i v)
 * w_u, w_i are the frequency weights of config.regAlpha (1 when regAlpha = 0). The order is a
 * fresh seeded shuffle every epoch, lr is multiplied by lrDecay after every epoch.
 *
 * Rules kept as in train.ts: the AbortSignal is checked between chunks and at every yield (an
 * AbortError is thrown), the loop yields to the event loop at least every `yieldEveryMs`,
 * onEpoch reports loss (mean squared error before each update), validation RMSE and seconds,
 * early stopping returns the best epoch's weights.
 */
import { AbortError } from '../core/errors';
import { globalMean } from '../core/eval/baselines';
import type { TrainingArrays } from '../core/data/indexing';
import { createRng, deriveSeed, shuffleInPlace } from '../core/eval/rng';
import type { TrainConfig } from './config';
import { countRows, initialWeights, penaltyWeights } from './model';
import type { EpochStats, TrainData, TrainHooks, TrainResult } from './train';
import type { ModelWeights } from './weights';

/** Ratings per chunk between abort checks / clock reads (~10 ms at dim 128). */
const CHUNK = 16384;

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * One pass of SGD over order[from, to). Returns the summed squared error before each update.
 * Kept monomorphic (typed arrays and numbers only) so the engine compiles one tight loop.
 */
export function sgdPass(
  order: Uint32Array,
  from: number,
  to: number,
  users: Int32Array,
  movies: Int32Array,
  ratings: Float32Array,
  P: Float32Array,
  Q: Float32Array,
  bu: Float32Array,
  bi: Float32Array,
  regU: Float32Array,
  regI: Float32Array,
  k: number,
  mu: number,
  lr: number,
  l2Bias: number,
): number {
  let sse = 0;
  for (let s = from; s < to; s++) {
    const row = order[s]!;
    const u = users[row]!;
    const i = movies[row]!;
    const pu = u * k;
    const qi = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += P[pu + f]! * Q[qi + f]!;
    const bU = bu[u]!;
    const bI = bi[i]!;
    const e = ratings[row]! - (mu + bU + bI + dot);
    sse += e * e;
    bu[u] = bU + lr * (e - l2Bias * bU);
    bi[i] = bI + lr * (e - l2Bias * bI);
    const le = lr * e;
    const du = 1 - lr * regU[u]!;
    const di = 1 - lr * regI[i]!;
    for (let f = 0; f < k; f++) {
      const x = P[pu + f]!;
      const y = Q[qi + f]!;
      P[pu + f] = du * x + le * y;
      Q[qi + f] = di * y + le * x;
    }
  }
  return sse;
}

/**
 * The same pass with LibMF's per-row adaptive step (AdaGrad with one accumulator per row:
 * step = lr / sqrt(G_row), G_row += mean squared gradient of the row's update; G starts at 1).
 * gU / gI hold the factor rows' accumulators, gBu / gBi the biases'.
 */
export function adaPass(
  order: Uint32Array,
  from: number,
  to: number,
  users: Int32Array,
  movies: Int32Array,
  ratings: Float32Array,
  P: Float32Array,
  Q: Float32Array,
  bu: Float32Array,
  bi: Float32Array,
  regU: Float32Array,
  regI: Float32Array,
  gU: Float32Array,
  gI: Float32Array,
  gBu: Float32Array,
  gBi: Float32Array,
  k: number,
  mu: number,
  lr: number,
  l2Bias: number,
): number {
  let sse = 0;
  for (let s = from; s < to; s++) {
    const row = order[s]!;
    const u = users[row]!;
    const i = movies[row]!;
    const pu = u * k;
    const qi = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += P[pu + f]! * Q[qi + f]!;
    const bU = bu[u]!;
    const bI = bi[i]!;
    const e = ratings[row]! - (mu + bU + bI + dot);
    sse += e * e;
    const gbu = l2Bias * bU - e;
    const gbi = l2Bias * bI - e;
    bu[u] = bU - (lr / Math.sqrt(gBu[u]!)) * gbu;
    bi[i] = bI - (lr / Math.sqrt(gBi[i]!)) * gbi;
    gBu[u] = gBu[u]! + gbu * gbu;
    gBi[i] = gBi[i]! + gbi * gbi;
    const etaU = lr / Math.sqrt(gU[u]!);
    const etaI = lr / Math.sqrt(gI[i]!);
    const ru = regU[u]!;
    const ri = regI[i]!;
    let su = 0;
    let si = 0;
    for (let f = 0; f < k; f++) {
      const x = P[pu + f]!;
      const y = Q[qi + f]!;
      const gx = ru * x - e * y;
      const gy = ri * y - e * x;
      su += gx * gx;
      si += gy * gy;
      P[pu + f] = x - etaU * gx;
      Q[qi + f] = y - etaI * gy;
    }
    gU[u] = gU[u]! + su / k;
    gI[i] = gI[i]! + si / k;
  }
  return sse;
}

/** RMSE of MF weights on `data`, predictions clipped to [lo, hi]. */
export function mfRmse(w: ModelWeights, data: TrainingArrays, lo = 1, hi = 5): number {
  const n = data.ratings.length;
  if (n === 0) return NaN;
  const { dim: k, userFactors: P, movieFactors: Q, userBias, movieBias, globalMean: mu } = w;
  let sse = 0;
  for (let s = 0; s < n; s++) {
    const u = data.users[s]!;
    const i = data.movies[s]!;
    let p = mu + userBias[u]! + movieBias[i]!;
    const pu = u * k;
    const qi = i * k;
    for (let f = 0; f < k; f++) p += P[pu + f]! * Q[qi + f]!;
    p = p < lo ? lo : p > hi ? hi : p;
    const e = p - data.ratings[s]!;
    sse += e * e;
  }
  return Math.sqrt(sse / n);
}

function copyWeights(w: ModelWeights): ModelWeights {
  return {
    ...w,
    hidden: [],
    dense: [],
    userFactors: w.userFactors.slice(),
    movieFactors: w.movieFactors.slice(),
    userBias: w.userBias.slice(),
    movieBias: w.movieBias.slice(),
  };
}

/** Per-row L2 weights: l2 x (meanCount / count)^regAlpha, or l2 everywhere when regAlpha = 0. */
function rowRegs(counts: Float32Array, config: TrainConfig): Float32Array {
  const weights = penaltyWeights(counts, config.regAlpha);
  return weights
    ? weights.map((x) => x * config.l2)
    : new Float32Array(counts.length).fill(config.l2);
}

export async function trainMfSgd(
  config: TrainConfig,
  data: TrainData,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const { train, valid, numUsers, numMovies } = data;
  const mu = data.globalMean ?? hooks.init?.globalMean ?? globalMean(train.ratings);
  const w = initialWeights(config, numUsers, numMovies, mu, hooks.init);
  const regU = rowRegs(countRows(train.users, numUsers), config);
  const regI = rowRegs(countRows(train.movies, numMovies), config);
  const yieldEveryMs = hooks.yieldEveryMs ?? 50;
  const n = train.ratings.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng(deriveSeed(config.seed, 'shuffle'));
  const hasValid = valid.ratings.length > 0;
  const history: EpochStats[] = [];
  let best: ModelWeights | null = null;
  let bestValRmse = Infinity;
  let bestEpoch = 0;
  let marked = Infinity;
  let markedEpoch = 0;
  let lr = config.learningRate;
  const ada = config.solver === 'adagrad';
  const gU = new Float32Array(ada ? numUsers : 0).fill(1);
  const gI = new Float32Array(ada ? numMovies : 0).fill(1);
  const gBu = new Float32Array(ada ? numUsers : 0).fill(1);
  const gBi = new Float32Array(ada ? numMovies : 0).fill(1);
  let lastYield = performance.now();
  for (let epoch = 1; epoch <= config.maxEpochs; epoch++) {
    const t0 = performance.now();
    shuffleInPlace(order, rng);
    let sse = 0;
    for (let s = 0; s < n; s += CHUNK) {
      if (hooks.signal?.aborted) throw new AbortError();
      if (performance.now() - lastYield > yieldEveryMs) {
        await nextMacrotask();
        lastYield = performance.now();
        if (hooks.signal?.aborted) throw new AbortError();
      }
      const to = Math.min(n, s + CHUNK);
      const { users, movies, ratings } = train;
      const { userFactors: P, movieFactors: Q, userBias: bu, movieBias: bi } = w;
      sse += ada
        ? adaPass(
            order,
            s,
            to,
            users,
            movies,
            ratings,
            P,
            Q,
            bu,
            bi,
            regU,
            regI,
            gU,
            gI,
            gBu,
            gBi,
            config.dim,
            mu,
            lr,
            config.l2Bias,
          )
        : sgdPass(
            order,
            s,
            to,
            users,
            movies,
            ratings,
            P,
            Q,
            bu,
            bi,
            regU,
            regI,
            config.dim,
            mu,
            lr,
            config.l2Bias,
          );
    }
    const loss = sse / Math.max(1, n);
    const valRmse = mfRmse(w, valid);
    if (hasValid && (valRmse < bestValRmse || best === null)) {
      bestValRmse = valRmse;
      bestEpoch = epoch;
      best = copyWeights(w);
    }
    if (valRmse < marked - config.minDelta) {
      marked = valRmse;
      markedEpoch = epoch;
    }
    const stats: EpochStats = { epoch, loss, valRmse, seconds: (performance.now() - t0) / 1000 };
    history.push(stats);
    hooks.onEpoch?.(stats);
    if (!Number.isFinite(loss)) break;
    if (hasValid && epoch - markedEpoch >= config.patience) break;
    lr *= config.lrDecay;
    await nextMacrotask();
    lastYield = performance.now();
    if (hooks.signal?.aborted) throw new AbortError();
  }
  if (!hasValid || best === null) {
    best = w;
    bestEpoch = history.length;
  }
  return { weights: best, history, bestEpoch, bestValRmse };
}

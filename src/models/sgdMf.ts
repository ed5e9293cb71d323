/**
 * Matrix factorizer trained by stochastic gradient descent, one rating at a time, on
 * Float32Arrays (no tf.js): r_hat = mu + b_u + b_i + u.v, the model and weights format of mf.ts,
 * so the MF fold-in (core/recommend/foldin.ts) and serving are unchanged. Solver 'adagrad' (the
 * default) runs its passes in the WebAssembly SIMD kernel of sgdKernel.ts (plain JS where wasm
 * SIMD is missing); 'sgd' in plain JS (sgdPass.ts).
 *
 * Why not tf.js: a rating touches 2 (dim + 1) numbers, so a batched step is dominated by
 * gathers, scatters and per-op overhead, and large batches need Adam to converge at all. The
 * classic per-rating update (Funk / Koren) does the same work in one tight loop, converges in far
 * fewer epochs and, with the per-occurrence L2 it implies, generalises better (docs/benchmarks.md
 * has the measurements). Per rating, with e = r - r_hat and learning rate lr:
 *   b_u += lr (e - l2Bias b_u)            b_i += lr (e - l2Bias b_i)
 *   u   += lr (e v - l2 w_u u)            v   += lr (e u - l2 w_i v)
 * w_u, w_i are the frequency weights of config.regAlpha (1 when regAlpha = 0). 'adagrad' scales
 * each row's step by LibMF's per-row accumulator instead (sgdPass.ts adaPass). The order is a
 * fresh seeded shuffle every epoch, lr is multiplied by lrDecay after every epoch.
 *
 * Rules kept as in train.ts: the AbortSignal is checked between chunks and at every yield (an
 * AbortError is thrown), the loop yields to the event loop at least every `yieldEveryMs`,
 * onEpoch reports loss (mean squared error before each update), validation RMSE and seconds,
 * early stopping returns the best epoch's weights, linearly recalibrated on the validation rows
 * when that helps (calibrate.ts).
 */
import { AbortError } from '../core/errors';
import { globalMean } from '../core/eval/baselines';
import type { TrainingArrays } from '../core/data/indexing';
import { createRng, deriveSeed, shuffleInPlace } from '../core/eval/rng';
import type { TrainConfig } from './config';
import { countRows, initialWeights, penaltyWeights } from './model';
import type { EpochStats, TrainData, TrainHooks, TrainResult } from './trainTypes';
import { applyCalibration, fitCalibration, predictRows } from './calibrate';
import { createAdaKernel } from './sgdKernel';
import { sgdPass } from './sgdPass';
import type { ModelWeights } from './weights';

/** Ratings per chunk between abort checks / clock reads (a few ms per chunk at dim 128). */
const CHUNK = 16384;

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** RMSE of MF weights on `data`, predictions clipped to [lo, hi]. */
function mfRmse(w: ModelWeights, data: TrainingArrays, lo = 1, hi = 5): number {
  const n = data.ratings.length;
  if (n === 0) return NaN;
  const pred = predictRows(w, data);
  let sse = 0;
  for (let s = 0; s < n; s++) {
    const p = pred[s]!;
    const e = (p < lo ? lo : p > hi ? hi : p) - data.ratings[s]!;
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
  let order: Uint32Array = new Uint32Array(n);
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
  const kernel = ada
    ? await createAdaKernel(
        {
          order,
          users: train.users,
          movies: train.movies,
          ratings: train.ratings,
          P: w.userFactors,
          Q: w.movieFactors,
          bu: w.userBias,
          bi: w.movieBias,
          regU,
          regI,
          gU: new Float32Array(2 * numUsers).fill(1),
          gI: new Float32Array(2 * numMovies).fill(1),
          gBu: new Float32Array(numUsers).fill(1),
          gBi: new Float32Array(numMovies).fill(1),
        },
        config.dim,
        config.slowDims,
        hooks.mfKernel,
      )
    : null;
  if (kernel) {
    // Train on the kernel's arrays (views on its memory for wasm); w reads them for validation.
    const a = kernel.arrays;
    order = new Uint32Array(0); // the kernel keeps its own order (kernel.shuffle)
    Object.assign(w, { userFactors: a.P, movieFactors: a.Q, userBias: a.bu, movieBias: a.bi });
  }
  let lastYield = performance.now();
  for (let epoch = 1; epoch <= config.maxEpochs; epoch++) {
    const t0 = performance.now();
    if (kernel) kernel.shuffle(rng);
    else shuffleInPlace(order, rng);
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
      sse += kernel
        ? kernel.pass(s, to, {
            slowOnly: epoch === 1 && config.slowDims > 0,
            mu,
            lr,
            lrBias: lr,
            l2Bias: config.l2Bias,
          })
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
    best = copyWeights(w); // detached from the kernel's memory
    bestEpoch = history.length;
  }
  const calibrated = hasValid ? fitCalibration(best, valid) : undefined;
  if (calibrated) {
    best = applyCalibration(best, calibrated.calibration);
    bestValRmse = calibrated.validRmse;
  }
  return {
    weights: best,
    history,
    bestEpoch,
    bestValRmse,
    kernel: kernel?.engine,
    ...(calibrated ? { calibration: calibrated.calibration } : {}),
  };
}

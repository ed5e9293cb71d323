/**
 * The AdaGrad per-rating pass (sgdPass.ts adaPass) on one of two engines: the WebAssembly SIMD
 * kernel (sgdKernel.wat, several times faster: docs/benchmarks.md) or plain JS. The rule: wasm
 * wherever the engine validates the module (WebAssembly SIMD: every current browser, Node >= 16)
 * and dim is a multiple of 4; otherwise JS, with the same results up to float rounding (tested).
 *
 * kSlow: the factor dims [0, kSlow) form LibMF's first group (own accumulators, the only dims
 * moved in a slowOnly pass); a multiple of 4 for wasm. gU / gI hold two accumulators per row.
 *
 * The wasm kernel works in its own memory: createAdaKernel copies the arrays in once and hands
 * back views on that memory, which the trainer reads and writes between passes (weights,
 * accumulators). Views stay valid for the kernel's life (the memory never grows after setup).
 * The ratings go in as 12-byte rows (user, movie, stars) laid out in `order`, and `shuffle`
 * moves the rows themselves (the same Fisher-Yates draws as shuffleInPlace on `order`, so the
 * ratings are visited in exactly the same sequence as by the JS engine): the pass then reads them
 * sequentially instead of through `order` (three cache misses a rating once the arrays outgrow
 * the cache; and the index array's 4 bytes a rating are gone), and touches the rows of the rating
 * KERNEL_AHEAD on, with identical results (scripts/kernel-scale.ts measures it; figures in
 * docs/benchmarks.md).
 */
import type { Rng } from '../core/eval/rng';
import { shuffleInPlace } from '../core/eval/rng';
import kernelBytes from './sgdKernel.wat';
import { adaPass } from './sgdPass';

export type KernelEngine = 'wasm' | 'js';

/** Everything one AdaGrad pass reads or writes (sgdPass.ts adaPass has the meaning of each). */
export interface AdaArrays {
  order: Uint32Array;
  users: Int32Array;
  movies: Int32Array;
  ratings: Float32Array;
  P: Float32Array;
  Q: Float32Array;
  bu: Float32Array;
  bi: Float32Array;
  regU: Float32Array;
  regI: Float32Array;
  gU: Float32Array;
  gI: Float32Array;
  gBu: Float32Array;
  gBi: Float32Array;
}

/** What changes between passes; sgdPass.ts adaPass has the meaning of each. */
interface AdaStep {
  slowOnly: boolean;
  mu: number;
  lr: number;
  lrBias: number;
  l2Bias: number;
}

/** What the passes update: weights and accumulators. */
type AdaState = Omit<AdaArrays, 'order' | 'users' | 'movies' | 'ratings'>;

export interface AdaKernel {
  readonly engine: KernelEngine;
  /** The arrays the passes update: the caller's own (JS) or views on the wasm memory. */
  readonly arrays: AdaState;
  /** One pass over positions [from, to) of the current order; the summed squared error. */
  pass(from: number, to: number, step: AdaStep): number;
  /** Shuffles the order of the ratings as shuffleInPlace(order, rng) would. */
  shuffle(rng: Rng): void;
}

/** Ratings ahead whose rows the wasm pass touches (0: none); see the header. */
const KERNEL_AHEAD = 4;

interface WasmExports {
  memory: WebAssembly.Memory;
  adaPass: (...args: number[]) => number;
}

let compiled: Promise<WebAssembly.Module | null> | null = null;

/** The compiled kernel, or null where WebAssembly (SIMD) is unavailable. Compiled once. */
function kernelModule(): Promise<WebAssembly.Module | null> {
  compiled ??= (async () => {
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(kernelBytes)) return null;
    return WebAssembly.compile(kernelBytes);
  })().catch(() => null);
  return compiled;
}

const ARRAY_ORDER = [
  'P',
  'Q',
  'bu',
  'bi',
  'regU',
  'regI',
  'gU',
  'gI',
  'gBu',
  'gBi',
] as const satisfies readonly (keyof AdaState)[];

function jsKernel(a: AdaArrays, k: number, kSlow: number): AdaKernel {
  return {
    engine: 'js',
    arrays: a,
    shuffle: (rng) => void shuffleInPlace(a.order, rng),
    pass: (from, to, { slowOnly, mu, lr, lrBias, l2Bias }) =>
      adaPass(
        a.order,
        from,
        to,
        a.users,
        a.movies,
        a.ratings,
        a.P,
        a.Q,
        a.bu,
        a.bi,
        a.regU,
        a.regI,
        a.gU,
        a.gI,
        a.gBu,
        a.gBi,
        k,
        kSlow,
        slowOnly,
        mu,
        lr,
        lrBias,
        l2Bias,
      ),
  };
}

/** The kernel for these arrays: wasm when available (unless `engine` says 'js'), else JS. */
export async function createAdaKernel(
  arrays: AdaArrays,
  k: number,
  kSlow: number,
  engine: KernelEngine = 'wasm',
  ahead = KERNEL_AHEAD,
): Promise<AdaKernel> {
  const module = engine === 'wasm' && k % 4 === 0 && kSlow % 4 === 0 ? await kernelModule() : null;
  if (!module) return jsKernel(arrays, k, kSlow);
  const instance = await WebAssembly.instantiate(module);
  const exports = instance.exports as unknown as WasmExports;
  // Lay the arrays out one after another, each 16-byte aligned (all elements are 4 bytes).
  const n = arrays.order.length;
  const offsets: number[] = [];
  const rowsAt = 16;
  let end = rowsAt + Math.ceil((12 * n) / 16) * 16;
  for (const name of ARRAY_ORDER) {
    offsets.push(end);
    end += Math.ceil(arrays[name].byteLength / 16) * 16;
  }
  const pages = Math.ceil(end / 65536) - exports.memory.buffer.byteLength / 65536;
  try {
    if (pages > 0) exports.memory.grow(pages);
  } catch {
    // Past wasm32's 4 GiB, or out of memory for a second copy of a big release: train in JS.
    return jsKernel(arrays, k, kSlow);
  }
  const buffer = exports.memory.buffer;
  // rows[3s .. 3s + 2] = user, movie, stars (bits) of rating order[s]
  const rows = new Int32Array(buffer, rowsAt, 3 * n);
  const stars = new Int32Array(arrays.ratings.buffer, arrays.ratings.byteOffset, n);
  for (let s = 0; s < n; s++) {
    const r = arrays.order[s]!;
    rows[3 * s] = arrays.users[r]!;
    rows[3 * s + 1] = arrays.movies[r]!;
    rows[3 * s + 2] = stars[r]!;
  }
  const views = {} as Record<keyof AdaState, Float32Array>;
  ARRAY_ORDER.forEach((name, j) => {
    const src = arrays[name];
    const view = new Float32Array(buffer, offsets[j]!, src.length);
    view.set(src);
    views[name] = view;
  });
  const ptr = offsets;
  return {
    engine: 'wasm',
    arrays: views as AdaState,
    shuffle: (rng) => {
      for (let i = n - 1; i > 0; i--) {
        const a = 3 * i;
        const b = 3 * rng.nextInt(i + 1);
        let t = rows[a]!;
        rows[a] = rows[b]!;
        rows[b] = t;
        t = rows[a + 1]!;
        rows[a + 1] = rows[b + 1]!;
        rows[b + 1] = t;
        t = rows[a + 2]!;
        rows[a + 2] = rows[b + 2]!;
        rows[b + 2] = t;
      }
    },
    pass: (from, to, { slowOnly, mu, lr, lrBias, l2Bias }) =>
      exports.adaPass(
        rowsAt,
        from,
        to,
        ahead,
        ptr[0]!,
        ptr[1]!,
        ptr[2]!,
        ptr[3]!,
        ptr[4]!,
        ptr[5]!,
        ptr[6]!,
        ptr[7]!,
        ptr[8]!,
        ptr[9]!,
        k,
        kSlow,
        slowOnly ? 1 : 0,
        mu,
        lr,
        lrBias,
        l2Bias,
      ),
  };
}

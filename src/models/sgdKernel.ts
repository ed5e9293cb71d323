/**
 * The AdaGrad per-rating pass (sgdPass.ts adaPass) on one of two engines: the WebAssembly SIMD
 * kernel (sgdKernel.wat, ~3-4x faster) or plain JS. The rule: wasm wherever the engine validates
 * the module (WebAssembly SIMD: every current browser, Node >= 16) and dim is a multiple of 4;
 * otherwise JS, with the same results up to float rounding (tested).
 *
 * kSlow: the factor dims [0, kSlow) form LibMF's first group (own accumulators, the only dims
 * moved in a slowOnly pass); a multiple of 4 for wasm. gU / gI hold two accumulators per row.
 *
 * The wasm kernel works in its own memory: createAdaKernel copies the arrays in once and hands
 * back views on that memory, which the trainer reads and writes between passes (weights,
 * accumulators). Views stay valid for the kernel's life (the memory never grows after setup).
 */
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
export interface AdaStep {
  slowOnly: boolean;
  mu: number;
  lr: number;
  lrBias: number;
  l2Bias: number;
}

export interface AdaKernel {
  readonly engine: KernelEngine;
  /** The arrays the passes update: the caller's own (JS) or views on the wasm memory. */
  readonly arrays: AdaArrays;
  /** One pass over order[from, to); the summed squared error before each update. */
  pass(from: number, to: number, step: AdaStep): number;
}

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
  'order',
  'users',
  'movies',
  'ratings',
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
] as const satisfies readonly (keyof AdaArrays)[];

function jsKernel(a: AdaArrays, k: number, kSlow: number): AdaKernel {
  return {
    engine: 'js',
    arrays: a,
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
): Promise<AdaKernel> {
  const module = engine === 'wasm' && k % 4 === 0 && kSlow % 4 === 0 ? await kernelModule() : null;
  if (!module) return jsKernel(arrays, k, kSlow);
  const instance = await WebAssembly.instantiate(module);
  const exports = instance.exports as unknown as WasmExports;
  // Lay the arrays out one after another, each 16-byte aligned (all elements are 4 bytes).
  const offsets: number[] = [];
  let end = 16;
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
  const views = {} as Record<keyof AdaArrays, Uint32Array | Int32Array | Float32Array>;
  ARRAY_ORDER.forEach((name, j) => {
    const src = arrays[name];
    const Ctor = src.constructor as new (b: ArrayBuffer, o: number, n: number) => typeof src;
    const view = new Ctor(buffer, offsets[j]!, src.length);
    view.set(src as never);
    views[name] = view;
  });
  const ptr = offsets;
  return {
    engine: 'wasm',
    arrays: views as unknown as AdaArrays,
    pass: (from, to, { slowOnly, mu, lr, lrBias, l2Bias }) =>
      exports.adaPass(
        ptr[0]!,
        from,
        to,
        ptr[1]!,
        ptr[2]!,
        ptr[3]!,
        ptr[4]!,
        ptr[5]!,
        ptr[6]!,
        ptr[7]!,
        ptr[8]!,
        ptr[9]!,
        ptr[10]!,
        ptr[11]!,
        ptr[12]!,
        ptr[13]!,
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

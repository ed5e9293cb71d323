import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/eval/rng';
import { createAdaKernel, type AdaArrays } from '../../../src/models/sgdKernel';
import { defaultConfig } from '../../../src/models/config';
import { trainModel } from '../../../src/models/train';
import { makeLatentData } from '../../helpers/latent';

const data = makeLatentData({ numUsers: 60, numMovies: 40, dim: 4, density: 0.4, seed: 3 });
const { users, movies, ratings } = data.all;

function arrays(k: number): AdaArrays {
  const rng = createRng(7);
  const normals = (n: number): Float32Array =>
    new Float32Array(n).map(() => rng.nextNormal() * 0.1);
  const order = new Uint32Array(ratings.length).map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return {
    order,
    users,
    movies,
    ratings,
    P: normals(data.numUsers * k),
    Q: normals(data.numMovies * k),
    bu: new Float32Array(data.numUsers),
    bi: new Float32Array(data.numMovies),
    regU: new Float32Array(data.numUsers).map((_, i) => 0.02 + 0.001 * (i % 7)),
    regI: new Float32Array(data.numMovies).fill(0.05),
    gU: new Float32Array(2 * data.numUsers).fill(1),
    gI: new Float32Array(2 * data.numMovies).fill(1),
    gBu: new Float32Array(data.numUsers).fill(1),
    gBi: new Float32Array(data.numMovies).fill(1),
  };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('AdaGrad MF kernel: WebAssembly SIMD against JS', () => {
  it.each([
    [4, 0],
    [12, 0],
    [16, 8],
    [16, 16],
  ])('gives the same weights and loss after 3 passes (k %i, kSlow %i)', async (k, kSlow) => {
    const js = await createAdaKernel(arrays(k), k, kSlow, 'js');
    const wasm = await createAdaKernel(arrays(k), k, kSlow, 'wasm');
    expect(js.engine).toBe('js');
    expect(wasm.engine).toBe('wasm');
    const n = ratings.length;
    const half = Math.floor(n / 2);
    for (let pass = 0; pass < 3; pass++) {
      // a slow-only first pass, two calls per pass as the trainer chunks them, and a bias step
      // of its own
      const step = {
        slowOnly: pass === 0 && kSlow > 0,
        mu: 3.5,
        lr: 0.1,
        lrBias: 0.05,
        l2Bias: 0.1,
      };
      const a = js.pass(0, half, step) + js.pass(half, n, step);
      const b = wasm.pass(0, half, step) + wasm.pass(half, n, step);
      expect(b).toBeCloseTo(a, 2);
    }
    for (const key of ['P', 'Q', 'bu', 'bi', 'gU', 'gI', 'gBu', 'gBi'] as const) {
      const scale = Math.max(1, ...js.arrays[key].map(Math.abs));
      expect(maxDiff(js.arrays[key], wasm.arrays[key]) / scale, key).toBeLessThan(1e-4);
    }
  });

  it('shuffles its own rows into the order shuffleInPlace gives the JS engine', async () => {
    const js = await createAdaKernel(arrays(8), 8, 0, 'js');
    const wasm = await createAdaKernel(arrays(8), 8, 0, 'wasm', 3);
    const [r1, r2] = [createRng(11), createRng(11)];
    const step = { slowOnly: false, mu: 3.5, lr: 0.1, lrBias: 0.05, l2Bias: 0.1 };
    for (let pass = 0; pass < 3; pass++) {
      js.shuffle(r1);
      wasm.shuffle(r2);
      expect(wasm.pass(0, ratings.length, step)).toBeCloseTo(js.pass(0, ratings.length, step), 3);
    }
    for (const key of ['P', 'Q', 'bu', 'bi'] as const) {
      const scale = Math.max(1, ...js.arrays[key].map(Math.abs));
      expect(maxDiff(js.arrays[key], wasm.arrays[key]) / scale, key).toBeLessThan(1e-4);
    }
  });

  it('moves only the first kSlow dims in a slow-only pass', async () => {
    const before = arrays(16);
    const kernel = await createAdaKernel(arrays(16), 16, 8, 'wasm');
    kernel.pass(0, ratings.length, { slowOnly: true, mu: 3.5, lr: 0.1, lrBias: 0.1, l2Bias: 0.1 });
    const P = kernel.arrays.P;
    let slowMoved = 0;
    for (let i = 0; i < P.length; i++) {
      if (i % 16 >= 8) expect(P[i]).toBe(before.P[i]);
      else slowMoved += Math.abs(P[i]! - before.P[i]!);
    }
    expect(slowMoved).toBeGreaterThan(0);
  });

  it('uses JS when dim or kSlow is not a multiple of 4', async () => {
    expect((await createAdaKernel(arrays(6), 6, 0, 'wasm')).engine).toBe('js');
    expect((await createAdaKernel(arrays(8), 8, 2, 'wasm')).engine).toBe('js');
  });

  it('trains the same MF through trainModel on either engine', async () => {
    const config = { ...defaultConfig('mf'), dim: 8, slowDims: 4, maxEpochs: 4, patience: 10 };
    const train = { train: data.all, valid: data.all, ...data };
    const [js, wasm] = await Promise.all(
      (['js', 'wasm'] as const).map((mfKernel) => trainModel(config, train, { mfKernel })),
    );
    expect(wasm!.history.map((e) => e.valRmse)).toEqual(
      js!.history.map((e) => expect.closeTo(e.valRmse, 4) as unknown as number),
    );
    expect(maxDiff(js!.weights.movieFactors, wasm!.weights.movieFactors)).toBeLessThan(1e-4);
    expect([js!.kernel, wasm!.kernel]).toEqual(['js', 'wasm']);
    // the weights handed back are plain arrays, not views on the kernel's memory
    expect(wasm!.weights.userFactors.buffer.byteLength).toBe(wasm!.weights.userFactors.byteLength);
  });
});

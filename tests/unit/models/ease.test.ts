import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { AbortError, isAbort, ReelError } from '../../../src/core/errors';
import { createRng } from '../../../src/core/eval/rng';
import { buildGram, solveEase } from '../../../src/models/ease';
import { easeReference } from '../../helpers/ease';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Gram of a random binary users x n matrix (density p), as Float32Array. */
function randomGram(n: number, users: number, p: number, seed: number): Float32Array {
  const r = createRng(seed).next;
  const x: number[][] = [];
  for (let u = 0; u < users; u++) {
    const row: number[] = [];
    for (let i = 0; i < n; i++) if (r() < p) row.push(i);
    x.push(row);
  }
  const g = new Float32Array(n * n);
  for (const row of x) for (const a of row) for (const b of row) g[a * n + b]!++;
  return g;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('buildGram', () => {
  // Sizes below and above the rows counted per pass (32).
  for (const [numUsers, numMovies, numRows] of [
    [40, 30, 600],
    [60, 160, 4000],
  ] as const)
    it(`counts co-rating users like a naive count (${numMovies} movies; duplicates once, unmapped movies skipped)`, () => {
      const r = createRng(numMovies).next;
      // Every third movie is outside the model; the others are numbered in a shuffled order.
      const itemOfMovie = new Int32Array(numMovies).fill(-1);
      const inModel: number[] = [];
      for (let m = 0; m < numMovies; m++) if (m % 3 !== 1) inModel.push(m);
      for (let k = inModel.length - 1; k > 0; k--) {
        const j = Math.floor(r() * (k + 1));
        [inModel[k], inModel[j]] = [inModel[j]!, inModel[k]!];
      }
      inModel.forEach((m, i) => (itemOfMovie[m] = i));
      const n = inModel.length;
      const users: number[] = [];
      const movies: number[] = [];
      for (let k = 0; k < numRows; k++) {
        users.push(Math.floor(r() * numUsers));
        movies.push(Math.floor(r() * numMovies));
      }
      // Explicit duplicates of some rows, appended out of order.
      for (let k = 0; k < 100; k++) {
        const j = Math.floor(r() * numRows);
        users.push(users[j]!);
        movies.push(movies[j]!);
      }
      const g = buildGram(
        { users: Int32Array.from(users), movies: Int32Array.from(movies) },
        numUsers,
        itemOfMovie,
        n,
      );
      const sets = Array.from({ length: numUsers }, () => new Set<number>());
      users.forEach((u, k) => {
        const i = itemOfMovie[movies[k]!]!;
        if (i >= 0) sets[u]!.add(i);
      });
      const naive = new Float32Array(n * n);
      for (const s of sets) for (const a of s) for (const b of s) naive[a * n + b]!++;
      expect(Array.from(g)).toEqual(Array.from(naive));
      expect(maxAbs(g)).toBeGreaterThan(1); // the data does produce co-occurrences
    });

  it('handles no rows and no items', () => {
    const none = { users: new Int32Array(0), movies: new Int32Array(0) };
    expect(Array.from(buildGram(none, 3, Int32Array.from([0, 1]), 2))).toEqual([0, 0, 0, 0]);
    expect(buildGram(none, 0, new Int32Array(0), 0).length).toBe(0);
  });

  it('rejects bad indices', () => {
    const rows = { users: Int32Array.from([5]), movies: Int32Array.from([0]) };
    expect(() => buildGram(rows, 3, Int32Array.from([0]), 1)).toThrow(RangeError);
    const far = { users: Int32Array.from([0]), movies: Int32Array.from([0]) };
    expect(() => buildGram(far, 3, Int32Array.from([4]), 2)).toThrow(RangeError);
  });
});

describe('easeReference', () => {
  it('satisfies A (I - B) = diag(1 / diag P) with B diagonal 0', () => {
    const n = 12;
    const lambda = 3;
    const g = randomGram(n, 30, 0.3, 3);
    const b = easeReference(g, n, lambda);
    for (let i = 0; i < n; i++) expect(b[i * n + i]).toBe(0);
    // M = A (I - B): off-diagonal zero, diagonal positive.
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let k = 0; k < n; k++) {
          const a = g[r * n + k]! + (r === k ? lambda : 0);
          s += a * ((k === c ? 1 : 0) - b[k * n + c]!);
        }
        if (r === c) expect(s).toBeGreaterThan(0);
        else expect(Math.abs(s)).toBeLessThan(1e-9);
      }
    }
  });
});

describe('solveEase', () => {
  const cases: [n: number, blockSizes: number[]][] = [
    [1, [1, 256]],
    [7, [2, 3, 7, 256]],
    [64, [8, 16, 20, 64]],
    [130, [16, 32, 50, 128, 256]],
  ];
  for (const [n, blockSizes] of cases) {
    const lambda = 4;
    const g = randomGram(n, 2 * n + 5, 0.3, n);
    const ref = easeReference(g, n, lambda);
    for (const blockSize of blockSizes) {
      it(`equals the Float64 reference (n = ${n}, blockSize = ${blockSize})`, async () => {
        const before = tf.memory().numTensors;
        const b = await solveEase(g, n, lambda, { blockSize });
        expect(tf.memory().numTensors).toBe(before);
        expect(b).toBeInstanceOf(Float32Array);
        expect(b.length).toBe(n * n);
        for (let i = 0; i < n; i++) expect(b[i * n + i]).toBe(0);
        expect(maxDiff(b, ref)).toBeLessThan(1e-6 + 2e-5 * maxAbs(ref));
      });
    }
  }

  it('does not modify the Gram matrix and handles n = 0', async () => {
    const g = randomGram(20, 30, 0.3, 1);
    const copy = g.slice();
    await solveEase(g, 20, 2, { blockSize: 6 });
    expect(Array.from(g)).toEqual(Array.from(copy));
    expect((await solveEase(new Float32Array(0), 0, 1)).length).toBe(0);
  });

  it('with consume, overwrites the Gram matrix with the same result (no copy)', async () => {
    const g = randomGram(40, 60, 0.3, 2);
    const kept = await solveEase(g, 40, 3, { blockSize: 8 });
    const b = await solveEase(g, 40, 3, { blockSize: 8, consume: true });
    expect(b).toBe(g);
    expect(Array.from(b)).toEqual(Array.from(kept));
  });

  it('reports increasing progress that reaches 1', async () => {
    const seen: number[] = [];
    await solveEase(randomGram(100, 150, 0.2, 2), 100, 5, {
      blockSize: 16,
      onProgress: (f) => seen.push(f),
    });
    expect(seen.length).toBeGreaterThan(5);
    for (let k = 1; k < seen.length; k++) expect(seen[k]!).toBeGreaterThanOrEqual(seen[k - 1]!);
    expect(seen[0]!).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(1);
  });

  it('rejects with AbortError mid-way and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const ctrl = new AbortController();
    let last = 0;
    const run = solveEase(randomGram(130, 200, 0.2, 4), 130, 5, {
      blockSize: 16,
      signal: ctrl.signal,
      onProgress: (f) => {
        last = f;
        if (f > 0.3) ctrl.abort();
      },
    });
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AbortError);
    expect(isAbort(err)).toBe(true);
    expect(last).toBeLessThan(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects at once when already aborted', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(
      solveEase(randomGram(10, 20, 0.3, 5), 10, 1, { signal: ctrl.signal }),
    ).rejects.toBeInstanceOf(AbortError);
  });

  it('fails cleanly on a matrix that is not positive definite', async () => {
    const n = 40;
    const g = new Float32Array(n * n);
    for (let i = 0; i < n; i++) g[i * n + i] = i === 33 ? -5 : 10;
    const before = tf.memory().numTensors;
    const err = await solveEase(g, n, 1, { blockSize: 8 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ReelError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad arguments', async () => {
    await expect(solveEase(new Float32Array(4), 2, 0)).rejects.toThrow(RangeError);
    await expect(solveEase(new Float32Array(3), 2, 1)).rejects.toThrow(RangeError);
  });
});

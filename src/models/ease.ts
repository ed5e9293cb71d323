/**
 * Training the ranking model: EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse
 * Data"). With X the binary person x item matrix of the training rows (1 = rated, whatever the
 * stars) and G = X^T X its Gram matrix (G[a][b] = how many people rated both a and b),
 *   P = (G + lambda I)^-1,   B = I - P diag(1/diag P),
 * i.e. B[j][i] = -P[j][i] / P[i][i] for j != i and B[i][i] = 0. Scores are x_u B (see
 * src/core/recommend/watch.ts).
 *
 * The O(n^3) part is the inverse of the symmetric positive definite A = G + lambda I. It is done
 * by recursive 2 x 2 block inversion through the Schur complement, with h + m = n:
 *   A = [A11 A12; A21 A22],  X = A11^-1 A12,  S = A22 - A21 X,  Q = X S^-1,
 *   A^-1 = [A11^-1 + X Q^T, -Q; -Q^T, S^-1].
 * S is again SPD (a Schur complement of an SPD matrix), so no pivoting is needed, and A^-1 is
 * symmetric, so its lower-left block is the transpose of its upper-right one. That is four
 * matrix products per level, 4/3 n^3 flop in all (Gauss-Jordan needs 2 n^3), as big square
 * tf.matMul calls on the current backend (wasm SIMD, webgl, cpu in tests); blocks of at most
 * `blockSize` are inverted in plain Float64 JS (Gauss-Jordan). Everything on tf is float32.
 * On wasm, tf.matMul with a transpose flag is far slower and tf.slice/concat of big blocks are
 * costly, so blocks are cut and joined in JS and transposes are explicit. Time and accuracy
 * against the Float64 reference (tests/helpers/ease.ts): docs/benchmarks.md.
 *
 * Rules it keeps: every tensor it creates is disposed (also on abort or error), so
 * tf.memory().numTensors is the same before and after; the AbortSignal is checked between block
 * operations (throws AbortError), and it yields to the event loop at least every `yieldEveryMs`
 * so a worker can receive the abort message (a single product at the top level runs without a
 * break). Memory: a few n x n float32 arrays at once (JS and tf).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ReelError, throwIfAborted } from '../core/errors';

/** Blocks up to this size are inverted in JS (the fastest measured on wasm). */
const EASE_BLOCK_SIZE = 128;

/** Rows of G counted per pass over the users in buildGram (a broad optimum). */
const GRAM_ROWS = 32;

export interface GramRows {
  users: Int32Array;
  movies: Int32Array;
}

/**
 * G = X^T X, row-major n x n: G[a * n + b] = the number of users with both items a and b (the
 * diagonal is each item's count). Items are itemOfMovie[movie]; rows whose movie maps to -1 (or
 * lies outside itemOfMovie) are skipped. A repeated (user, movie) pair counts once.
 * Rows are bucketed by item, then (stably) by user, so each user's items come out sorted and only
 * the upper triangle is counted, then mirrored.
 */
export function buildGram(
  rows: GramRows,
  numUsers: number,
  itemOfMovie: Int32Array,
  n: number,
): Float32Array {
  const { users, movies } = rows;
  if (users.length !== movies.length)
    throw new RangeError(`${users.length} users but ${movies.length} movies`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad item count ${n}`);
  const len = users.length;
  const item = new Int32Array(len);
  const perItem = new Int32Array(n + 1);
  for (let r = 0; r < len; r++) {
    const m = movies[r]!;
    const i = m >= 0 && m < itemOfMovie.length ? itemOfMovie[m]! : -1;
    if (i >= n) throw new RangeError(`movie ${m} maps to item ${i}, outside 0..${n - 1}`);
    const u = users[r]!;
    if (i >= 0 && !(u >= 0 && u < numUsers)) throw new RangeError(`bad user index ${u}`);
    item[r] = i;
    if (i >= 0) perItem[i + 1]!++;
  }
  for (let i = 0; i < n; i++) perItem[i + 1]! += perItem[i]!;
  const kept = perItem[n]!;
  // Counting sort by item ...
  const byItem = new Int32Array(kept);
  const fill = perItem.slice(0, n);
  for (let r = 0; r < len; r++) {
    const i = item[r]!;
    if (i >= 0) byItem[fill[i]!++] = r;
  }
  // ... then a stable one by user: each user's items end up in ascending order.
  const start = new Int32Array(numUsers + 1);
  for (let k = 0; k < kept; k++) start[users[byItem[k]!]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const pos = start.slice(0, numUsers);
  const list = new Int32Array(kept);
  for (let k = 0; k < kept; k++) {
    const r = byItem[k]!;
    list[pos[users[r]!]!++] = item[r]!;
  }
  // Drop repeated (user, item) pairs: they are adjacent now.
  const at = new Int32Array(numUsers + 1); // user u's distinct items: list[at[u] .. at[u + 1])
  let w = 0;
  for (let u = 0; u < numUsers; u++) {
    let last = -1;
    for (let k = start[u]!, e = start[u + 1]!; k < e; k++) {
      const i = list[k]!;
      if (i !== last) list[w++] = last = i;
    }
    at[u + 1] = w;
  }
  // Upper triangle, GRAM_ROWS rows of G at a time so the rows being counted stay in cache (faster
  // than one pass); next[u] is where user u's items of the current rows begin.
  const g = new Float32Array(n * n);
  const next = at.slice(0, numUsers);
  for (let r0 = GRAM_ROWS; r0 < n + GRAM_ROWS; r0 += GRAM_ROWS) {
    for (let u = 0; u < numUsers; u++) {
      const e = at[u + 1]!;
      let p = next[u]!;
      for (; p < e; p++) {
        const a = list[p]!;
        if (a >= r0) break;
        const row = a * n;
        for (let q = p; q < e; q++) g[row + list[q]!]!++;
      }
      next[u] = p;
    }
  }
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) g[b * n + a] = g[a * n + b]!;
  return g;
}

export interface SolveEaseOptions {
  /** Largest block inverted directly in JS; the recursion stops there. Default EASE_BLOCK_SIZE. */
  blockSize?: number;
  signal?: AbortSignal;
  /** Fraction of the work done, 0..1 (by flop count); ends with 1. */
  onProgress?: (fraction: number) => void;
  /** Longest stretch between block operations without yielding to the event loop. Default 50. */
  yieldEveryMs?: number;
  /**
   * The caller needs `gram` no more: it is overwritten and becomes the result (no n x n copy;
   * 256 MB at 8,000 movies).
   */
  consume?: boolean;
}

interface Ctx {
  blockSize: number;
  signal: AbortSignal | undefined;
  onProgress: ((fraction: number) => void) | undefined;
  yieldEveryMs: number;
  lastYield: number;
  done: number;
  total: number;
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Where a block of n rows is split: the first part a multiple of blockSize, about half. */
function split(n: number, blockSize: number): number {
  const blocks = Math.ceil(n / blockSize);
  return Math.ceil(blocks / 2) * blockSize;
}

/**
 * Work of inverting an n x n block, in tf flop: a JS leaf takes ~2 ns per multiply-add (n^3 of
 * them), tf wasm does ~25 flop per ns.
 */
const LEAF_WEIGHT = 50;
function cost(n: number, blockSize: number): number {
  if (n <= blockSize) return LEAF_WEIGHT * n * n * n;
  const h = split(n, blockSize);
  const m = n - h;
  return cost(h, blockSize) + cost(m, blockSize) + 4 * h * m * (h + m);
}

async function advance(ctx: Ctx, work: number): Promise<void> {
  ctx.done += work;
  throwIfAborted(ctx.signal);
  ctx.onProgress?.(Math.min(1, ctx.done / ctx.total));
  if (performance.now() - ctx.lastYield > ctx.yieldEveryMs) {
    await nextMacrotask();
    ctx.lastYield = performance.now();
    throwIfAborted(ctx.signal);
  }
}

/**
 * In-place inverse of a symmetric positive definite n x n matrix (row-major Float64), by
 * Gauss-Jordan without pivoting. Throws when a pivot is not positive (not SPD, or lost to
 * rounding).
 */
function invertSpdInPlace(a: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const kk = k * n;
    const pivot = a[kk + k]!;
    if (!(pivot > 0) || !Number.isFinite(pivot))
      throw new ReelError(
        'internal',
        'The ranking model could not be trained: its matrix is not positive definite.',
        `pivot ${k} = ${pivot}`,
      );
    const p = 1 / pivot;
    a[kk + k] = 1;
    for (let j = 0; j < n; j++) a[kk + j]! *= p;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ii = i * n;
      const f = a[ii + k]!;
      if (f === 0) continue;
      a[ii + k] = 0;
      for (let j = 0; j < n; j++) a[ii + j]! -= f * a[kk + j]!;
    }
  }
}

/** Copy of the rows x cols block of the row-major n-column matrix `a` at (r0, c0), times sign. */
function block(
  a: Float32Array,
  n: number,
  r0: number,
  c0: number,
  rows: number,
  cols: number,
  sign = 1,
): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const src = a.subarray((r0 + r) * n + c0, (r0 + r) * n + c0 + cols);
    if (sign === 1) out.set(src, r * cols);
    else for (let c = 0; c < cols; c++) out[r * cols + c] = -src[c]!;
  }
  return out;
}

/** Writes the rows x cols row-major `src` into the n-column `a` at (r0, c0). */
function place(
  a: Float32Array,
  n: number,
  r0: number,
  c0: number,
  src: Float32Array,
  cols: number,
) {
  for (let r = 0, rows = src.length / cols; r < rows; r++)
    a.set(src.subarray(r * cols, (r + 1) * cols), (r0 + r) * n + c0);
}

/** A tensor's values (only ever read: on the cpu backend they may be the tensor's own store). */
const download = async (t: tf.Tensor): Promise<Float32Array> => (await t.data()) as Float32Array;

/**
 * Inverse of the SPD n x n row-major `a`, written over `a` (returned): its blocks are copied out
 * before anything is written, so no second n x n array is held. Blocks live in JS between the products:
 * tf.slice, concat and transpose of big blocks cost more than copying rows in JS on wasm.
 * With Y = -X = A11^-1 (-A12) (the sign folded into the upload): S = A22 + A21 Y,
 * -Q = Y S^-1, P11 = A11^-1 + Y (-Q)^T.
 */
async function invertSpd(a: Float32Array, n: number, ctx: Ctx): Promise<Float32Array> {
  if (n <= ctx.blockSize) {
    const values = Float64Array.from(a);
    invertSpdInPlace(values, n);
    await advance(ctx, LEAF_WEIGHT * n * n * n);
    a.set(values);
    return a;
  }
  const h = split(n, ctx.blockSize);
  const m = n - h;
  const live: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    live.push(t);
    return t;
  };
  try {
    const a11inv = own(tf.tensor2d(await invertSpd(block(a, n, 0, 0, h, h), h, ctx), [h, h]));
    const y = own(
      tf.tidy(() => tf.matMul(a11inv, tf.tensor2d(block(a, n, 0, h, h, m, -1), [h, m]))),
    );
    await advance(ctx, 2 * h * h * m);
    const sTensor = own(
      tf.tidy(() =>
        tf.add(
          tf.tensor2d(block(a, n, h, h, m, m), [m, m]),
          tf.matMul(tf.tensor2d(block(a, n, h, 0, m, h), [m, h]), y),
        ),
      ),
    );
    const s = await download(sTensor);
    sTensor.dispose();
    await advance(ctx, 2 * m * h * m);
    const sinv = await invertSpd(s, m, ctx);
    const negQ = own(tf.tidy(() => tf.matMul(y, tf.tensor2d(sinv, [m, m])))); // upper right
    await advance(ctx, 2 * h * m * m);
    const negQt = own(tf.transpose(negQ)); // lower left
    const p11 = own(tf.tidy(() => tf.add(a11inv, tf.matMul(y, negQt))));
    const out = a; // every block of `a` has been read
    place(out, n, 0, 0, await download(p11), h);
    place(out, n, 0, h, await download(negQ), m);
    place(out, n, h, 0, await download(negQt), h);
    place(out, n, h, h, sinv, m);
    await advance(ctx, 2 * h * m * h);
    return out;
  } finally {
    for (const t of live) t.dispose();
  }
}

/**
 * B of EASE for the Gram matrix `gram` (row-major n x n) and ridge weight lambda > 0: row-major
 * n x n, B[j * n + i] = -P[j][i] / P[i][i], diagonal exactly 0. Resolves after the inverse has
 * run on the current tf backend (see the header); rejects with AbortError when `signal` aborts.
 */
export async function solveEase(
  gram: Float32Array,
  n: number,
  lambda: number,
  opts: SolveEaseOptions = {},
): Promise<Float32Array> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad item count ${n}`);
  if (gram.length !== n * n) throw new RangeError(`gram has ${gram.length} values, not ${n}^2`);
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`bad lambda ${lambda}`);
  const blockSize = Math.max(1, Math.floor(opts.blockSize ?? EASE_BLOCK_SIZE));
  throwIfAborted(opts.signal);
  const ctx: Ctx = {
    blockSize,
    signal: opts.signal,
    onProgress: opts.onProgress,
    yieldEveryMs: opts.yieldEveryMs ?? 50,
    lastYield: performance.now(),
    done: 0,
    total: Math.max(1, cost(n, blockSize)),
  };
  const a = opts.consume ? gram : gram.slice();
  for (let i = 0; i < n; i++) a[i * n + i]! += lambda;
  const p = await invertSpd(a, n, ctx);
  throwIfAborted(ctx.signal);
  // B in place.
  const scale = new Float32Array(n);
  for (let i = 0; i < n; i++) scale[i] = -1 / p[i * n + i]!;
  for (let j = 0; j < n; j++) {
    const row = j * n;
    for (let i = 0; i < n; i++) p[row + i]! *= scale[i]!;
    p[row + j] = 0;
  }
  ctx.onProgress?.(1);
  return p;
}

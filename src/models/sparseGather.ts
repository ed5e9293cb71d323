/**
 * Embedding lookup with a sparse gradient, for tables kept as tf variables (the MF's tf.js 'adam'
 * solver; the neural model keeps its tables in JS, neural.ts / lazyAdam.ts, and uses only the
 * `rows` of a Lookup). Rule for model code: look variable rows up only through
 * `sparseGather` (never tf.gather / tf.layers.embedding), because tf.gather's gradient is
 * UnsortedSegmentSum: not registered on wasm, extremely slow on webgl, and (measured) slow and
 * memory hungry on cpu.
 *
 * Forward is tf.gatherND with [B, 1] indices, measured far faster than tf.gather on wasm.
 * The gradient of the table is dense [numRows, dim] (tf optimizers update whole variables)
 * but is built sparsely, in one of two ways:
 *  - 'scatter': tf.scatterND(indices, dy, shape), which sums duplicate rows; O(B * dim) on
 *    cpu/wasm. Its webgl shader loops over all B updates for every
 *    output element, O(numRows * dim * B), so it is not used there.
 *  - 'slots': for each table row, the batch positions that looked it up are laid out in JS as a
 *    [numRows, m] index matrix (m = the most lookups of one row in the batch, rounded up to a
 *    power of two so shader shapes repeat; empty slots point at an appended zero row); the
 *    gradient is gather(concat(dy, 0), slots) summed over m: O(numRows * m * dim), gathers
 *    only, which suits webgl.
 * Both are tested equal to tf.gather's reference gradient on the cpu backend; on WebGL 'slots'
 * measured far faster than either (docs/benchmarks.md, "Implementation measurements").
 */
import * as tf from '@tensorflow/tfjs-core';

export type GradMode = 'scatter' | 'slots';

/** Index tensors for one batch lookup into one table. Dispose after the step. */
export interface Lookup {
  readonly numRows: number;
  /** the row indices in JS (the caller's array, valid while the lookup is) */
  readonly rows: Int32Array;
  /** [B, 1] int32 row indices */
  readonly indices: tf.Tensor2D;
  readonly mode: GradMode;
  /** 'slots' mode only: [numRows * m] int32 positions into dy padded with a zero row */
  readonly slots: tf.Tensor1D | null;
  readonly slotWidth: number;
  dispose(): void;
}

/** The gradient strategy for a backend: 'slots' on webgl (and webgpu), 'scatter' elsewhere. */
export function defaultGradMode(backendName: string = tf.getBackend()): GradMode {
  return backendName === 'webgl' || backendName === 'webgpu' ? 'slots' : 'scatter';
}

/** Lays out the 'slots' matrix for `indices` (see the header). */
export function buildSlots(
  indices: Int32Array,
  numRows: number,
): { slots: Int32Array; width: number } {
  const count = new Int32Array(numRows);
  let max = 0;
  for (let i = 0; i < indices.length; i++) {
    const c = ++count[indices[i]!]!;
    if (c > max) max = c;
  }
  let width = 1;
  while (width < max) width *= 2;
  const pad = indices.length; // position of the zero row appended to dy
  const slots = new Int32Array(numRows * width).fill(pad);
  count.fill(0);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    slots[r * width + count[r]!++] = i;
  }
  return { slots, width };
}

/** Uploads the index tensors for looking up `indices` (values in 0..numRows-1). */
export function prepareLookup(
  indices: Int32Array,
  numRows: number,
  mode: GradMode = defaultGradMode(),
): Lookup {
  const idx = tf.tensor2d(indices, [indices.length, 1], 'int32');
  let slots: tf.Tensor1D | null = null;
  let slotWidth = 0;
  if (mode === 'slots') {
    const s = buildSlots(indices, numRows);
    slots = tf.tensor1d(s.slots, 'int32');
    slotWidth = s.width;
  }
  return {
    numRows,
    rows: indices,
    indices: idx,
    mode,
    slots,
    slotWidth,
    dispose() {
      idx.dispose();
      slots?.dispose();
    },
  };
}

/**
 * table[indices] as a [B, dim] tensor whose gradient with respect to `table` is sparse-built.
 * `table` is [numRows, dim] (biases are kept as [numRows, 1] tables).
 */
export function sparseGather(table: tf.Tensor2D, lookup: Lookup): tf.Tensor2D {
  if (table.shape[0] !== lookup.numRows) {
    throw new Error(`sparseGather: table has ${table.shape[0]} rows, lookup ${lookup.numRows}`);
  }
  const shape = table.shape as number[];
  const f = tf.customGrad((...inputs) => ({
    value: tf.gatherND(inputs[0] as tf.Tensor, lookup.indices),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tableGradient(dy as tf.Tensor2D, lookup, shape),
  }));
  return f(table) as tf.Tensor2D;
}

/** The dense [numRows, dim] gradient of the table for the upstream gradient dy [B, dim]. */
export function tableGradient(dy: tf.Tensor2D, lookup: Lookup, shape: number[]): tf.Tensor {
  if (lookup.mode === 'scatter') return tf.scatterND(lookup.indices, dy, shape);
  return tf.tidy(() => {
    const dim = dy.shape[1];
    const padded = tf.concat([dy, tf.zeros([1, dim])], 0);
    const picked = tf.gather(padded, lookup.slots!);
    return tf.sum(tf.reshape(picked, [lookup.numRows, lookup.slotWidth, dim]), 1);
  });
}

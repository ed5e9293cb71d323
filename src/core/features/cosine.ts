/**
 * Cosine similarity of a vector with the rows of a row-major matrix (TF-IDF genre vectors).
 * Rule every caller relies on: a zero (or non-finite) vector has similarity 0 with everything,
 * never NaN — so movies without genres simply rank last.
 */
import { ReelError } from '../errors';

/** A row-major matrix of `rows x dim` (e.g. the TF-IDF genre vectors, numMovies x dim). */
export interface RowMatrix {
  data: Float32Array;
  dim: number;
  /** Optional precomputed L2 norm of every row (see `rowNorms`); computed on demand if absent. */
  norms?: Float32Array;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function rowCount(m: RowMatrix): number {
  if (!(m.dim > 0) || !Number.isInteger(m.dim) || m.data.length % m.dim !== 0)
    throw new ReelError(
      'model-invalid',
      'The model data has an unexpected shape.',
      `length ${m.data.length} is not a multiple of dim ${m.dim}`,
    );
  return m.data.length / m.dim;
}

/** A view (no copy) of row `i`. */
export function row(m: RowMatrix, i: number): Float32Array {
  return m.data.subarray(i * m.dim, (i + 1) * m.dim);
}

/** The L2 norm of every row. */
export function rowNorms(m: RowMatrix): Float32Array {
  const rows = rowCount(m);
  const out = new Float32Array(rows);
  const { data, dim } = m;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const o = r * dim;
    for (let k = 0; k < dim; k++) s += data[o + k]! * data[o + k]!;
    out[r] = Math.sqrt(s);
  }
  return out;
}

/** Cosine of `vec` (length dim) against every row of `m`. */
export function cosineToRows(vec: ArrayLike<number>, m: RowMatrix): Float32Array {
  const rows = rowCount(m);
  const out = new Float32Array(rows);
  if (vec.length !== m.dim)
    throw new ReelError(
      'internal',
      'Something went wrong while comparing movies.',
      `vector length ${vec.length} != dim ${m.dim}`,
    );
  const vn = norm(vec);
  if (!(vn > 0) || !Number.isFinite(vn)) return out;
  const norms = m.norms ?? rowNorms(m);
  const { data, dim } = m;
  for (let r = 0; r < rows; r++) {
    const d = norms[r]! * vn;
    if (!(d > 0)) continue;
    let s = 0;
    const o = r * dim;
    for (let k = 0; k < dim; k++) s += data[o + k]! * vec[k]!;
    out[r] = finiteOrZero(s / d);
  }
  return out;
}

function finiteOrZero(x: number): number {
  return Number.isFinite(x) ? Math.max(-1, Math.min(1, x)) : 0;
}

/**
 * Trained model weights as plain typed arrays plus metadata: what is stored in IndexedDB, sent
 * across comlink and served from. No tensors here, so this module is safe anywhere.
 * Layouts (row-major): userFactors numUsers x dim, movieFactors numMovies x dim, dense[l].kernel
 * inSize x outSize. The neural model's input row is [user factors, movie factors, user bias,
 * movie bias] (then u⊙v, the element-wise product of the two factor rows, when `product`) and
 * its output is lo + (hi - lo) * sigmoid(z) with [lo, hi] = ratingRange; the
 * MF model predicts globalMean + b_u + b_i + u.v and is clipped to ratingRange when served.
 * Rule: bump WEIGHTS_FORMAT when any of this changes; restoreWeights refuses other formats.
 */
import { ReelError } from '../core/errors';
import type { RatingModelKind } from '../core/kinds';

export const WEIGHTS_FORMAT = 1;

interface DenseLayerWeights {
  inSize: number;
  outSize: number;
  /** inSize x outSize */
  kernel: Float32Array;
  bias: Float32Array;
}

export interface ModelWeights {
  format: typeof WEIGHTS_FORMAT;
  kind: RatingModelKind;
  dim: number;
  /** Hidden layer sizes of the neural model; [] for MF. */
  hidden: number[];
  numUsers: number;
  numMovies: number;
  globalMean: number;
  ratingRange: [number, number];
  userFactors: Float32Array;
  movieFactors: Float32Array;
  userBias: Float32Array;
  movieBias: Float32Array;
  /** Neural model only: hidden layers then the 1-unit output layer. */
  dense: DenseLayerWeights[];
  /**
   * Neural model only: the first layer's input ends with u⊙v (dim more rows of its kernel).
   * Absent (models saved before it existed) means false.
   */
  product?: boolean;
  /**
   * Neural model only: started from a trained MF (model.ts pretrainFromMf), so its rows live on
   * the MF's scale and a new person is folded in with the MF's ridge weight. Absent means false.
   */
  fromMf?: boolean;
}

/** Compact form for IndexedDB / postMessage: JSON-safe metadata and one ArrayBuffer. */
export interface SerializedWeights {
  format: number;
  meta: {
    kind: RatingModelKind;
    dim: number;
    hidden: number[];
    numUsers: number;
    numMovies: number;
    globalMean: number;
    ratingRange: [number, number];
    product?: boolean;
    fromMf?: boolean;
  };
  /** All arrays, float32, in the order of arraysOf(). */
  data: ArrayBuffer;
}

function arraysOf(w: ModelWeights): Float32Array[] {
  const out = [w.userFactors, w.movieFactors, w.userBias, w.movieBias];
  for (const l of w.dense) out.push(l.kernel, l.bias);
  return out;
}

/** Number of trainable parameters. */
export function parameterCount(w: ModelWeights): number {
  return arraysOf(w).reduce((s, a) => s + a.length, 0);
}

export function serializeWeights(w: ModelWeights): SerializedWeights {
  validateWeights(w);
  const arrays = arraysOf(w);
  const total = arrays.reduce((s, a) => s + a.length, 0);
  const flat = new Float32Array(total);
  let o = 0;
  for (const a of arrays) {
    flat.set(a, o);
    o += a.length;
  }
  return {
    format: WEIGHTS_FORMAT,
    meta: {
      kind: w.kind,
      dim: w.dim,
      hidden: [...w.hidden],
      numUsers: w.numUsers,
      numMovies: w.numMovies,
      globalMean: w.globalMean,
      ratingRange: [w.ratingRange[0], w.ratingRange[1]],
      ...(w.product ? { product: true } : {}),
      ...(w.fromMf ? { fromMf: true } : {}),
    },
    data: flat.buffer,
  };
}

function invalid(detail: string): ReelError {
  return new ReelError(
    'model-invalid',
    'The saved model could not be read. It will be trained again.',
    detail,
  );
}

const isPosInt = (x: unknown): x is number => Number.isInteger(x) && (x as number) > 0;

/** Layer shapes implied by the metadata. */
export function denseShapes(
  dim: number,
  hidden: number[],
  product = false,
): { inSize: number; outSize: number }[] {
  const shapes: { inSize: number; outSize: number }[] = [];
  let inSize = (product ? 3 : 2) * dim + 2;
  for (const h of [...hidden, 1]) {
    shapes.push({ inSize, outSize: h });
    inSize = h;
  }
  return shapes;
}

/** Checks shapes and finiteness of an in-memory ModelWeights; throws ReelError('model-invalid'). */
function validateWeights(w: ModelWeights): ModelWeights {
  if (w.format !== WEIGHTS_FORMAT) throw invalid(`format ${String(w.format)}`);
  if (w.kind !== 'mf' && w.kind !== 'neural') throw invalid(`kind ${String(w.kind)}`);
  if (!isPosInt(w.dim) || !isPosInt(w.numUsers) || !isPosInt(w.numMovies)) {
    throw invalid('dim / numUsers / numMovies');
  }
  if (!Array.isArray(w.hidden) || !w.hidden.every(isPosInt)) throw invalid('hidden');
  if (w.kind === 'mf' && w.hidden.length) throw invalid('mf with hidden layers');
  if (!Number.isFinite(w.globalMean)) throw invalid('globalMean');
  const rr = w.ratingRange;
  if (!Array.isArray(rr) || rr.length !== 2 || !(rr[0] < rr[1])) throw invalid('ratingRange');
  const expect = (a: unknown, n: number, name: string): void => {
    if (!(a instanceof Float32Array) || a.length !== n) throw invalid(`${name} length`);
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw invalid(`${name} NaN`);
  };
  expect(w.userFactors, w.numUsers * w.dim, 'userFactors');
  expect(w.movieFactors, w.numMovies * w.dim, 'movieFactors');
  expect(w.userBias, w.numUsers, 'userBias');
  expect(w.movieBias, w.numMovies, 'movieBias');
  if (w.product !== undefined && typeof w.product !== 'boolean') throw invalid('product');
  if (w.fromMf !== undefined && typeof w.fromMf !== 'boolean') throw invalid('fromMf');
  if (w.kind === 'mf' && w.product) throw invalid('mf with a product input');
  const shapes = w.kind === 'neural' ? denseShapes(w.dim, w.hidden, w.product === true) : [];
  if (!Array.isArray(w.dense) || w.dense.length !== shapes.length) throw invalid('dense layers');
  shapes.forEach((s, i) => {
    const l = w.dense[i]!;
    if (l.inSize !== s.inSize || l.outSize !== s.outSize) throw invalid(`dense ${i} shape`);
    expect(l.kernel, s.inSize * s.outSize, `dense ${i} kernel`);
    expect(l.bias, s.outSize, `dense ${i} bias`);
  });
  return w;
}

/**
 * Rebuilds ModelWeights from a SerializedWeights (or an already-restored ModelWeights, e.g.
 * after a structured clone), validating everything. Throws ReelError('model-invalid').
 */
export function restoreWeights(input: unknown): ModelWeights {
  if (typeof input !== 'object' || input === null) throw invalid('not an object');
  const o = input as Partial<SerializedWeights> & Partial<ModelWeights>;
  if (o.userFactors !== undefined) return validateWeights(o as ModelWeights);
  if (o.format !== WEIGHTS_FORMAT) throw invalid(`format ${String(o.format)}`);
  const meta = o.meta;
  if (typeof meta !== 'object' || meta === null) throw invalid('meta');
  if (!(o.data instanceof ArrayBuffer)) throw invalid('data');
  const { kind, dim, hidden, numUsers, numMovies, globalMean, ratingRange } = meta;
  const product = meta.product === true;
  if (!isPosInt(dim) || !isPosInt(numUsers) || !isPosInt(numMovies)) throw invalid('sizes');
  if (!Array.isArray(hidden) || !hidden.every(isPosInt)) throw invalid('hidden');
  if (kind !== 'mf' && kind !== 'neural') throw invalid(`kind ${String(kind)}`);
  const shapes = kind === 'neural' ? denseShapes(dim, hidden, product) : [];
  const sizes = [numUsers * dim, numMovies * dim, numUsers, numMovies];
  for (const s of shapes) sizes.push(s.inSize * s.outSize, s.outSize);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (o.data.byteLength !== total * 4) throw invalid(`data has ${o.data.byteLength} bytes`);
  const flat = new Float32Array(o.data.slice(0));
  let off = 0;
  const take = (n: number): Float32Array => flat.subarray(off, (off += n));
  const w: ModelWeights = {
    format: WEIGHTS_FORMAT,
    kind,
    dim,
    hidden: [...hidden],
    numUsers,
    numMovies,
    globalMean: globalMean as number,
    ratingRange: Array.isArray(ratingRange)
      ? [ratingRange[0], ratingRange[1]]
      : (ratingRange as unknown as [number, number]),
    userFactors: take(sizes[0]!),
    movieFactors: take(sizes[1]!),
    userBias: take(sizes[2]!),
    movieBias: take(sizes[3]!),
    dense: shapes.map((s) => ({
      inSize: s.inSize,
      outSize: s.outSize,
      kernel: take(s.inSize * s.outSize),
      bias: take(s.outSize),
    })),
    ...(product ? { product: true } : {}),
    ...(meta.fromMf === true ? { fromMf: true } : {}),
  };
  return validateWeights(w);
}

/**
 * An embedding table in plain JS trained with lazy (row-wise) Adam: a step touches only the rows
 * looked up in the batch, so its cost grows with the batch, never with the table (issue #10).
 * tf.js optimizers update whole variables: its Adam runs ~10 element-wise kernels over every row
 * on every batch, and even a scatter-update builds a new full-size tensor.
 *
 * The update is TensorFlow's LazyAdam: for each row r in the batch, with g_r the sum of the
 * batch's gradients for r (duplicates summed) plus its L2 term,
 *   m_r = b1 m_r + (1 - b1) g_r;  v_r = b2 v_r + (1 - b2) g_r^2
 *   x_r -= lr * (m_r / (1 - b1^t)) / (sqrt(v_r / (1 - b2^t)) + eps)
 * with t the global step (1-based). Rows absent from the batch keep x, m and v as they are;
 * dense Adam would keep moving them on their momentum. When every row is in every batch the two
 * are the same update, which the unit test checks against tf.train.adam.
 * Pure TS (no tf): the caller uploads gathered rows and downloads their gradients.
 */

export interface LazyAdamOptions {
  beta1?: number;
  beta2?: number;
  /** tf.js's default for float32 backends (ENGINE.backend.epsilon()). */
  epsilon?: number;
}

export class LazyAdamTable {
  readonly values: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
  private readonly grad: Float32Array;
  /** mark[r] === stamp: row r is already in this step's touched list */
  private readonly mark: Int32Array;
  private stamp = 0;
  private touched: Int32Array;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  /** Takes a copy of `values` (numRows x width, row-major). */
  constructor(
    values: Float32Array,
    readonly width: number,
    opts: LazyAdamOptions = {},
  ) {
    if (width <= 0 || values.length % width !== 0)
      throw new RangeError(`LazyAdamTable: ${values.length} values, width ${width}`);
    this.values = Float32Array.from(values);
    this.m = new Float32Array(values.length);
    this.v = new Float32Array(values.length);
    this.grad = new Float32Array(values.length);
    this.mark = new Int32Array(values.length / width);
    this.touched = new Int32Array(0);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-7;
  }

  get numRows(): number {
    return this.mark.length;
  }

  /** out[i] = row rows[i] (out is at least rows.length x width). */
  gather(rows: Int32Array, out: Float32Array): Float32Array {
    const w = this.width;
    const x = this.values;
    for (let i = 0; i < rows.length; i++) {
      const src = rows[i]! * w;
      if (w === 1) out[i] = x[src]!;
      else out.set(x.subarray(src, src + w), i * w);
    }
    return out;
  }

  /**
   * One lazy Adam step at global step t (1-based). dy: per lookup i, the gradient of the loss
   * with respect to the looked-up row rows[i] (rows.length x width). Optional L2: each lookup
   * adds penaltyScale * rowWeight[r] * x_r (rowWeight absent: 1), the gradient of
   * (penaltyScale / 2) * weight * |x_r|^2 per occurrence.
   */
  step(
    rows: Int32Array,
    dy: Float32Array,
    learningRate: number,
    t: number,
    penaltyScale = 0,
    rowWeight: Float32Array | null = null,
  ): void {
    const count = this.accumulate(rows, dy, penaltyScale, rowWeight);
    const { values: x, m, v, grad, touched, width: w } = this;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const c1 = 1 - Math.pow(b1, t);
    const c2 = 1 - Math.pow(b2, t);
    const eps = this.epsilon;
    for (let k = 0; k < count; k++) {
      const base = touched[k]! * w;
      for (let d = base; d < base + w; d++) {
        const g = grad[d]!;
        const mi = b1 * m[d]! + (1 - b1) * g;
        const vi = b2 * v[d]! + (1 - b2) * g * g;
        m[d] = mi;
        v[d] = vi;
        x[d]! -= (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
      }
    }
  }

  /**
   * LibMF's row-wise AdaGrad (as sgdMf.ts) on the same accumulated gradients, for comparison:
   * per row one accumulator G_r (starting at 1) += mean over the row of (scale g)^2, and
   * x_r -= lr scale g / sqrt(G_r). `scale` turns a batch-mean gradient into the summed
   * per-rating one (the batch size). Uses `v`'s first column as G - 1.
   */
  stepAdagrad(
    rows: Int32Array,
    dy: Float32Array,
    learningRate: number,
    scale: number,
    penaltyScale = 0,
    rowWeight: Float32Array | null = null,
  ): void {
    const count = this.accumulate(rows, dy, penaltyScale, rowWeight);
    const { values: x, v, grad, touched, width: w } = this;
    for (let k = 0; k < count; k++) {
      const base = touched[k]! * w;
      let sq = 0;
      for (let d = base; d < base + w; d++) sq += (scale * grad[d]!) ** 2;
      const g2 = v[base]! + sq / w;
      v[base] = g2;
      const eta = (learningRate * scale) / Math.sqrt(1 + g2);
      for (let d = base; d < base + w; d++) x[d]! -= eta * grad[d]!;
    }
  }

  /** Sums this step's gradient per touched row into `grad`; returns how many rows. */
  private accumulate(
    rows: Int32Array,
    dy: Float32Array,
    penaltyScale: number,
    rowWeight: Float32Array | null,
  ): number {
    const w = this.width;
    const { values: x, grad, mark } = this;
    if (++this.stamp === 0x7fffffff) {
      mark.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    if (this.touched.length < rows.length) this.touched = new Int32Array(rows.length);
    const touched = this.touched;
    let count = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const base = r * w;
      if (mark[r] !== stamp) {
        mark[r] = stamp;
        touched[count++] = r;
        for (let d = 0; d < w; d++) grad[base + d] = 0;
      }
      const c = penaltyScale === 0 ? 0 : penaltyScale * (rowWeight ? rowWeight[r]! : 1);
      const o = i * w;
      for (let d = 0; d < w; d++) grad[base + d]! += dy[o + d]! + c * x[base + d]!;
    }
    return count;
  }
}

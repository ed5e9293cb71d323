/**
 * The stars the hybrid lists predict, show and floor at 3★: the rating model's prediction r̂
 * corrected by how likely the person is to watch the movie, z = the ranking model's score
 * standardised over the person's movies (blend.ts's standardiser, clipped to ±STARS_Z_CLIP):
 *   stars = a + b·r̂ + c·z + d·r̂·z
 * (a, b, c, d) are fitted by least squares on the validation rows — held-out ratings of the
 * training people, never the test rows — of a sample of people (fitServedStars, src/core/eval/
 * served.ts), after both models are trained (model worker, with the served blend's weights). On
 * ML-1M: c ≈ 0.07, d ≈ -0.013: a movie people like you watch gets a little more, and the MF's
 * extremes are trusted a little less there. Bench, 26 Nov: test RMSE 0.8367 -> 0.8359 (clipped to
 * the scale, as every model's); it matters most at the floor, which hides the held-out movie in
 * 4.8% of the test tasks instead of 5.3%: served HR@10 0.8376 -> 0.8442, NDCG@10 0.6273 ->
 * 0.6319. (Adding the genre match as a feature: +0.0005; not taken.)
 * Rule: the lists, the floor, the shown stars and the evaluation (served.ts via the worker) all
 * take the stars from servedStars; with no fitted stack (IDENTITY_STARS) they are r̂ itself.
 */
import { standardiser } from './blend';

export interface StarsStack {
  a: number;
  b: number;
  c: number;
  d: number;
}

export const IDENTITY_STARS: StarsStack = { a: 0, b: 1, c: 0, d: 0 };

/** z beyond this says nothing more (1% of ML-1M's held-out ratings are above 8.5). */
export const STARS_Z_CLIP = 6;

/** Fewest validation rows a stack is fitted on; fewer keep IDENTITY_STARS. */
export const STARS_MIN_ROWS = 200;

const clipZ = (z: number) => Math.max(-STARS_Z_CLIP, Math.min(STARS_Z_CLIP, z));

/** One movie's stars from its predicted rating and its standardised ranking-model score. */
export function stackedStars(rating: number, z: number, s: StarsStack): number {
  const zc = Number.isFinite(z) ? clipZ(z) : 0;
  return s.a + s.b * rating + s.c * zc + s.d * rating * zc;
}

/**
 * Every movie's stars for one person: `rating` the rating model's predictions, `watch` the
 * ranking model's scores (both by movie index). Movies the ranking model cannot score keep z = 0.
 */
export function servedStars(
  rating: ArrayLike<number>,
  watch: ArrayLike<number> | undefined,
  s: StarsStack,
): Float32Array {
  const out = Float32Array.from(rating);
  if (!watch) return out;
  const { mean, sd } = standardiser(watch);
  for (let i = 0; i < out.length; i++) out[i] = stackedStars(out[i]!, (watch[i]! - mean) / sd, s);
  return out;
}

/** Least squares of (a, b, c, d) over added rows (normal equations, 4 x 4). */
export class StarsFit {
  private readonly xtx = new Float64Array(16);
  private readonly xty = new Float64Array(4);
  private n = 0;

  /** One held-out rating `r` with its prediction and standardised ranking-model score. */
  add(rating: number, z: number, r: number): void {
    if (!Number.isFinite(rating) || !Number.isFinite(r)) return;
    const zc = Number.isFinite(z) ? clipZ(z) : 0;
    const x = [1, rating, zc, rating * zc];
    for (let i = 0; i < 4; i++) {
      this.xty[i]! += x[i]! * r;
      for (let j = 0; j < 4; j++) this.xtx[i * 4 + j]! += x[i]! * x[j]!;
    }
    this.n++;
  }

  get rows(): number {
    return this.n;
  }

  /** The fitted stack; IDENTITY_STARS with too few rows or a singular system. */
  result(): StarsStack {
    if (this.n < STARS_MIN_ROWS) return IDENTITY_STARS;
    const beta = solve4(this.xtx, this.xty);
    if (!beta) return IDENTITY_STARS;
    return { a: beta[0]!, b: beta[1]!, c: beta[2]!, d: beta[3]! };
  }
}

/** Gaussian elimination with partial pivoting; undefined when (nearly) singular. */
function solve4(a0: Float64Array, b0: Float64Array): Float64Array | undefined {
  const n = 4;
  const a = Float64Array.from(a0);
  const b = Float64Array.from(b0);
  const scale = Math.max(...Array.from(a, Math.abs), 1e-300);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]!) > Math.abs(a[p * n + k]!)) p = i;
    if (Math.abs(a[p * n + k]!) < 1e-12 * scale) return undefined;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
      const t = b[k]!;
      b[k] = b[p]!;
      b[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]! / a[k * n + k]!;
      for (let j = k; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
      b[i]! -= f * b[k]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * x[j]!;
    x[i] = s / a[i * n + i]!;
  }
  return x.every(Number.isFinite) ? x : undefined;
}

/**
 * The stars the hybrid lists predict, show and floor (STAR_FLOOR, src/core/eval/protocol.ts): the
 * rating model's prediction r̂ corrected by how likely the person is to watch the movie, z = the
 * ranking model's score standardised over the person's movies (blend.ts's standardiser, clipped to
 * ±STARS_Z_CLIP):
 *   stars = a + b·r̂ + c·z + d·r̂·z
 * (a, b, c, d) are fitted by least squares on the validation rows — held-out ratings of the
 * training people, never the test rows — of a sample of people (fitServedStars, src/core/eval/
 * served.ts), after both models are trained (model worker, with the served blend's weights).
 * Why: a movie people like you watch deserves a little more, and the MF's extremes a little less
 * trust there; it matters most at the floor, which then hides fewer held-out positives (figures:
 * docs/benchmarks.md).
 * Rule: the lists, the floor, the shown stars and the evaluation (served.ts via the worker) all
 * take the stars from servedStars; with no fitted stack (IDENTITY_STARS) they are r̂ itself.
 */
import { standardiser } from './blend';
import { choleskySolve } from './foldin';

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

/** Least squares of (a, b, c, d) over added rows (normal equations, 4 x 4, by Cholesky). */
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
    let beta: Float64Array;
    try {
      beta = choleskySolve(Float64Array.from(this.xtx), Float64Array.from(this.xty), 4);
    } catch {
      return IDENTITY_STARS; // singular: a feature never varied (no ranking signal)
    }
    if (!beta.every(Number.isFinite)) return IDENTITY_STARS;
    return { a: beta[0]!, b: beta[1]!, c: beta[2]!, d: beta[3]! };
  }
}

import { describe, expect, it } from 'vitest';
import { standardiser } from '../../../../src/core/recommend/blend';
import { IDENTITY_STARS, servedStars, stackedStars } from '../../../../src/core/recommend/stars';
import { STARS_MIN_ROWS, STARS_Z_CLIP, StarsFit } from '../../../../src/core/recommend/stars';
import { createRng } from '../../../../src/core/eval/rng';

const planted = { a: 0.2, b: 0.95, c: 0.07, d: -0.012 };

describe('the served stars', () => {
  it('are the rating itself without a fitted stack', () => {
    const rating = Float32Array.from([2.5, 3.1, 4.7]);
    expect(Array.from(servedStars(rating, [1, 5, -Infinity], IDENTITY_STARS))).toEqual(
      Array.from(rating),
    );
    expect(Array.from(servedStars(rating, undefined, planted))).toEqual(Array.from(rating));
  });

  it('standardise the ranking score over the person’s movies, clip it, and apply the stack', () => {
    const rating = Float32Array.from({ length: 50 }, (_, i) => 1 + (i % 40) / 10);
    const watch = Float32Array.from({ length: 50 }, (_, i) => (i === 7 ? 1e6 : i % 13));
    watch[3] = -Infinity; // outside the ranking model: z counts 0
    const { mean, sd } = standardiser(watch);
    const out = servedStars(rating, watch, planted);
    for (let i = 0; i < out.length; i++) {
      const z = Number.isFinite(watch[i]!) ? (watch[i]! - mean) / sd : 0;
      expect(out[i]).toBeCloseTo(stackedStars(rating[i]!, z, planted), 5);
    }
    const zc = Math.min(STARS_Z_CLIP, (1e6 - mean) / sd);
    expect(zc).toBe(STARS_Z_CLIP);
    expect(out[7]).toBeCloseTo(
      planted.a + planted.b * rating[7]! + (planted.c + planted.d * rating[7]!) * zc,
      5,
    );
    expect(out[3]).toBeCloseTo(planted.a + planted.b * rating[3]!, 5);
  });

  it('are fitted by least squares: a planted stack comes back', () => {
    const rng = createRng(7);
    const fit = new StarsFit();
    for (let i = 0; i < 5000; i++) {
      const r = 1 + 4 * rng.next();
      const z = 8 * rng.next() - 3;
      fit.add(r, z, stackedStars(r, z, planted) + 0.01 * (rng.next() - 0.5));
    }
    const s = fit.result();
    expect(s.a).toBeCloseTo(planted.a, 2);
    expect(s.b).toBeCloseTo(planted.b, 2);
    expect(s.c).toBeCloseTo(planted.c, 2);
    expect(s.d).toBeCloseTo(planted.d, 2);
  });

  it('stay the rating with too few rows or nothing to fit on (no ranking signal)', () => {
    const few = new StarsFit();
    for (let i = 0; i < STARS_MIN_ROWS - 1; i++) few.add(3 + (i % 3), i % 5, 4);
    expect(few.result()).toEqual(IDENTITY_STARS);
    const flat = new StarsFit();
    for (let i = 0; i < 1000; i++) flat.add(1 + (i % 5), 0, 1 + (i % 5));
    expect(flat.result()).toEqual(IDENTITY_STARS);
    expect(flat.rows).toBe(1000);
  });
});

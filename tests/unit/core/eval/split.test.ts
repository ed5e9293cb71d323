import { describe, expect, it } from 'vitest';
import { DEFAULT_SPLIT_SEED, splitFingerprint } from '../../../../src/core/eval/split';
import { splitRatings } from '../../../../src/core/eval/split';

describe('splitRatings', () => {
  it('partitions all rows 90/10 with a 5% validation slice of train', () => {
    const n = 10007;
    const s = splitRatings(n, 1);
    expect(s.test.length).toBe(Math.round(n * 0.1));
    expect(s.valid.length).toBe(Math.round((n - s.test.length) * 0.05));
    expect(s.train.length + s.valid.length + s.test.length).toBe(n);
    const all = new Set<number>([...s.train, ...s.valid, ...s.test]);
    expect(all.size).toBe(n);
    for (const part of [s.train, s.valid, s.test]) {
      for (let i = 1; i < part.length; i++) expect(part[i]! > part[i - 1]!).toBe(true);
    }
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = splitRatings(5000, 3);
    const b = splitRatings(5000, 3);
    const c = splitRatings(5000, 4);
    expect(splitFingerprint(a)).toBe(splitFingerprint(b));
    expect(splitFingerprint(a)).not.toBe(splitFingerprint(c));
  });

  it('honours custom fractions', () => {
    const s = splitRatings(1000, 1, { testFraction: 0.2, validFraction: 0 });
    expect(s.test.length).toBe(200);
    expect(s.valid.length).toBe(0);
    expect(s.train.length).toBe(800);
  });

  it('has constant fingerprints (the values every platform must reproduce)', () => {
    // Recorded in Node; the browser e2e/bench compares against the same constants. The ML-1M
    // split depends only on the number of ratings (1,000,209) and the seed.
    expect(splitFingerprint(splitRatings(1000, 42))).toBe(FP_1000_42);
    expect(splitFingerprint(splitRatings(1_000_209, DEFAULT_SPLIT_SEED))).toBe(FP_ML1M);
  });
});

const FP_1000_42 = 'cd21482e';
const FP_ML1M = '9fb6cdeb';

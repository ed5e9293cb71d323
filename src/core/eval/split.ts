/**
 * The one evaluation split of the project: a seeded random train/test split of rating rows
 * (TEST_FRACTION, protocol.ts), plus a validation slice carved out of train. Rule: everything tuned
 * (hyperparameters, early stopping, baseline regularization) looks only at `valid`; `test` is read
 * once, for the reported figures. Rows are indices into the rating columns; each array is sorted
 * ascending. The split depends only on (n, seed, fractions), so Node and browsers agree (see
 * splitFingerprint and its test).
 */
import { createRng, deriveSeed, permutation } from './rng';
import { TEST_FRACTION, VALID_FRACTION } from './protocol';

export interface SplitOptions {
  /** Share of all rows held out for test. Default TEST_FRACTION (protocol.ts). */
  testFraction?: number;
  /** Share of the train rows held out for validation. Default VALID_FRACTION (protocol.ts). */
  validFraction?: number;
}

export interface Split {
  /** Rows to fit models on (train minus valid). */
  train: Uint32Array;
  valid: Uint32Array;
  test: Uint32Array;
}

export const DEFAULT_SPLIT_SEED = 20240601;

export function splitRatings(n: number, seed: number, opts: SplitOptions = {}): Split {
  const testFraction = opts.testFraction ?? TEST_FRACTION;
  const validFraction = opts.validFraction ?? VALID_FRACTION;
  if (!(testFraction >= 0 && testFraction < 1) || !(validFraction >= 0 && validFraction < 1)) {
    throw new RangeError('splitRatings: fractions must be in [0, 1)');
  }
  const perm = permutation(n, createRng(deriveSeed(seed, 'split')));
  const nTest = Math.round(n * testFraction);
  const nValid = Math.round((n - nTest) * validFraction);
  const test = perm.slice(0, nTest).sort();
  const valid = perm.slice(nTest, nTest + nValid).sort();
  const train = perm.slice(nTest + nValid).sort();
  return { train, valid, test };
}

/** FNV-1a (32-bit) over the three index arrays with their lengths; hex string. */
export function splitFingerprint(split: Split): string {
  let h = 0x811c9dc5;
  const mix = (x: number): void => {
    for (let s = 0; s < 32; s += 8) {
      h ^= (x >>> s) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  for (const part of [split.train, split.valid, split.test]) {
    mix(part.length);
    for (let i = 0; i < part.length; i++) mix(part[i]!);
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Seeded pseudo-random numbers that give bit-identical sequences in Node and every browser.
 * Rule for callers: derive every random choice of the evaluation protocol from these functions
 * (never Math.random), so splits, ranking tasks and initialisations are reproducible everywhere.
 * The generator is mulberry32 (32-bit state, integer math via Math.imul); floats are built
 * from integers by one exact division, so results do not depend on the JS engine.
 */
export interface Rng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (unbiased, by rejection). */
  nextInt(n: number): number;
  /** Standard normal (Box-Muller). */
  nextNormal(): number;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | null = null;
  const nextUint32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() / 4294967296;
  const nextInt = (n: number): number => {
    if (!(n >= 1 && n <= 4294967296) || !Number.isInteger(n)) {
      throw new RangeError(`nextInt: bad range ${n}`);
    }
    // Reject the top partial block so every value is equally likely.
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return x % n;
    }
  };
  const nextNormal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { nextUint32, next, nextInt, nextNormal };
}

/** Derives an independent seed for a named sub-stream (e.g. 'split', 'ranking'). */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(
  arr: T,
  rng: Rng,
): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = t;
  }
  return arr;
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, rng);
}

/**
 * `k` distinct values from 0..n-1 (in the order drawn), skipping any value for which `exclude`
 * returns true. Uses rejection while the pool is sparse and a partial shuffle otherwise.
 */
export function sampleWithoutReplacement(
  n: number,
  k: number,
  rng: Rng,
  exclude?: (value: number) => boolean,
): Int32Array {
  const out = new Int32Array(k);
  if (k === 0) return out;
  if (k * 4 <= n) {
    const taken = new Set<number>();
    let got = 0;
    let tries = 0;
    while (got < k) {
      if (++tries > 64 * n + 1024) break; // pool too small: fall back below
      const v = rng.nextInt(n);
      if (taken.has(v) || (exclude && exclude(v))) continue;
      taken.add(v);
      out[got++] = v;
    }
    if (got === k) return out;
  }
  const pool: number[] = [];
  for (let v = 0; v < n; v++) if (!exclude || !exclude(v)) pool.push(v);
  if (pool.length < k) {
    throw new RangeError(`sampleWithoutReplacement: only ${pool.length} values for ${k}`);
  }
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(pool.length - i);
    const t = pool[j]!;
    pool[j] = pool[i]!;
    pool[i] = t;
    out[i] = t;
  }
  return out;
}

/** Accuracy and ranking metrics. Pure functions over typed arrays. */

type Nums = ArrayLike<number>;

function checkLengths(a: Nums, b: Nums): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch ${a.length} vs ${b.length}`);
}

export function rmse(predicted: Nums, actual: Nums): number {
  checkLengths(predicted, actual);
  if (actual.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = predicted[i]! - actual[i]!;
    s += d * d;
  }
  return Math.sqrt(s / actual.length);
}

export function mae(predicted: Nums, actual: Nums): number {
  checkLengths(predicted, actual);
  if (actual.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(predicted[i]! - actual[i]!);
  return s / actual.length;
}

/**
 * Share of tasks whose positive item is ranked in the top k. `ranks` are 0-based positions of
 * the positive among its candidates (0 = first).
 */
export function hitRateAtK(ranks: Nums, k: number): number {
  if (ranks.length === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i]! < k) hits++;
  return hits / ranks.length;
}

/** NDCG@k with one relevant item per task: 1 / log2(rank + 2) when rank < k, else 0. */
export function ndcgAtK(ranks: Nums, k: number): number {
  if (ranks.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i]!;
    if (r < k) s += 1 / Math.log2(r + 2);
  }
  return s / ranks.length;
}

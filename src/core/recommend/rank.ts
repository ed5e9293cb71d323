/**
 * Shared ranking helpers. Order rule used by every list: higher score first; equal scores go to
 * the movie with more ratings (when counts are given), then the lower movie index — so every
 * result is deterministic. Non-finite scores never rank.
 */

/** Movies to leave out: a set/map of dense movie indices, a predicate, or several of these. */
export type Exclusion =
  | ReadonlySet<number>
  | ReadonlyMap<number, unknown>
  | ((index: number) => boolean)
  | readonly Exclusion[];

export function toPredicate(ex: Exclusion | undefined): (index: number) => boolean {
  if (ex === undefined) return () => false;
  if (typeof ex === 'function') return ex;
  if (Array.isArray(ex)) {
    const parts = (ex as readonly Exclusion[]).map(toPredicate);
    return (i) => parts.some((p) => p(i));
  }
  const s = ex as ReadonlySet<number> | ReadonlyMap<number, unknown>;
  return (i) => s.has(i);
}

export function compareRanked(
  scores: ArrayLike<number>,
  counts: ArrayLike<number> | undefined,
): (a: number, b: number) => number {
  return (a, b) =>
    scores[b]! - scores[a]! || (counts ? (counts[b] ?? 0) - (counts[a] ?? 0) : 0) || a - b;
}

/**
 * The best `n` movie indices by score among those `accept` lets through (finite scores only),
 * ordered by the rule above. Linear scan with a small sorted buffer: fine for thousands of movies.
 */
export function topN(
  scores: ArrayLike<number>,
  n: number,
  accept: (index: number) => boolean = () => true,
  counts?: ArrayLike<number>,
): number[] {
  if (n <= 0) return [];
  const cmp = compareRanked(scores, counts);
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!) || !accept(i)) continue;
    if (best.length === n && cmp(i, best[n - 1]!) >= 0) continue;
    let pos = best.length;
    while (pos > 0 && cmp(i, best[pos - 1]!) < 0) pos--;
    best.splice(pos, 0, i);
    if (best.length > n) best.pop();
  }
  return best;
}

/**
 * The rule every per-tier list keeps (recommendations and offers alike): a niche movie needs at
 * least `minNiche` ratings by everyone (`counts`) to be shown — its model scores rest on too few
 * people otherwise. Without counts, nothing is filtered.
 */
export function trustedInTier(
  tier: string | undefined,
  i: number,
  counts: ArrayLike<number> | undefined,
  minNiche: number,
): boolean {
  return !(tier === 'niche' && counts !== undefined && (counts[i] ?? 0) < minNiche);
}

/**
 * Ranking figures accumulated one person at a time from a score for EVERY movie, so that any
 * scorer — a model alone, popularity, or the served blend — is measured the same way:
 * - sampled (HR@10, NDCG@10): the person's task (one positive held-out movie against the sampled
 *   never-rated ones, see ranking.ts and protocol.ts); ties count against the positive;
 * - full catalogue (Recall@20, NDCG@20): the person's positive test movies ranked against every
 *   movie they have not rated in the training rows (train + validation). Sampled negatives can
 *   flatter a model (Krichene & Rendle, 2020); this does not. Recall@K = hits / min(K, positives); NDCG@K
 *   with binary gains, normalised by the ideal list of min(K, positives) hits. Non-finite scores
 *   rank last; equal scores go to the lower movie index.
 */
import { hitRateAtK, ndcgAtK } from './metrics';
import type { RankingTask } from './ranking';

export interface RankingFigures {
  hr10: number;
  ndcg10: number;
  /** Full-catalogue figures (absent when no full-catalogue person was added). */
  recall20?: number;
  ndcg20?: number;
  tasks: number;
  users: number;
}

const SAMPLED_K = 10;
const FULL_K = 20;

export class RankingAccumulator {
  private ranks: number[] = [];
  private recallSum = 0;
  private ndcgSum = 0;
  private users = 0;

  /** One sampled task scored by `scores` (indexed by movie). */
  addTask(scores: ArrayLike<number>, task: RankingTask): void {
    const c = task.movieIdxs;
    const p = scores[c[0]!]!;
    let rank = 0;
    if (!Number.isFinite(p)) rank = c.length - 1;
    else for (let i = 1; i < c.length; i++) if (scores[c[i]!]! >= p) rank++;
    this.ranks.push(rank);
  }

  /**
   * One person's full-catalogue ranking: `known` marks (1) the movies they rated in the training
   * rows (never ranked), `positives` = their positive test movies (POSITIVE_STARS).
   */
  addFull(scores: ArrayLike<number>, known: Uint8Array, positives: ArrayLike<number>): void {
    if (positives.length === 0) return;
    this.addTop(topKExcluding(scores, FULL_K, known), positives);
  }

  private addTop(top: readonly number[], positives: ArrayLike<number>): void {
    const pos = new Set<number>();
    for (let i = 0; i < positives.length; i++) pos.add(positives[i]!);
    let hits = 0;
    let dcg = 0;
    top.forEach((m, r) => {
      if (pos.has(m)) {
        hits++;
        dcg += 1 / Math.log2(r + 2);
      }
    });
    const ideal = Math.min(FULL_K, pos.size);
    let idcg = 0;
    for (let r = 0; r < ideal; r++) idcg += 1 / Math.log2(r + 2);
    this.recallSum += hits / ideal;
    this.ndcgSum += dcg / idcg;
    this.users++;
  }

  /**
   * addFull for a score everyone shares (popularity, movie biases): `order` is `rankOrder` of
   * those scores, walked past the person's known movies — the same figures as addFull, at the cost
   * of the person's ratings instead of the whole catalogue.
   */
  addFullInOrder(order: Int32Array, known: Uint8Array, positives: ArrayLike<number>): void {
    if (positives.length === 0) return;
    const top: number[] = [];
    for (let i = 0; i < order.length && top.length < FULL_K; i++)
      if (!known[order[i]!]) top.push(order[i]!);
    this.addTop(top, positives);
  }

  result(): RankingFigures {
    const ranks = Int32Array.from(this.ranks);
    return {
      hr10: ranks.length ? hitRateAtK(ranks, SAMPLED_K) : 0,
      ndcg10: ranks.length ? ndcgAtK(ranks, SAMPLED_K) : 0,
      ...(this.users
        ? { recall20: this.recallSum / this.users, ndcg20: this.ndcgSum / this.users }
        : {}),
      tasks: ranks.length,
      users: this.users,
    };
  }
}

/**
 * The k best movie indices by score, skipping movies marked in `known` (1 = skip); non-finite
 * scores rank below every finite one; equal scores go to the lower index.
 */
export function topKExcluding(scores: ArrayLike<number>, k: number, known: Uint8Array): number[] {
  const best: number[] = [];
  const val = (i: number) => {
    const v = scores[i]!;
    return Number.isFinite(v) ? v : -Infinity;
  };
  let floor = -Infinity; // score of the k-th best once the list is full
  for (let i = 0; i < scores.length; i++) {
    if (known[i]) continue;
    const v = val(i);
    if (best.length === k && v <= floor) continue; // ties keep the lower index already in
    let pos = best.length;
    while (pos > 0 && val(best[pos - 1]!) < v) pos--;
    best.splice(pos, 0, i);
    if (best.length > k) best.pop();
    if (best.length === k) floor = val(best[k - 1]!);
  }
  return best;
}

/**
 * Every movie index, best first, in topKExcluding's order: by score descending, non-finite scores
 * last, equal scores by lower index.
 */
export function rankOrder(scores: ArrayLike<number>): Int32Array {
  const val = (i: number) => {
    const v = scores[i]!;
    return Number.isFinite(v) ? v : -Infinity;
  };
  return Int32Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => val(b) - val(a) || a - b,
  );
}

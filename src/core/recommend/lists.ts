/**
 * Collaborative stage: one top-N list per popularity tier from a score per movie (predicted
 * ratings, or hybrid scores). Rated and dismissed ("haven't seen") movies never appear. In the
 * niche list, movies with fewer than MIN_TRUSTED_RATINGS ratings are left out when counts are
 * given: their predictions rest on too few ratings (an unrated movie's prediction is only biases).
 */
import { TIER_ORDER, type Tier } from '../features/tiers';
import { LIST_SIZE, MIN_TRUSTED_RATINGS } from './stage';
import { toPredicate, topN, trustedInTier, type Exclusion } from './rank';

export interface TierListsInput {
  /** Score of every movie by dense index (e.g. predicted rating); higher is better. */
  scores: ArrayLike<number>;
  /** Tier of every movie (computePopularity(...).tiers). */
  tiers: readonly Tier[];
  /** Ratings per movie: breaks score ties and enables the niche trust filter. */
  counts?: ArrayLike<number>;
  /** Rated and dismissed movies (dense indices). */
  exclude?: Exclusion;
  /** Movies per list (default LIST_SIZE). */
  size?: number;
  /** Niche movies need at least this many ratings (default MIN_TRUSTED_RATINGS; 0 disables). */
  minNicheRatings?: number;
}

export type TierLists = Record<Tier, number[]>;

/** Best movies per tier (dense indices, best first). */
export function buildTierLists(input: TierListsInput): TierLists {
  const { scores, tiers, counts } = input;
  const size = input.size ?? LIST_SIZE;
  const minNiche = input.minNicheRatings ?? MIN_TRUSTED_RATINGS;
  const excluded = toPredicate(input.exclude);
  const lists = {} as TierLists;
  for (const tier of TIER_ORDER) {
    lists[tier] = topN(
      scores,
      size,
      (i) => tiers[i] === tier && !excluded(i) && trustedInTier(tier, i, counts, minNiche),
      counts,
    );
  }
  return lists;
}

/**
 * Content stage: which movies to offer for rating next. Each tier's candidates are ranked by
 * content score (cosine with the user's profile; ties: more ratings first, then movie index),
 * rated and dismissed movies excluded, and niche movies with fewer than MIN_TRUSTED_RATINGS
 * ratings skipped (when counts are given). Slots are filled following OFFER_PATTERN (3 popular,
 * 2 mid, 1 niche per 6); when a tier runs out, its slot goes to the nearest tier that still has
 * movies (more popular first). Deterministic: same input, same offers.
 */
import { TIER_ORDER, type Tier } from '../features/tiers';
import { MIN_TRUSTED_RATINGS, OFFER_BATCH_SIZE, OFFER_PATTERN } from './stage';
import { toPredicate, topN, type Exclusion } from './rank';

export interface OfferInput {
  /** Content score of every movie (GenreTfidf.scoreAll of the user's profile). */
  scores: ArrayLike<number>;
  /** Tier of every movie. */
  tiers: readonly Tier[];
  /** Ratings per movie (tie-break and niche trust filter). */
  counts?: ArrayLike<number>;
  /** Rated and dismissed movies (dense indices). */
  exclude?: Exclusion;
  /** How many to offer (default OFFER_BATCH_SIZE). */
  count?: number;
  /** Tier of each slot, repeated (default OFFER_PATTERN). */
  pattern?: readonly Tier[];
  /** Niche movies need at least this many ratings (default MIN_TRUSTED_RATINGS; 0 disables). */
  minNicheRatings?: number;
}

/** Dense movie indices to offer, in display order. */
export function chooseOffers(input: OfferInput): number[] {
  const { scores, tiers, counts } = input;
  const count = input.count ?? OFFER_BATCH_SIZE;
  const pattern = input.pattern && input.pattern.length > 0 ? input.pattern : OFFER_PATTERN;
  const minNiche = input.minNicheRatings ?? MIN_TRUSTED_RATINGS;
  const excluded = toPredicate(input.exclude);
  if (count <= 0) return [];

  // Each tier needs at most `count` candidates.
  const queues = new Map<Tier, number[]>();
  for (const tier of TIER_ORDER)
    queues.set(
      tier,
      topN(
        scores,
        count,
        (i) =>
          tiers[i] === tier &&
          !excluded(i) &&
          !(tier === 'niche' && counts !== undefined && (counts[i] ?? 0) < minNiche),
        counts,
      ),
    );

  const out: number[] = [];
  for (let slot = 0; out.length < count; slot++) {
    const wanted = pattern[slot % pattern.length]!;
    const tier = nearestWithMovies(wanted, queues);
    if (!tier) break;
    out.push(queues.get(tier)!.shift()!);
  }
  return out;
}

function nearestWithMovies(wanted: Tier, queues: Map<Tier, number[]>): Tier | undefined {
  const w = TIER_ORDER.indexOf(wanted);
  for (let d = 0; d < TIER_ORDER.length; d++)
    for (const j of [w - d, w + d]) {
      const t = TIER_ORDER[j];
      if (t && (queues.get(t)?.length ?? 0) > 0) return t;
    }
  return undefined;
}

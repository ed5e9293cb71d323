/**
 * Collaborative stage: one top-N list per popularity tier from a score per movie (predicted
 * ratings, or hybrid scores). Rated and dismissed ("haven't seen") movies never appear. In the
 * niche list, movies with fewer than MIN_TRUSTED_RATINGS ratings are left out when counts are
 * given: their predictions rest on too few ratings (an unrated movie's prediction is only biases).
 * A list can be longer ("More": its own size) and narrowed (genre, decade: `keep`); an empty list
 * says why (whyEmpty), so the page can say what to do instead of showing nothing.
 */
import type { Movie } from '../data/types';
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
  /** Movies per list, per tier (overrides `size` for that tier: "More"). */
  sizes?: Partial<Record<Tier, number>>;
  /** Only movies this accepts (the genre and decade filters); all when absent. */
  keep?: (index: number) => boolean;
  /** Niche movies need at least this many ratings (default MIN_TRUSTED_RATINGS; 0 disables). */
  minNicheRatings?: number;
  /** Whether a movie may be offered in a tier at all (the gem rule, tiers.ts gemRule). */
  offerable?: (tier: Tier, index: number) => boolean;
}

export type TierLists = Record<Tier, number[]>;

const sizeOf = (input: TierListsInput, tier: Tier) =>
  input.sizes?.[tier] ?? input.size ?? LIST_SIZE;

function acceptIn(input: TierListsInput, tier: Tier): (i: number) => boolean {
  const { tiers, counts, keep, offerable } = input;
  const minNiche = input.minNicheRatings ?? MIN_TRUSTED_RATINGS;
  const excluded = toPredicate(input.exclude);
  return (i) =>
    tiers[i] === tier &&
    !excluded(i) &&
    (keep === undefined || keep(i)) &&
    trustedInTier(tier, i, counts, minNiche) &&
    (offerable === undefined || offerable(tier, i));
}

/** Best movies per tier (dense indices, best first). */
export function buildTierLists(input: TierListsInput): TierLists {
  const lists = {} as TierLists;
  for (const tier of TIER_ORDER)
    lists[tier] = topN(input.scores, sizeOf(input, tier), acceptIn(input, tier), input.counts);
  return lists;
}

/** The lists, and per tier whether there is at least one more movie to show. */
export function buildPagedTierLists(input: TierListsInput): {
  lists: TierLists;
  more: Record<Tier, boolean>;
} {
  const lists = {} as TierLists;
  const more = {} as Record<Tier, boolean>;
  for (const tier of TIER_ORDER) {
    const n = sizeOf(input, tier);
    const top = topN(input.scores, n + 1, acceptIn(input, tier), input.counts);
    more[tier] = top.length > n;
    lists[tier] = top.slice(0, n);
  }
  return { lists, more };
}

/**
 * Why a tier's list is empty: 'done' (every film in it is rated, dismissed or too little rated),
 * 'filter' (the genre or decade filter leaves none), 'floor' (every film left is predicted under
 * the star floor: its score is not finite).
 */
export type EmptyReason = 'done' | 'filter' | 'floor';

export function whyEmpty(input: TierListsInput, tier: Tier): EmptyReason {
  const inTier = acceptIn({ ...input, keep: undefined }, tier);
  let left = 0;
  let kept = 0;
  for (let i = 0; i < input.tiers.length; i++) {
    if (!inTier(i)) continue;
    left++;
    if (input.keep === undefined || input.keep(i)) kept++;
  }
  if (left === 0) return 'done';
  if (kept === 0) return 'filter';
  return 'floor';
}

/** A film's decade ("1990"), or undefined without a year. */
const decadeOf = (m: Movie): number | undefined =>
  m.year === null ? undefined : Math.floor(m.year / 10) * 10;

/** The genres and decades the catalogue has, sorted (the filters' options). */
export function filterOptions(movies: readonly Movie[]): { genres: string[]; decades: number[] } {
  const genres = new Set<string>();
  const decades = new Set<number>();
  for (const m of movies) {
    for (const g of m.genres) genres.add(g);
    const d = decadeOf(m);
    if (d !== undefined) decades.add(d);
  }
  return {
    genres: [...genres].filter((g) => g !== '(no genres listed)').sort(),
    decades: [...decades].sort((a, b) => a - b),
  };
}

/** The genre and decade filter as a predicate on dense indices; undefined when neither is set. */
export function filmFilter(
  movies: readonly Movie[],
  { genre, decade }: { genre?: string; decade?: number },
): ((index: number) => boolean) | undefined {
  if (genre === undefined && decade === undefined) return undefined;
  return (i) => {
    const m = movies[i];
    if (!m) return false;
    if (genre !== undefined && !m.genres.includes(genre)) return false;
    if (decade !== undefined && decadeOf(m) !== decade) return false;
    return true;
  };
}

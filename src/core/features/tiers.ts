/**
 * Popularity tiers. Every movie is ranked by its number of ratings (ties: lower movie index
 * first) and put in a tier by the cumulative share of all ratings (the "short head / long tail"
 * rule):
 * - popular: the most-rated movies that together hold the first POPULAR_SHARE (50%) of all ratings;
 * - mid:     the next movies, up to MID_SHARE (90%) of all ratings;
 * - niche:   the rest — including movies with zero ratings (there is no separate "unrated" tier;
 *            `counts[i] === 0` tells the UI a movie has no ratings yet).
 * A movie belongs to the tier in which its first rating falls (cumulative count before it <
 * share * total). Movies with equal counts always share a tier: a tie straddling a boundary goes
 * to the more popular side. On MovieLens 1M this gives 452 popular (>= 645 ratings), 1,230 mid
 * (151..644 ratings) and 2,201 niche movies (< 151 ratings; 177 of them never rated).
 */
import type { Movie } from '../data/types';

/**
 * Gems are good films: a film is offered in the "well known" or "hidden gems" tier only when the
 * community rates it well (shrunk mean above the catalogue median, shrunkMeans/communityGood) and
 * the person's predicted stars, where the list has them, are at least GEM_MIN_STARS. The popular
 * tier keeps its own rule (the star floor): what everyone watched needs no such vouching.
 */
export const GEM_MIN_STARS = 3.5;
/** Ratings of prior weight a film's mean is shrunk with, toward the catalogue's mean. */
const SHRINK_RATINGS = 20;
/** The gem rule in one sentence, for the lab. */
export const GEM_RULE =
  'A film is offered as well known or as a hidden gem only when the people who rated it rate it above the median film (their average, pulled toward the overall average when few rated it) and we predict you would give it 3.5★ or more.';

export type Tier = 'popular' | 'mid' | 'niche';

/** Tiers from the most to the least rated. */
export const TIER_ORDER: readonly Tier[] = ['popular', 'mid', 'niche'];

export const POPULAR_SHARE = 0.5;
export const MID_SHARE = 0.9;

export const TIERS: Readonly<Record<Tier, { label: string; description: string }>> = {
  popular: {
    label: 'Popular',
    description: 'The most-rated films: together they hold half of all ratings.',
  },
  mid: {
    label: 'Well known',
    description: 'Films in the middle: the next 40% of all ratings.',
  },
  niche: {
    label: 'Hidden gems',
    description: 'Less-rated films: the last 10% of ratings, spread over most of the catalogue.',
  },
};

export interface Popularity {
  /** Ratings per movie (dense index). */
  counts: Uint32Array;
  /** Movie indices from the most to the least rated (ties: lower index first). */
  order: Uint32Array;
  /** rank[i] = position of movie i in `order` (0 = most rated). */
  rank: Uint32Array;
  /** Tier of every movie. */
  tiers: Tier[];
  /** Smallest rating count in the popular and mid tiers (Infinity when the tier is empty). */
  minCount: Record<'popular' | 'mid', number>;
  sizes: Record<Tier, number>;
  totalRatings: number;
}

/** Ratings per movie, counted over any number of pieces of the ratings (one stored shard at a time). */
export interface RatingCounter {
  /** Ratings per movie so far, indexed like `movies`. */
  readonly counts: Uint32Array;
  /** Sum of stars per movie so far (of the pieces added with their stars). */
  readonly sums: Float64Array;
  /**
   * Counts one piece; `keep` filters its rows (e.g. ratings by people of one age group); with
   * `stars` (the piece's star column) also sums them.
   */
  add(column: ArrayLike<number>, keep?: (row: number) => boolean, stars?: ArrayLike<number>): void;
}

/**
 * The one rating counter. `key` says what a column holds: MovieLens movie ids ('id', as in
 * RatingColumns.movies) or dense indices into `movies` ('index'). Values that name no movie are
 * ignored.
 */
export function ratingCounter(movies: readonly Movie[], key: 'id' | 'index' = 'id'): RatingCounter {
  const counts = new Uint32Array(movies.length);
  const sums = new Float64Array(movies.length);
  const lookup = key === 'id' ? indexById(movies) : null;
  return {
    counts,
    sums,
    add(column, keep, stars) {
      for (let r = 0; r < column.length; r++) {
        if (keep && !keep(r)) continue;
        const i = lookup ? lookup[column[r]!] : column[r]!;
        if (i !== undefined && i >= 0 && i < counts.length) {
          counts[i]!++;
          if (stars) sums[i]! += stars[r]!;
        }
      }
    },
  };
}

/** Dense lookup id -> movie index (-1 where no movie has that id). */
export function indexById(movies: readonly Movie[]): Int32Array {
  let max = 0;
  for (const m of movies) max = Math.max(max, m.id);
  const lookup = new Int32Array(max + 1).fill(-1);
  movies.forEach((m, i) => {
    if (m.id >= 0) lookup[m.id] = i;
  });
  return lookup;
}

export function computePopularity(counts: ArrayLike<number>): Popularity {
  const n = counts.length;
  const c = Uint32Array.from({ length: n }, (_, i) => Math.max(0, counts[i]! | 0));
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => c[b]! - c[a]! || a - b);
  const rank = new Uint32Array(n);
  order.forEach((m, r) => (rank[m] = r));
  let total = 0;
  for (let i = 0; i < n; i++) total += c[i]!;

  // Walk from the most rated; a movie's tier is decided by the ratings before it.
  const minCount = { popular: Infinity, mid: Infinity };
  let before = 0;
  for (const m of order) {
    const k = c[m]!;
    if (k === 0) break;
    if (before < POPULAR_SHARE * total || k >= minCount.popular) minCount.popular = k;
    else if (before < MID_SHARE * total || k >= minCount.mid) minCount.mid = k;
    else break;
    before += k;
  }
  const tiers = new Array<Tier>(n);
  const sizes: Record<Tier, number> = { popular: 0, mid: 0, niche: 0 };
  for (let i = 0; i < n; i++) {
    const k = c[i]!;
    const t: Tier =
      k > 0 && k >= minCount.popular ? 'popular' : k > 0 && k >= minCount.mid ? 'mid' : 'niche';
    tiers[i] = t;
    sizes[t]++;
  }
  return { counts: c, order, rank, tiers, minCount, sizes, totalRatings: total };
}

/**
 * Each film's mean rating shrunk toward the catalogue mean: (sum + k * mean) / (count + k), with
 * k = SHRINK_RATINGS; a film nobody rated gets the catalogue mean.
 */
export function shrunkMeans(
  counts: ArrayLike<number>,
  sums: ArrayLike<number>,
  k = SHRINK_RATINGS,
): Float32Array {
  let total = 0;
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    total += sums[i]!;
    n += counts[i]!;
  }
  const mean = n > 0 ? total / n : 0;
  const out = new Float32Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = (sums[i]! + k * mean) / (counts[i]! + k);
  return out;
}

/** 1 for films whose shrunk mean is above the median shrunk mean of the rated films. */
export function communityGood(counts: ArrayLike<number>, sums: ArrayLike<number>): Uint8Array {
  const means = shrunkMeans(counts, sums);
  const rated: number[] = [];
  for (let i = 0; i < means.length; i++) if (counts[i]! > 0) rated.push(means[i]!);
  rated.sort((a, b) => a - b);
  const h = rated.length >> 1;
  const median =
    rated.length === 0 ? 0 : rated.length % 2 ? rated[h]! : (rated[h - 1]! + rated[h]!) / 2;
  const out = new Uint8Array(means.length);
  for (let i = 0; i < means.length; i++) out[i] = counts[i]! > 0 && means[i]! > median ? 1 : 0;
  return out;
}

/**
 * The gem rule (see GEM_MIN_STARS) as a predicate on (tier, movie): popular films always pass;
 * the others need `good` (communityGood) and, with `stars` (the stars the card shows), at least
 * GEM_MIN_STARS.
 */
export function gemRule(
  good: Uint8Array,
  stars?: ArrayLike<number>,
): (tier: Tier, index: number) => boolean {
  return (tier, i) => {
    if (tier === 'popular') return true;
    if (!good[i]) return false;
    if (!stars) return true;
    const s = stars[i]!;
    return Number.isFinite(s) && s >= GEM_MIN_STARS;
  };
}

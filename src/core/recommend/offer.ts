/**
 * Content stage: which movies to offer for rating next. An offer is there to get a rating, and
 * people can only rate films they have seen, so offers lead with films many people have seen that
 * fit the user's genres — not with the closest genre match, which favoured little-seen sequels
 * tagged exactly like the picks (five Star Trek films) over Star Wars (one genre more).
 *
 * Rules (tests pin them):
 * - Eligible: finite score, not rated or dismissed, and — when counts are given — niche movies
 *   with at least MIN_TRUSTED_RATINGS ratings (by everyone: `trustCounts` when the counts are a
 *   demographic group's).
 * - Candidate: an eligible movie whose content score is at least OFFER_MIN_MATCH (0.4) of the
 *   best eligible score (and above 0). Relative, so it behaves the same as ratings blur the
 *   profile. For Action|Adventure|Sci-Fi (best 1) it keeps films with two or three of the genres
 *   (Star Wars 0.76, The Matrix 0.67) and films with one of them and little else (Back to the
 *   Future, Comedy|Sci-Fi, 0.52), and drops films where a picked genre is one among others that
 *   dominate (Die Hard, Action|Thriller, 0.36; Braveheart, Action|Drama|War, 0.28). 0.4 rather
 *   than 1/2 so that Star Wars stays a candidate for a Sci-Fi profile alone (0.47).
 * - Rank of a candidate: counts[i] * (score[i] / best)^OFFER_MATCH_POWER (power 1). With
 *   counts[i] / users the chance the user has seen the film and the relative match standing for
 *   the chance it is to their taste, the product is the chance of a rating that tells us something.
 *   Linear in counts, so the most-seen films lead, and a film needs twice the viewers to beat one
 *   matching twice as well (within the candidate band the match varies at most 2.5x, the ratings of
 *   a tier up to 5x and more). Without counts: the score alone. Ties: higher score, more ratings,
 *   lower index.
 * - Diversity, greedy (MMR-like), when `movies` are given:
 *   - one film per franchise (franchise.ts) among the offers: a franchise is stood for by its
 *     most-rated candidate in the tier (Star Wars IV, not V) and its other films are skipped;
 *   - a candidate's rank is multiplied by 1 - OFFER_DIVERSITY * (its largest likeness to an offer
 *     already chosen), likeness = genre-set Jaccard, halved across decades. The same genres in
 *     the same decade halve the rank (The Matrix after Terminator 2), the same genres in another
 *     decade take a quarter off, and no shared genre leaves it untouched.
 * - Slots follow OFFER_PATTERN (3 popular, 2 mid, 1 niche per 6); a tier with no movie left gives
 *   its slot to the nearest tier that has one (more popular first). Slots are filled popular tier
 *   first, then mid, then niche (display order unchanged), so the best-known films are chosen
 *   first and the lesser-known ones must differ from them. A slot takes its tier's best candidate;
 *   a tier with no candidate left offers its other eligible movies by the old rule (score, then
 *   ratings, then index). A second film of a franchise comes only when nothing else is left.
 * - Deterministic: same input, same offers.
 */
import { TIER_ORDER, type Tier } from '../features/tiers';
import { franchiseKey } from './franchise';
import { compareRanked, type Exclusion, toPredicate, trustedInTier } from './rank';
import {
  MIN_TRUSTED_RATINGS,
  OFFER_BATCH_SIZE,
  OFFER_DIVERSITY,
  OFFER_MATCH_POWER,
  OFFER_MIN_MATCH,
  OFFER_PATTERN,
} from './stage';

/** What offers need to know of a movie (a Movie will do). */
export interface OfferMovie {
  /** As MovieLens writes it ("Matrix, The"); a trailing "(1999)" is ignored. */
  title: string;
  year: number | null;
  genres: readonly string[];
}

export interface OfferInput {
  /** Content score of every movie (GenreTfidf.scoreAll of the user's profile). */
  scores: ArrayLike<number>;
  /** Tier of every movie. */
  tiers: readonly Tier[];
  /** Ratings per movie (the rank's popularity, and the niche trust filter). */
  counts?: ArrayLike<number>;
  /**
   * Everyone's ratings per movie, for the niche trust filter only, when `counts` are those of a
   * smaller group (people of the user's age, gender, occupation): a film is trusted by how many
   * people in all rated it, not by how many of the group did (default: `counts`).
   */
  trustCounts?: ArrayLike<number>;
  /** Every movie, by dense index: titles, years and genres for the diversity rule. */
  movies?: readonly OfferMovie[];
  /** Rated and dismissed movies (dense indices). */
  exclude?: Exclusion;
  /** How many to offer (default OFFER_BATCH_SIZE). */
  count?: number;
  /** Tier of each slot, repeated (default OFFER_PATTERN). */
  pattern?: readonly Tier[];
  /** Niche movies need at least this many ratings (default MIN_TRUSTED_RATINGS; 0 disables). */
  minNicheRatings?: number;
  /** Candidate threshold as a share of the best score (default OFFER_MIN_MATCH). */
  minMatch?: number;
  /** Exponent of the relative match in the rank (default OFFER_MATCH_POWER). */
  matchPower?: number;
  /** Rank shrink for an offer like one already chosen, 0..1 (default OFFER_DIVERSITY). */
  diversity?: number;
}

interface TierQueue {
  /** Candidates, best rank first. */
  relevant: number[];
  /** Franchise key -> its most-rated candidate in this tier (the film that stands for it). */
  faces: Map<string, number>;
  /** The tier's other eligible movies, by the old rule. */
  rest: number[];
}

/** Dense movie indices to offer, in display order. */
export function chooseOffers(input: OfferInput): number[] {
  const { scores, tiers, counts, movies } = input;
  const trust = input.trustCounts ?? counts;
  const count = input.count ?? OFFER_BATCH_SIZE;
  const pattern = input.pattern && input.pattern.length > 0 ? input.pattern : OFFER_PATTERN;
  const minNiche = input.minNicheRatings ?? MIN_TRUSTED_RATINGS;
  const minMatch = input.minMatch ?? OFFER_MIN_MATCH;
  const power = input.matchPower ?? OFFER_MATCH_POWER;
  const diversity = Math.min(1, Math.max(0, input.diversity ?? OFFER_DIVERSITY));
  const excluded = toPredicate(input.exclude);
  if (count <= 0) return [];

  const eligible: number[] = [];
  let best = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const tier = tiers[i];
    if (!Number.isFinite(s) || tier === undefined || excluded(i)) continue;
    if (!trustedInTier(tier, i, trust, minNiche)) continue;
    eligible.push(i);
    if (s > best) best = s;
  }

  const keys = new Map<number, string>();
  const keyOf = (i: number): string | undefined => {
    const m = movies?.[i];
    if (!m) return undefined;
    let k = keys.get(i);
    if (k === undefined) keys.set(i, (k = franchiseKey(m.title)));
    return k;
  };
  const rank = new Float64Array(scores.length);
  const queues = new Map<Tier, TierQueue>(
    TIER_ORDER.map((t) => [t, { relevant: [], faces: new Map(), rest: [] }]),
  );
  for (const i of eligible) {
    const s = scores[i]!;
    const q = queues.get(tiers[i]!);
    if (!q) continue;
    if (best > 0 && s > 0 && s >= minMatch * best) {
      const match = Math.pow(s / best, power);
      rank[i] = counts ? (counts[i] ?? 0) * match : match;
      q.relevant.push(i);
    } else q.rest.push(i);
  }
  const byScore = compareRanked(scores, counts);
  const byRank = (a: number, b: number) => rank[b]! - rank[a]! || byScore(a, b);
  for (const q of queues.values()) {
    q.relevant.sort(byRank);
    q.rest.sort(byScore);
    for (const i of q.relevant) {
      const k = keyOf(i);
      const face = k === undefined ? undefined : q.faces.get(k);
      if (k !== undefined && (face === undefined || (counts?.[i] ?? 0) > (counts?.[face] ?? 0)))
        q.faces.set(k, i);
    }
  }

  /** Offers chosen so far, in the order they were chosen. */
  const out: number[] = [];
  const taken = new Set<number>();
  const franchises = new Set<string>();
  const open = (i: number, relaxed: boolean) => {
    if (taken.has(i)) return false;
    if (relaxed) return true;
    const k = keyOf(i);
    return k === undefined || !franchises.has(k);
  };
  const likeShown = (i: number): number => {
    const m = movies?.[i];
    if (!m || diversity === 0) return 0;
    let most = 0;
    for (const j of out) {
      const o = movies![j];
      if (!o) continue;
      const sim = jaccard(m.genres, o.genres) * (sameDecade(m.year, o.year) ? 1 : 0.5);
      if (sim > most) most = sim;
    }
    return most;
  };

  /** The tier's next offer, or undefined when it has no open movie. */
  const pick = (tier: Tier, relaxed: boolean): number | undefined => {
    const q = queues.get(tier)!;
    let choice: number | undefined;
    let bestValue = -Infinity;
    for (const i of q.relevant) {
      if (rank[i]! <= bestValue) break; // shrinking never lifts a movie above its rank
      if (!open(i, relaxed)) continue;
      const k = keyOf(i);
      if (!relaxed && k !== undefined && q.faces.get(k) !== i) continue;
      const value = rank[i]! * (1 - diversity * likeShown(i));
      if (value > bestValue) {
        bestValue = value;
        choice = i;
      }
    }
    return choice ?? q.rest.find((i) => open(i, relaxed));
  };

  // 1. The tier of each slot: the pattern's, or the nearest tier that still has movies.
  const left = new Map(
    TIER_ORDER.map((t) => [t, queues.get(t)!.relevant.length + queues.get(t)!.rest.length]),
  );
  const slots: Tier[] = [];
  for (let slot = 0; slots.length < count; slot++) {
    const tier = nearest(pattern[slot % pattern.length]!, (t) => left.get(t)! > 0);
    if (!tier) break;
    left.set(tier, left.get(tier)! - 1);
    slots.push(tier);
  }

  // 2. Fill the slots the most popular tier first, so the films most people have seen are chosen
  // before (and shape the diversity of) the less-known ones.
  const chosen: (number | undefined)[] = slots.map(() => undefined);
  const fillOrder = slots
    .map((tier, slot) => ({ tier, slot }))
    .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || a.slot - b.slot);
  for (const { tier, slot } of fillOrder) {
    let next: number | undefined;
    for (const relaxed of [false, true]) {
      nearest(tier, (t) => (next = pick(t, relaxed)) !== undefined);
      if (next !== undefined) break;
    }
    if (next === undefined) continue;
    chosen[slot] = next;
    out.push(next);
    taken.add(next);
    const k = keyOf(next);
    if (k !== undefined) franchises.add(k);
  }
  return chosen.filter((i) => i !== undefined);
}

/** The tier nearest to `wanted` (more popular first at equal distance) that `ok` accepts. */
function nearest(wanted: Tier, ok: (tier: Tier) => boolean): Tier | undefined {
  const w = TIER_ORDER.indexOf(wanted);
  for (let d = 0; d < TIER_ORDER.length; d++)
    for (const j of d === 0 ? [w] : [w - d, w + d]) {
      const t = TIER_ORDER[j];
      if (t && ok(t)) return t;
    }
  return undefined;
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const set = new Set(a);
  let both = 0;
  for (const g of new Set(b)) if (set.has(g)) both++;
  return both / (set.size + new Set(b).size - both);
}

function sameDecade(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.floor(a / 10) === Math.floor(b / 10);
}

/**
 * The films the lists would show now, asked of the model worker afresh: taken before and after a
 * retraining, so its result can say which films came in and which went out. The same pipeline as
 * the page (listStars, listScores, buildTierLists), so the difference is the lists' own.
 */
import type { Rating } from '../../core/api/model';
import { TIER_ORDER } from '../../core/features/tiers';
import { DEFAULT_BLEND } from '../../core/recommend/blend';
import { buildTierLists } from '../../core/recommend/lists';
import { modelWorker } from '../bridge';
import type { CatalogView } from '../state/useCatalog';
import { ratingKindOf, usesRanking, type Choice } from './choice';
import { listScores, listStars } from './ranking';
import type { PersonalSignals } from './usePersonalSignals';

export async function listSnapshot(
  choice: Choice,
  catalog: CatalogView,
  { exclude, contentScores }: PersonalSignals,
  ratings: Rating[],
): Promise<number[]> {
  const [scores, watched, blend] = await Promise.all([
    modelWorker().recommend(ratingKindOf(choice), ratings),
    usesRanking(choice) ? modelWorker().watch(ratings) : Promise.resolve(undefined),
    modelWorker().blend(),
  ]);
  const predicted = scores.predicted;
  const stars = listStars(choice, { predicted, watched }, blend?.stars);
  const ranking = listScores({
    choice,
    backed: true,
    predicted,
    watched,
    stars,
    content: contentScores,
    numRatings: ratings.length,
    weights: blend?.weights ?? DEFAULT_BLEND,
  });
  const lists = buildTierLists({
    scores: ranking,
    tiers: catalog.popularity.tiers,
    counts: catalog.ratingCounts,
    exclude,
  });
  return TIER_ORDER.flatMap((t) => lists[t]);
}

/** Films in `after` and not in `before` (came in), and the other way (went out), in list order. */
export function listChange(before: number[], after: number[]): { came: number[]; went: number[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { came: after.filter((i) => !b.has(i)), went: before.filter((i) => !a.has(i)) };
}

import {
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { DEFAULT_BLEND } from '../../core/recommend/blend';
import { makeExplainer } from '../../core/recommend/explain';
import { communityGood, gemRule, type Tier } from '../../core/features/tiers';
import { buildPagedTierLists, filmFilter, whyEmpty } from '../../core/recommend/lists';
import {
  CONTENT_WEIGHT_MIN_AT,
  LIST_SIZE,
  MIN_PREDICTED_RATING,
  MORE_STEP,
} from '../../core/recommend/stage';
import { ListHoldContext } from '../rate/CardList';
import type { CatalogView } from '../state/useCatalog';
import type { ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import {
  DESCRIBE,
  generalReason,
  neededModels,
  ratingKindOf,
  usesRanking,
  type Choice,
} from './choice';
import { ListFilters, type Filters } from './ListFilters';
import { ModelSwitch } from './ModelSwitch';
import { ModelWaiting } from './ModelWaiting';
import { listScores, listStars, listStatus, shownStars } from './ranking';
import { RetrainMine, retrainOffered } from './RetrainMine';
import { TierLists } from './TierLists';
import type { PersonalSignals } from './usePersonalSignals';
import { useModelAnswers } from './useModelScores';
import { useUpdateTime } from './useUpdateTime';

const FIRST_SIZES: Record<Tier, number> = { popular: LIST_SIZE, mid: LIST_SIZE, niche: LIST_SIZE };

/** How the lists are picked, in plain words (no weights, no metrics: those are the lab's). */
function howPicked(choice: Choice, few: boolean): string {
  const floor = `Nothing we predict you’d rate under ${MIN_PREDICTED_RATING}★ is shown, and every rating you give counts at once.`;
  if (choice !== 'hybrid') return `${DESCRIBE[choice]} ${floor}`;
  return `Picked from what people who liked your films went on to watch and the stars we predict you’d give${few ? ', with your genres counting too while you have rated only a few' : ''}. ${floor}`;
}

/**
 * Personal recommendations, one list per popularity tier. After every rating the worker folds the
 * user into the rating model and sums the ranking model's rows (useModelScores.ts); the lists are
 * ranked by blendScores (ranking.ts) — the same function the model lab and the bench measure.
 * Rule: the list comes first (on a phone the first card is above the fold); how it is picked,
 * the choice of model and the retraining offer come after it, in plain words.
 */
export function CollabStage({
  catalog,
  profile,
  models,
  signals,
  onRate,
  clickAt,
}: {
  catalog: CatalogView;
  profile: ProfileStore;
  models: ModelStore;
  signals: PersonalSignals;
  onRate: (movieId: number, rating: number | null) => void;
  clickAt: RefObject<number | null>;
}) {
  // a plain "haven't seen" stays eligible (listExclude); rated and marked films leave the lists
  const { listExclude: exclude, ratedByIndex, contentScores } = signals;
  const [choice, setChoice] = useState<Choice>('hybrid');
  const [filters, setFilters] = useState<Filters>({});
  const [sizes, setSizes] = useState<Record<Tier, number>>(FIRST_SIZES);
  const [underFloor, setUnderFloor] = useState(false);
  const ratingKind = ratingKindOf(choice);
  // every action: the ranking model weighs stars and marks itself (watch.ts watchWeight)
  const actions = useMemo(
    () =>
      [...profile.ratings.values()].map((r) => ({
        movieId: r.movieId,
        rating: r.rating,
        ...(r.mark ? { mark: r.mark } : {}),
      })),
    [profile.ratings],
  );
  const answers = useModelAnswers(
    models.slots,
    ratingKind,
    usesRanking(choice),
    profile.starRatings,
    // what the ranking model hears (recs-signals: stars and marks, watch.ts)
    actions,
  );
  const { predicted, watched } = answers;
  const { pending, backed } = listStatus(choice, models.slots, answers);
  const weights = models.blend?.weights ?? DEFAULT_BLEND;
  const stack = models.blend?.stars;
  const stars = useMemo(
    () => listStars(choice, { predicted, watched }, stack),
    [choice, predicted, watched, stack],
  );
  const numRatings = ratedByIndex.length;
  const ranking = useMemo(
    () =>
      listScores({
        choice,
        backed,
        predicted,
        watched,
        stars,
        content: contentScores,
        numRatings,
        weights,
        floor: underFloor ? -Infinity : undefined,
      }),
    [backed, choice, watched, predicted, stars, contentScores, numRatings, weights, underFloor],
  );

  const keep = useMemo(() => filmFilter(catalog.movies, filters), [catalog, filters]);
  // gems are good films (tiers.ts gemRule): the community's verdict and the stars the card shows
  const good = useMemo(
    () =>
      catalog.ratingSums
        ? communityGood(catalog.ratingCounts, catalog.ratingSums)
        : new Uint8Array(catalog.ratingCounts.length).fill(1),
    [catalog],
  );
  const listInput = useMemo(
    () => ({
      scores: ranking,
      tiers: catalog.popularity.tiers,
      counts: catalog.ratingCounts,
      exclude,
      sizes,
      keep,
      offerable: gemRule(good, stars),
    }),
    [ranking, catalog, exclude, sizes, keep, good, stars],
  );
  const { lists, more } = useMemo(() => buildPagedTierLists(listInput), [listInput]);
  const emptyWhy = useCallback((tier: Tier) => whyEmpty(listInput, tier), [listInput]);

  const explain = useMemo(
    () =>
      makeExplainer({
        movies: catalog.movies,
        ratingOf: new Map(ratedByIndex.map((r) => [r.index, r.rating])),
        picks: profile.profile!.genres,
        watch: watched,
        general: generalReason(choice),
      }),
    [catalog, ratedByIndex, profile.profile, watched, choice],
  );

  const note = useCallback(
    (i: number) => ({
      predicted: shownStars(stars?.[i]),
      why: backed ? explain(i).text : undefined,
    }),
    [stars, backed, explain],
  );

  const { updateMs, updates } = useUpdateTime(lists, backed, clickAt);
  const totalRatings = useMemo(
    () => catalog.ratingCounts.reduce((s, c) => s + c, 0),
    [catalog.ratingCounts],
  );
  const narrow = (f: Filters) => {
    setFilters(f);
    setSizes(FIRST_SIZES);
  };
  const offerRetrain = choice !== 'ease' && retrainOffered(models.slots[ratingKind], numRatings);

  // The lists hold still under the pointer (Journey's ListHoldContext), but what the person asks
  // for here ("More", a filter, another choice, the films under the floor) shows at once.
  const shared = useContext(ListHoldContext);
  const asked = `${choice}|${filters.genre}|${filters.decade}|${sizes.popular},${sizes.mid},${sizes.niche}|${underFloor}`;
  const askedAtHold = useRef(asked);
  if (!shared) askedAtHold.current = asked;
  const hold = shared === undefined ? undefined : shared && askedAtHold.current === asked;
  useEffect(() => {
    askedAtHold.current = asked; // shown once: the hold keeps it from the next change on
  }, [asked]);

  return (
    <section className="panel recs" aria-labelledby="recs-title">
      <div className="recs-head">
        <h2 id="recs-title">Picked for you</h2>
        <ListFilters catalog={catalog} filters={filters} onChange={narrow} />
      </div>
      <ModelWaiting
        needed={neededModels(choice)}
        models={models}
        pending={pending}
        backed={backed}
        ratings={totalRatings}
      />
      <div
        data-testid="rec-lists"
        data-update-ms={updateMs === null ? '' : updateMs.toFixed(1)}
        data-updates={updates}
        data-backed={backed ? choice : ''}
      >
        <ListHoldContext.Provider value={hold}>
          <TierLists
            lists={lists}
            more={more}
            pending={pending}
            catalog={catalog}
            onRate={onRate}
            note={note}
            onMore={(tier) => setSizes((s) => ({ ...s, [tier]: s[tier] + MORE_STEP }))}
            whyEmpty={emptyWhy}
            onShowUnderFloor={backed && !underFloor ? () => setUnderFloor(true) : undefined}
            onClearFilters={() => narrow({})}
          />
        </ListHoldContext.Provider>
      </div>
      {underFloor && (
        <p className="hint">
          Showing films we predict you’d rate under {MIN_PREDICTED_RATING}★ too.{' '}
          <button type="button" className="link" onClick={() => setUnderFloor(false)}>
            Hide them again
          </button>
        </p>
      )}
      {updateMs !== null && (
        <p className="muted small" data-testid="update-time">
          Lists updated {updateMs.toFixed(0)} ms after your last rating.
        </p>
      )}
      <ModelSwitch
        choice={choice}
        onChange={setChoice}
        explanation={howPicked(choice, numRatings < CONTENT_WEIGHT_MIN_AT)}
        leans={choice === 'hybrid' && stars !== predicted}
      />
      {offerRetrain && (
        <RetrainMine
          kind={ratingKind}
          models={models}
          profile={profile}
          catalog={catalog}
          signals={signals}
          choice={choice}
        />
      )}
    </section>
  );
}

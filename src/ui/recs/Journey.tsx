import { useCallback, useMemo, useRef } from 'react';
import { COLLAB_UNLOCK_RATINGS, stageFor } from '../../core/recommend/stage';
import { CatalogCards } from '../rate/CardList';
import { CardActionsContext } from '../rate/cardActions';
import { ListHoldContext, usePointerHold } from '../rate/CardList';
import { SearchBox } from '../rate/SearchBox';
import { useUndoableRate } from '../rate/useUndoableRate';
import { Toast } from '../shell/Toast';
import { href } from '../shell/useRoute';
import type { CatalogView } from '../state/useCatalog';
import type { ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import { CollabStage } from './CollabStage';
import { SimilarContext } from './similarContext';
import { SimilarDialog } from './SimilarDialog';
import { useOffers } from './useOffers';
import { usePersonalSignals } from './usePersonalSignals';
import { useSimilarDialog } from './useSimilarDialog';

/**
 * The flow after signup: the content stage (rate movies close to your genres, mixed across
 * popularity tiers) until COLLAB_UNLOCK_RATINGS ratings, then personal recommendations.
 */
export function Journey({
  catalog,
  profile,
  models,
}: {
  catalog: CatalogView;
  profile: ProfileStore;
  models: ModelStore;
}) {
  const picks = profile.profile!.genres;
  const n = profile.starRatings.length;
  const stage = stageFor(n);
  const clickAt = useRef<number | null>(null);
  const { rate } = profile;
  const { similarTo, showSimilar, closeSimilar } = useSimilarDialog(catalog);

  const onRate = useCallback(
    (movieId: number, rating: number | null) => {
      clickAt.current = performance.now();
      void rate(movieId, rating);
    },
    [rate],
  );
  // Every rating, dismissal and mark on a list: a short confirmation with Undo.
  const { last, clearLast, rate: onRateUndoable, mark } = useUndoableRate(catalog, profile, onRate);
  const actions = useMemo(() => ({ mark, ratings: profile.ratings }), [mark, profile.ratings]);

  // the pointer anywhere over the recommendations holds every list (nothing moves under it)
  const recHold = usePointerHold();
  const signals = usePersonalSignals(catalog, profile);
  const { offers, more, acted } = useOffers(stage === 'content', catalog, profile, signals);

  return (
    <CardActionsContext.Provider value={actions}>
      <SimilarContext.Provider value={showSimilar}>
        <section className="panel">
          <div className="stage-head">
            <div>
              <h1 tabIndex={-1}>
                {stage === 'content' ? 'Rate some movies' : 'Your recommendations'}
              </h1>
              <p className="lede">
                {stage === 'content'
                  ? `These match the genres you picked (${picks.join(', ')}), mixing well-known films with some you may not know. Rate the ones you have seen; mark the rest “haven’t seen”.`
                  : 'Picked for you from every end of the popularity range. They update as you rate.'}
              </p>
            </div>
            <div className="meter" data-testid="rating-count" data-count={n}>
              {stage === 'content' ? (
                <>
                  <label htmlFor="unlock">
                    {n} of {COLLAB_UNLOCK_RATINGS} ratings — personal recommendations unlock at{' '}
                    {COLLAB_UNLOCK_RATINGS}
                  </label>
                  <progress id="unlock" max={COLLAB_UNLOCK_RATINGS} value={n} />
                </>
              ) : (
                <span className="muted">{n} ratings so far</span>
              )}
              <a href={href('ratings')} data-testid="my-ratings-link">
                See and change your ratings
                {n < profile.ratings.size && ` (and ${profile.ratings.size - n} marked)`}
              </a>
            </div>
          </div>
          <SearchBox catalog={catalog} profile={profile} onRate={onRate} />
        </section>
        {stage === 'content' ? (
          <section className="panel" aria-labelledby="offers-title">
            <h2 id="offers-title">Have you seen these?</h2>
            <CatalogCards
              indices={offers}
              catalog={catalog}
              ratings={profile.ratings}
              onRate={onRateUndoable}
              data-testid="offers"
              data-acted={String(acted)}
            />
            <p className="offers-more">
              <button
                type="button"
                className={acted === offers.length ? undefined : 'secondary'}
                data-testid="more-offers"
                onClick={more}
              >
                {acted === offers.length ? 'Show me more films' : 'Show more films'}
              </button>
            </p>
          </section>
        ) : (
          <div className="rec-hold" {...recHold.handlers}>
            <ListHoldContext.Provider value={recHold.held}>
              <CollabStage
                catalog={catalog}
                profile={profile}
                models={models}
                signals={signals}
                onRate={onRateUndoable}
                clickAt={clickAt}
              />
            </ListHoldContext.Provider>
          </div>
        )}
        {similarTo !== null && (
          <SimilarDialog
            movie={similarTo}
            catalog={catalog}
            profile={profile}
            onRate={onRate}
            onClose={closeSimilar}
          />
        )}
        <Toast action={last} onDone={clearLast} />
      </SimilarContext.Provider>
    </CardActionsContext.Provider>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { chooseOffers } from '../../core/recommend/offer';
import { COLLAB_UNLOCK_RATINGS, stageFor } from '../../core/recommend/stage';
import { dataWorker } from '../bridge';
import { SearchBox } from '../rate/SearchBox';
import { CatalogCards } from '../rate/CardList';
import { useReportError } from '../shell/errors';
import type { CatalogView } from '../state/useCatalog';
import type { ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import { CollabStage } from './CollabStage';
import { SimilarContext } from './similarContext';
import { SimilarDialog } from './SimilarDialog';

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
  const report = useReportError();
  const picks = profile.profile!.genres;
  const n = profile.starRatings.length;
  const stage = stageFor(n);
  const clickAt = useRef<number | null>(null);

  const [similarTo, setSimilarTo] = useState<number | null>(null);
  const showSimilar = useCallback(
    (movieId: number) => setSimilarTo(catalog.indexOf.get(movieId) ?? null),
    [catalog],
  );

  const onRate = useCallback(
    (movieId: number, rating: number | null) => {
      clickAt.current = performance.now();
      void profile.rate(movieId, rating);
    },
    [profile],
  );

  // Popularity among people like the user (if they told us), to seed the first offers.
  const demo = profile.profile;
  const [seedCounts, setSeedCounts] = useState<Uint32Array | undefined>();
  useEffect(() => {
    if (demo?.gender === undefined && demo?.age === undefined && demo?.occupation === undefined)
      return;
    let live = true;
    dataWorker()
      .popularityAmong({ gender: demo.gender, age: demo.age, occupation: demo.occupation })
      .then((c) => live && setSeedCounts(c))
      .catch(report);
    return () => {
      live = false;
    };
  }, [demo?.gender, demo?.age, demo?.occupation, report]);

  const exclude = useMemo(() => {
    const s = new Set<number>();
    for (const id of profile.ratings.keys()) {
      const i = catalog.indexOf.get(id);
      if (i !== undefined) s.add(i);
    }
    return s;
  }, [profile.ratings, catalog]);

  const ratedByIndex = useMemo(
    () =>
      profile.starRatings
        .map((r) => ({ index: catalog.indexOf.get(r.movieId) ?? -1, rating: r.rating }))
        .filter((r) => r.index >= 0),
    [profile.starRatings, catalog],
  );

  const contentScores = useMemo(
    () => catalog.tfidf.scoreAll(catalog.tfidf.profileFromRatings(picks, ratedByIndex)),
    [catalog, picks, ratedByIndex],
  );

  const offers = useMemo(
    () =>
      stage === 'content'
        ? chooseOffers({
            scores: contentScores,
            tiers: catalog.popularity.tiers,
            counts: seedCounts ?? catalog.ratingCounts,
            exclude,
            movies: catalog.movies,
          })
        : [],
    [stage, contentScores, catalog, seedCounts, exclude],
  );

  return (
    <SimilarContext.Provider value={showSimilar}>
      <section className="panel">
        <div className="stage-head">
          <div>
            <h1>{stage === 'content' ? 'Rate some movies' : 'Your recommendations'}</h1>
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
            onRate={onRate}
            testId="offers"
          />
        </section>
      ) : (
        <CollabStage
          catalog={catalog}
          profile={profile}
          models={models}
          exclude={exclude}
          ratedByIndex={ratedByIndex}
          contentScores={contentScores}
          onRate={onRate}
          clickAt={clickAt}
        />
      )}
      {similarTo !== null && (
        <SimilarDialog
          movie={similarTo}
          catalog={catalog}
          profile={profile}
          onRate={onRate}
          onClose={() => setSimilarTo(null)}
        />
      )}
    </SimilarContext.Provider>
  );
}

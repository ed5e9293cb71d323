import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { chooseOffers } from '../../core/recommend/offer';
import { COLLAB_UNLOCK_RATINGS, stageFor } from '../../core/recommend/stage';
import { useDataTraits } from '../data/traits';
import { dataWorker } from '../bridge';
import { displayTitle } from '../../core/features/search';
import { RatedNotice, type LastRating } from '../rate/RatedNotice';
import { SearchBox } from '../rate/SearchBox';
import { focusHeading } from '../shell/focus';
import { href } from '../shell/useRoute';
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
  const { rate } = profile;

  const [similarTo, setSimilarTo] = useState<number | null>(null);
  const opener = useRef<Element | null>(null);
  const showSimilar = useCallback(
    (movieId: number) => {
      opener.current = document.activeElement;
      setSimilarTo(catalog.indexOf.get(movieId) ?? null);
    },
    [catalog],
  );
  const closeSimilar = useCallback(() => setSimilarTo(null), []);
  // Closed (after the dialog's own clean-up): back to the button that opened it, or to the
  // heading when its card is gone (rated meanwhile).
  const open = similarTo !== null;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open || !wasOpen.current) {
      wasOpen.current = open;
      return;
    }
    wasOpen.current = false;
    const el = opener.current;
    if (el instanceof HTMLElement && el.isConnected) el.focus();
    else focusHeading();
  }, [open]);

  const onRate = useCallback(
    (movieId: number, rating: number | null) => {
      clickAt.current = performance.now();
      void rate(movieId, rating);
    },
    [rate],
  );

  // Rating an offer: a short confirmation with Undo (back to what it was before).
  const { unrate } = profile;
  const ratingsNow = useRef(profile.ratings);
  ratingsNow.current = profile.ratings;
  const [last, setLast] = useState<LastRating | null>(null);
  const clearLast = useCallback(() => setLast(null), []);
  const onRateOffer = useCallback(
    (movieId: number, rating: number | null) => {
      const before = ratingsNow.current.get(movieId);
      const i = catalog.indexOf.get(movieId);
      setLast({
        title: i === undefined ? `movie ${movieId}` : displayTitle(catalog.movies[i]!.title),
        rating,
        undo: () => void (before ? rate(movieId, before.rating) : unrate(movieId)),
      });
      onRate(movieId, rating);
    },
    [catalog, onRate, rate, unrate],
  );

  // Popularity among people like the user (if they told us), to seed the first offers.
  // (Only where the data set knows its raters' demographics: elsewhere nobody would match.)
  const demo = useDataTraits().demographics ? profile.profile : undefined;
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
            // the niche trust filter counts everyone's ratings, not only the group's
            trustCounts: catalog.ratingCounts,
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
              {n < profile.ratings.size && ` (and ${profile.ratings.size - n} “haven’t seen”)`}
            </a>
          </div>
        </div>
        <SearchBox catalog={catalog} profile={profile} onRate={onRate} />
      </section>
      {stage === 'content' ? (
        <section className="panel" aria-labelledby="offers-title">
          <h2 id="offers-title">Have you seen these?</h2>
          <RatedNotice last={last} onDone={clearLast} />
          <CatalogCards
            indices={offers}
            catalog={catalog}
            ratings={profile.ratings}
            onRate={onRateOffer}
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
          onClose={closeSimilar}
        />
      )}
    </SimilarContext.Provider>
  );
}

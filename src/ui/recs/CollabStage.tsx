import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useState,
  type RefObject,
} from 'react';
import type { ModelKind, Scores, WatchResult } from '../../../workers/model-api';
import { TIER_ORDER, TIERS } from '../../core/features/tiers';
import { blendScores, DEFAULT_BLEND, explainBlend } from '../../core/recommend/blend';
import { servedStars } from '../../core/recommend/stars';
import { makeExplainer } from '../../core/recommend/explain';
import { buildTierLists } from '../../core/recommend/lists';
import { modelWorker } from '../bridge';
import { CardList } from '../rate/CardList';
import { MovieCard } from '../rate/MovieCard';
import { useReportError } from '../shell/errors';
import type { CatalogView } from '../state/useCatalog';
import { MODEL_NAMES, type ModelStore } from '../state/useModels';
import { trainingStep } from '../state/trainingText';
import { RetrainResult } from '../lab/RetrainResult';
import type { ProfileStore } from '../state/useProfile';
import { useShowSimilar } from './similarContext';

type Choice = ModelKind | 'hybrid';
const CHOICES: { value: Choice; label: string }[] = [
  { value: 'hybrid', label: 'Hybrid' },
  { value: 'ease', label: 'Ranking model' },
  { value: 'mf', label: 'Matrix factorizer' },
  { value: 'neural', label: 'Neural' },
];

const DESCRIBE: Record<ModelKind, string> = {
  ease: 'Ranked by the ranking model alone: what people who rated what you rated went on to watch.',
  mf: 'Ranked by the matrix factorizer’s predicted stars: your taste vector, folded in from your ratings, against every movie’s vector.',
  neural:
    'Ranked by the neural model’s predicted stars: dense layers over your vector and each movie’s.',
};

/** Predicted stars as shown on a card (the ranking uses them unclipped). */
const shownStars = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? undefined : Math.min(5, Math.max(1, x));

/**
 * Personal recommendations, one list per popularity tier. After every rating the worker folds the
 * user into the rating model and sums the ranking model's rows; the lists are ranked by
 * blendScores — the same function the model lab and the bench measure.
 */
export function CollabStage({
  catalog,
  profile,
  models,
  exclude,
  ratedByIndex,
  contentScores,
  onRate,
  clickAt,
}: {
  catalog: CatalogView;
  profile: ProfileStore;
  models: ModelStore;
  exclude: Set<number>;
  ratedByIndex: { index: number; rating: number }[];
  contentScores: Float32Array;
  onRate: (movieId: number, rating: number | null) => void;
  clickAt: RefObject<number | null>;
}) {
  const report = useReportError();
  const showSimilar = useShowSimilar();
  const switchId = useId();
  const [choice, setChoice] = useState<Choice>('hybrid');
  const ratingKind = choice === 'neural' ? 'neural' : 'mf';
  const wantsWatch = choice === 'hybrid' || choice === 'ease';
  const rated = models.slots[ratingKind];
  const ranker = models.slots.ease;
  const ratedAt = rated.info?.trainedAt;
  const rankerAt = wantsWatch ? ranker.info?.trainedAt : undefined;
  const [scores, setScores] = useState<Scores | undefined>();
  const [watch, setWatch] = useState<{ at: number; w: WatchResult } | undefined>();
  const [updateMs, setUpdateMs] = useState<number | null>(null);
  const [updates, setUpdates] = useState(0);
  // A model's answer failed: stop waiting for it (the error is shown).
  const [gaveUp, setGaveUp] = useState(false);
  const fail = useCallback(
    (e: unknown) => {
      setGaveUp(true);
      report(e);
    },
    [report],
  );

  // After every rating (and when a model changes): fold in, and sum the ranking model's rows.
  useEffect(() => {
    if (ratedAt === undefined) return;
    let live = true;
    modelWorker()
      .recommend(ratingKind, profile.starRatings)
      .then((s) => live && setScores(s))
      .catch(fail);
    return () => {
      live = false;
    };
  }, [ratingKind, ratedAt, profile.starRatings, fail]);

  useEffect(() => {
    if (rankerAt === undefined) return;
    let live = true;
    modelWorker()
      .watch(profile.starRatings)
      .then((w) => live && setWatch({ at: rankerAt, w }))
      .catch(fail);
    return () => {
      live = false;
    };
  }, [rankerAt, profile.starRatings, fail]);

  const predicted = scores?.kind === ratingKind ? scores.predicted : undefined;
  const watched = wantsWatch && watch !== undefined && watch.at === rankerAt ? watch.w : undefined;
  const weights = models.blend?.weights ?? DEFAULT_BLEND;
  const needed: ModelKind[] = choice === 'hybrid' ? ['ease', 'mf'] : [choice];
  const answered = (k: ModelKind) =>
    k === 'ease' ? watched !== undefined : predicted !== undefined;
  // A stored model (or one still being looked up) will answer in a moment: until it has, the
  // lists show placeholders, not genre-only cards that would be reshuffled under the reader.
  const pending =
    !gaveUp &&
    needed.some((k) => {
      const slot = models.slots[k];
      return (!slot.checked || slot.info !== undefined) && slot.status !== 'error' && !answered(k);
    });
  // Model-backed once the model(s) the choice needs have answered.
  const backed = !pending && needed.some(answered);

  // The hybrid's stars: the MF's, leaning a little on the ranking model once the blend has
  // fitted how (stars.ts); they rank, floor and show. A model chosen alone shows its own.
  const stack = models.blend?.stars;
  const stars = useMemo(
    () =>
      choice === 'hybrid' && predicted && watched && stack
        ? servedStars(predicted, watched.scores, stack)
        : predicted,
    [choice, predicted, watched, stack],
  );

  const ranking = useMemo(() => {
    const n = ratedByIndex.length;
    if (!backed) return contentScores; // no model yet: genre match only
    if (choice === 'hybrid')
      return blendScores({
        watch: watched?.scores,
        rating: stars,
        content: contentScores,
        numRatings: n,
        weights,
      });
    // One model alone; the 3★ floor still applies when a rating model has answered.
    return blendScores({
      watch: choice === 'ease' ? watched?.scores : undefined,
      rating: predicted,
      numRatings: n,
      weights: { rating: choice === 'ease' ? 0 : 1, content: 0 },
    });
  }, [backed, choice, watched, predicted, stars, contentScores, ratedByIndex.length, weights]);

  const lists = useMemo(
    () =>
      buildTierLists({
        scores: ranking,
        tiers: catalog.popularity.tiers,
        counts: catalog.ratingCounts,
        exclude,
      }),
    [ranking, catalog, exclude],
  );

  const explain = useMemo(
    () =>
      makeExplainer({
        movies: catalog.movies,
        ratingOf: new Map(ratedByIndex.map((r) => [r.index, r.rating])),
        picks: profile.profile!.genres,
        watch: watched,
        general:
          choice === 'mf' || choice === 'neural'
            ? 'people whose ratings look like yours rate it highly'
            : 'people who rated what you rated often watched it',
      }),
    [catalog, ratedByIndex, profile.profile, watched, choice],
  );

  // How long from the click to lists on screen (shown, and read by the e2e suite and bench).
  useLayoutEffect(() => {
    if (clickAt.current === null) return;
    if (!backed) {
      clickAt.current = null; // a click before any model answered is not a model update
      return;
    }
    setUpdateMs(performance.now() - clickAt.current);
    setUpdates((u) => u + 1);
    clickAt.current = null;
  }, [lists, backed, clickAt]);

  const retrain = () => {
    if (ratingKind !== rated.info?.kind) return;
    void models.train(ratingKind, { userRatings: profile.starRatings, warmStart: true });
  };

  const waiting = needed.filter((k) => {
    const s = models.slots[k];
    return s.status !== 'ready';
  });

  return (
    <section className="panel" aria-labelledby="recs-title">
      <div className="stage-head">
        <div>
          <h2 id="recs-title">For you, across the popularity range</h2>
          <fieldset className="model-switch" aria-describedby={`${switchId}-why`}>
            <legend className="visually-hidden">Which model ranks the lists</legend>
            {CHOICES.map((c) => (
              <label key={c.value}>
                <input
                  type="radio"
                  name={switchId}
                  value={c.value}
                  checked={choice === c.value}
                  onChange={() => setChoice(c.value)}
                  data-testid="model-choice"
                  data-choice={c.value}
                />
                {c.label}
              </label>
            ))}
          </fieldset>
          <p id={`${switchId}-why`} className="hint" data-testid="blend-explanation">
            {choice === 'hybrid'
              ? explainBlend(ratedByIndex.length, weights, {
                  watch: watched !== undefined,
                  rating: predicted !== undefined,
                  stars: stars !== predicted,
                })
              : DESCRIBE[choice]}
          </p>
        </div>
        {choice !== 'ease' && (
          <div className="buttons">
            <button
              type="button"
              onClick={retrain}
              disabled={rated.status === 'training' || !rated.info}
              data-testid="retrain-mine"
            >
              Retrain with my ratings
            </button>
            {rated.status === 'training' && (
              <button type="button" onClick={() => models.cancel(ratingKind)}>
                Cancel training
              </button>
            )}
          </div>
        )}
      </div>
      {choice !== 'ease' && <RetrainResult kind={ratingKind} slot={rated} />}
      {/* always there, one line reserved: the lists below do not move when it empties */}
      <p className="hint status-line" role="status" data-testid="model-waiting">
        {pending && waiting.length === 0 && 'Loading your models’ recommendations… '}
        {waiting.map((k) => {
          const s = models.slots[k];
          const name = MODEL_NAMES[k].toLowerCase();
          const text =
            s.status === 'training'
              ? s.info
                ? `The ${name} is retraining (${trainingStep(s)}); the current one keeps serving. `
                : `The ${name} is training on this device (${trainingStep(s)}). `
              : !s.checked
                ? `Loading your ${name}… `
                : s.status === 'error'
                  ? `The ${name} failed to train. `
                  : `The ${name} is not trained yet. `;
          return (
            <span key={k}>
              {text}
              {s.checked && !s.info && s.status !== 'training' && (
                <button
                  type="button"
                  className="link"
                  onClick={() => void models.train(k)}
                  data-testid="train-now"
                >
                  Train it now
                </button>
              )}{' '}
            </span>
          );
        })}
        {!backed && !pending && 'Until then these lists follow your genres only.'}
      </p>
      <div
        data-testid="rec-lists"
        data-update-ms={updateMs === null ? '' : updateMs.toFixed(1)}
        data-updates={updates}
        data-backed={backed ? choice : ''}
      >
        {TIER_ORDER.map((tier) => (
          <section key={tier} className="rec-section" aria-labelledby={`tier-${tier}`}>
            <header>
              <h3 id={`tier-${tier}`}>{TIERS[tier].label}</h3>
              <span className="muted small">{TIERS[tier].description}</span>
            </header>
            <CardList data-testid="rec-list" data-tier={tier}>
              {pending
                ? lists[tier].map((i) => (
                    <li
                      key={`placeholder-${i}`}
                      className="card card-placeholder"
                      aria-hidden="true"
                    />
                  ))
                : lists[tier].map((i) => {
                    const m = catalog.movies[i]!;
                    const why = explain(i);
                    return (
                      <MovieCard
                        key={m.id}
                        movie={m}
                        tier={tier}
                        rating={undefined}
                        predicted={shownStars(stars?.[i])}
                        why={backed ? why.text : undefined}
                        onRate={onRate}
                        onSimilar={showSimilar}
                      />
                    );
                  })}
            </CardList>
          </section>
        ))}
      </div>
      {updateMs !== null && (
        <p className="muted small" data-testid="update-time">
          Lists updated {updateMs.toFixed(0)} ms after your last rating.
        </p>
      )}
    </section>
  );
}

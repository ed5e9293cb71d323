import { useEffect, useId, useLayoutEffect, useMemo, useState, type RefObject } from 'react';
import type { ItemFactors, ModelKind, Scores } from '../../../workers/model-api';
import { TIER_ORDER, TIERS } from '../../core/features/tiers';
import { blendScores, explainBlend } from '../../core/recommend/blend';
import { makeExplainer } from '../../core/recommend/explain';
import { buildTierLists } from '../../core/recommend/lists';
import { modelWorker } from '../bridge';
import { CardList } from '../rate/CardList';
import { MovieCard } from '../rate/MovieCard';
import { useReportError } from '../shell/errors';
import type { CatalogView } from '../state/useCatalog';
import { MODEL_NAMES, type ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import { SimilarDialog } from './SimilarDialog';

type Choice = ModelKind | 'hybrid';
const CHOICES: { value: Choice; label: string }[] = [
  { value: 'hybrid', label: 'Hybrid' },
  { value: 'mf', label: 'Matrix factorizer' },
  { value: 'neural', label: 'Neural' },
];

/**
 * Personal recommendations: the user's vector is folded into the trained model after every rating
 * (in the model worker); lists per popularity tier, each movie with its predicted rating and why.
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
  const switchId = useId();
  const [choice, setChoice] = useState<Choice>('hybrid');
  const kind: ModelKind = choice === 'neural' ? 'neural' : 'mf';
  const slot = models.slots[kind];
  const trainedAt = slot.info?.trainedAt;
  const [scores, setScores] = useState<Scores | undefined>();
  const [factors, setFactors] = useState<ItemFactors | undefined>();
  const [similarTo, setSimilarTo] = useState<number | null>(null);
  const [updateMs, setUpdateMs] = useState<number | null>(null);

  // Fold in after every rating (and when the model changes).
  useEffect(() => {
    if (trainedAt === undefined) return;
    let live = true;
    modelWorker()
      .recommend(kind, profile.starRatings)
      .then((s) => live && setScores(s))
      .catch(report);
    return () => {
      live = false;
    };
  }, [kind, trainedAt, profile.starRatings, report]);

  useEffect(() => {
    if (trainedAt === undefined) return;
    let live = true;
    modelWorker()
      .itemFactors(kind)
      .then((f) => live && setFactors(f))
      .catch(report);
    return () => {
      live = false;
    };
  }, [kind, trainedAt, report]);

  const usable = scores?.kind === kind ? scores : undefined;
  const ranking = useMemo(() => {
    if (!usable) return contentScores; // model still training: genre match only
    return choice === 'hybrid'
      ? blendScores(usable.predicted, contentScores, ratedByIndex.length)
      : usable.predicted;
  }, [usable, choice, contentScores, ratedByIndex.length]);

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
        ratings: ratedByIndex,
        picks: profile.profile!.genres,
        factors: factors?.kind === kind ? { data: factors.factors, dim: factors.dim } : undefined,
      }),
    [catalog, ratedByIndex, profile.profile, factors, kind],
  );

  // How long from the click to lists on screen (shown, and read by the e2e suite and bench).
  useLayoutEffect(() => {
    if (clickAt.current === null || !usable) return;
    setUpdateMs(performance.now() - clickAt.current);
    clickAt.current = null;
  }, [lists, usable, clickAt]);

  const retrain = () =>
    void models.train(kind, { userRatings: profile.starRatings, warmStart: true });

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
              ? explainBlend(ratedByIndex.length, MODEL_NAMES.mf.toLowerCase())
              : choice === 'mf'
                ? 'Predicted ratings from the matrix factorizer: your taste vector, folded in from your ratings, against every movie’s vector.'
                : 'Predicted ratings from the neural model: dense layers over your vector and each movie’s.'}
          </p>
        </div>
        <div className="buttons">
          <button
            type="button"
            onClick={retrain}
            disabled={slot.status === 'training' || !slot.info}
            data-testid="retrain-mine"
          >
            Retrain with my ratings
          </button>
          {slot.status === 'training' && (
            <button type="button" onClick={() => models.cancel(kind)}>
              Cancel training
            </button>
          )}
        </div>
      </div>
      {!usable && (
        <p className="hint" role="status" data-testid="model-waiting">
          {slot.status === 'training'
            ? `The ${MODEL_NAMES[kind].toLowerCase()} is training on this device${
                slot.progress?.epoch ? ` (epoch ${slot.progress.epoch})` : ''
              }; until it is ready these lists follow your genres only.`
            : slot.status === 'ready'
              ? 'Updating…'
              : `The ${MODEL_NAMES[kind].toLowerCase()} is not trained yet; these lists follow your genres only.`}
          {slot.status === 'idle' && (
            <button type="button" className="link" onClick={() => void models.train(kind)}>
              Train it now
            </button>
          )}
        </p>
      )}
      {slot.status === 'training' && slot.info && (
        <p className="hint" role="status">
          Retraining{slot.progress?.epoch ? ` (epoch ${slot.progress.epoch})` : ''}… the current
          model keeps serving until the new one is ready.
        </p>
      )}
      <div data-testid="rec-lists" data-update-ms={updateMs === null ? '' : updateMs.toFixed(1)}>
        {TIER_ORDER.map((tier) => (
          <section key={tier} className="rec-section" aria-labelledby={`tier-${tier}`}>
            <header>
              <h3 id={`tier-${tier}`}>{TIERS[tier].label}</h3>
              <span className="muted small">{TIERS[tier].description}</span>
            </header>
            <CardList data-testid="rec-list" data-tier={tier}>
              {lists[tier].map((i) => {
                const m = catalog.movies[i]!;
                const why = explain(i);
                return (
                  <MovieCard
                    key={m.id}
                    movie={m}
                    tier={tier}
                    rating={undefined}
                    predicted={usable ? usable.predicted[i] : undefined}
                    why={why.text}
                    onRate={onRate}
                    onSimilar={(id) => setSimilarTo(catalog.indexOf.get(id) ?? null)}
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
      {similarTo !== null && (
        <SimilarDialog
          movie={similarTo}
          catalog={catalog}
          factors={factors?.kind === kind ? factors : undefined}
          exclude={exclude}
          profile={profile}
          onRate={onRate}
          onClose={() => setSimilarTo(null)}
        />
      )}
    </section>
  );
}

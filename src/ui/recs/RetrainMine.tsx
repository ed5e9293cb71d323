import { useState } from 'react';
import type { RatingModelKind } from '../../core/kinds';
import { RETRAIN_OFFER_RATINGS } from '../../core/recommend/stage';
import type { CatalogView } from '../state/useCatalog';
import type { ModelSlot, ModelStore } from '../state/useModels';
import type { ProfileStore } from '../state/useProfile';
import { trainingLeft, trainingPercent, trainingShare } from '../state/trainingText';
import type { Choice } from './choice';
import { listChange, listSnapshot } from './listSnapshot';
import type { PersonalSignals } from './usePersonalSignals';

/** Ratings the person has made since the model was last trained with theirs. */
const newSinceTraining = (slot: ModelSlot, ratings: number): number =>
  Math.max(0, ratings - (slot.info?.userRatings ?? 0));

/** Whether the recommendations page offers a retraining (many new ratings since the last). */
export const retrainOffered = (slot: ModelSlot, ratings: number): boolean =>
  slot.info !== undefined && newSinceTraining(slot, ratings) >= RETRAIN_OFFER_RATINGS;

export interface RetrainFigures {
  valRmse?: number;
  previousValRmse?: number;
}

interface Outcome extends RetrainFigures {
  replaced: boolean;
  came: number[];
  went: number[];
}

/** "A, B and 3 more" */
function titles(catalog: CatalogView, indices: number[], max = 4): string {
  const names = indices.slice(0, max).map((i) => catalog.movies[i]?.title ?? '?');
  const rest = indices.length - names.length;
  if (rest > 0) return `${names.join(', ')} and ${rest} more`;
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}

/**
 * Relearn the predicted stars with the person's ratings (warm start), honestly: a moving bar with
 * an estimate, the new model kept only if it is at least as good on validation (the worker's
 * `onlyIfBetter`), and the result in words: which films came into the lists and which went out.
 * The person's ratings already count without it (fold-in), and it says so.
 */
export function RetrainMine({
  kind,
  models,
  profile,
  catalog,
  signals,
  choice,
  figures,
}: {
  kind: RatingModelKind;
  models: ModelStore;
  profile: ProfileStore;
  catalog: CatalogView;
  signals: PersonalSignals;
  /** the lists whose change the result reports */
  choice: Choice;
  /** the lab: the validation figures, said after "Done" (the main screens say none) */
  figures?: (o: RetrainFigures) => string;
}) {
  const slot = models.slots[kind];
  const training = slot.status === 'training';
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [busy, setBusy] = useState(false);
  const n = profile.starRatings.length;

  const retrain = async () => {
    if (kind !== slot.info?.kind || busy) return;
    setBusy(true);
    setOutcome(undefined);
    try {
      const ratings = profile.starRatings;
      const before = await listSnapshot(choice, catalog, signals, ratings).catch(() => undefined);
      const info = await models.train(kind, {
        userRatings: ratings,
        warmStart: true,
        onlyIfBetter: true,
      });
      if (!info) return; // cancelled or failed (the error is shown)
      const replaced = info.retrain?.replaced ?? true;
      const after =
        replaced && before
          ? await listSnapshot(choice, catalog, signals, ratings).catch(() => undefined)
          : before;
      setOutcome({
        replaced,
        ...(before && after ? listChange(before, after) : { came: [], went: [] }),
        valRmse: info.retrain?.valRmse,
        previousValRmse: info.retrain?.previousValRmse,
      });
    } finally {
      setBusy(false);
    }
  };

  const share = trainingShare(slot);
  return (
    <div className="retrain" data-testid="retrain">
      <p className="hint">
        Your ratings already count: the lists change as soon as you rate. Relearning the stars with
        all {n} of them can sharpen the predictions a little; the new stars replace the old only if
        they test at least as well.
      </p>
      <div className="buttons">
        <button
          type="button"
          onClick={() => void retrain()}
          disabled={training || busy || !slot.info || n === 0}
          data-testid="retrain-mine"
        >
          Relearn the stars with my {n} ratings
        </button>
        {training && (
          <button type="button" onClick={() => models.cancel(kind)}>
            Cancel
          </button>
        )}
      </div>
      {training && (
        <p className="retrain-progress" role="status">
          <progress
            data-testid="retrain-progress"
            max={1}
            {...(share === undefined ? {} : { value: share })}
            aria-label="Relearning the stars"
          />{' '}
          <span>
            Relearning… {trainingPercent(slot)}
            {trainingLeft(slot) && `, ${trainingLeft(slot)}`}. Your lists keep working meanwhile.
          </span>
        </p>
      )}
      {outcome && !training && (
        <p className="hint retrain-outcome" role="status" data-testid="retrain-outcome">
          {outcome.replaced ? (
            <>
              Done: the new stars test at least as well as the old ones
              {figures?.(outcome)}, so your lists now use them.{' '}
              {outcome.came.length + outcome.went.length === 0
                ? 'No film came into your lists or went out of them.'
                : [
                    outcome.came.length > 0 && `Came in: ${titles(catalog, outcome.came)}.`,
                    outcome.went.length > 0 && `Went out: ${titles(catalog, outcome.went)}.`,
                  ]
                    .filter(Boolean)
                    .join(' ')}
            </>
          ) : (
            <>
              Done, but the new stars tested worse than the ones you have
              {figures?.(outcome)}, so they were not kept: your lists are unchanged, and your
              ratings still count in them.
            </>
          )}
        </p>
      )}
    </div>
  );
}

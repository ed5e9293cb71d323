import { useMemo, type ReactNode } from 'react';
import { MODEL_NAMES, type ModelKind } from '../../core/kinds';
import type { ModelSlot, ModelStore } from '../state/useModels';
import { CurveChart } from './CurveChart';
import { ModelStats } from './ModelStats';
import { curveOf, DESCRIPTION, progressText } from './panelText';
import { RetrainResult } from './RetrainResult';

/** One model in the lab: what it is, its live curve and progress, train/cancel, and its facts. */
export function ModelPanel({
  kind,
  slot,
  models,
  retrain,
}: {
  kind: ModelKind;
  slot: ModelSlot;
  models: ModelStore;
  /** "Relearn the stars with my ratings", for a rating model once the person has ratings */
  retrain?: ReactNode;
}) {
  const info = slot.info;
  const training = slot.status === 'training';
  const curve = useMemo(() => curveOf(kind, slot), [kind, slot]);
  const trainFresh = () => {
    if (
      info &&
      info.userRatings > 0 &&
      !window.confirm(
        `The saved ${MODEL_NAMES[kind].toLowerCase()} includes ${info.userRatings} of your ratings. Retraining from scratch replaces it with one that does not. Continue?`,
      )
    )
      return;
    void models.train(kind);
  };
  return (
    <section
      className="panel"
      aria-labelledby={`lab-${kind}`}
      data-testid="model-panel"
      data-kind={kind}
      data-trained-at={info?.trainedAt ?? ''}
    >
      <h2 id={`lab-${kind}`}>{MODEL_NAMES[kind]}</h2>
      <p className="hint">{DESCRIPTION[kind]}</p>
      <CurveChart curve={curve} />
      <p role="status" className="muted small" data-testid="train-progress">
        {progressText(kind, slot)}
      </p>
      <RetrainResult kind={kind} slot={slot} />
      {retrain}
      <div className="buttons">
        {training ? (
          <button type="button" onClick={() => models.cancel(kind)} data-testid="cancel-training">
            Cancel
          </button>
        ) : (
          <button type="button" className="primary" onClick={trainFresh} data-testid="train">
            {info ? 'Retrain from scratch' : 'Train'}
          </button>
        )}
      </div>
      {info && <ModelStats kind={kind} info={info} />}
    </section>
  );
}

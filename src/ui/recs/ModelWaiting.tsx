import type { ModelKind } from '../../core/kinds';
import { formatCount } from '../format';
import type { ModelStore } from '../state/useModels';
import { trainingLeft, trainingPercent } from '../state/trainingText';
import { PLAIN_NAMES } from './choice';

/**
 * The line above the lists, in plain words: what the lists still wait for ("Learning from
 * 1,000,209 ratings on this device… 60%"), with "Train it now" for a needed model nobody has
 * started. Always there, one line reserved: the lists below do not move when it empties.
 */
export function ModelWaiting({
  needed,
  models,
  pending,
  backed,
  ratings,
}: {
  needed: ModelKind[];
  models: ModelStore;
  pending: boolean;
  backed: boolean;
  /** ratings in the data set (what the models learn from) */
  ratings: number;
}) {
  const waiting = needed.filter((k) => models.slots[k].status !== 'ready');
  const training = waiting.find((k) => models.slots[k].status === 'training');
  const part = training && waiting.length > 1 ? ` (part 1 of ${waiting.length})` : '';
  let text = '';
  let trainable: ModelKind | undefined;
  if (training) {
    const s = models.slots[training];
    const pct = trainingPercent(s);
    const left = trainingLeft(s);
    text = `Learning from ${formatCount(ratings)} ratings on this device${part}…${pct ? ` ${pct}` : ''}${left ? `, ${left}` : ''}. `;
  } else if (waiting.some((k) => !models.slots[k].checked)) text = 'Loading your picks… ';
  else if (waiting.some((k) => models.slots[k].status === 'error'))
    text = 'Learning failed (the message above says why). ';
  else if (waiting.length > 0) {
    trainable = waiting.find((k) => !models.slots[k].info);
    text = trainable ? `${PLAIN_NAMES[trainable]} has not learned yet. ` : '';
  } else if (pending) text = 'Loading your picks… ';
  return (
    <p className="hint status-line" role="status" data-testid="model-waiting">
      {text}
      {trainable && (
        <>
          <button
            type="button"
            className="link"
            onClick={() => void models.train(trainable)}
            data-testid="train-now"
          >
            Train it now
          </button>{' '}
        </>
      )}
      {!backed && !pending && 'Until then these lists follow your genres only.'}
    </p>
  );
}

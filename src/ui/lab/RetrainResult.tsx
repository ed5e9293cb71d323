import { MODEL_NAMES, type ModelKind } from '../../core/kinds';
import { formatMetric as f3 } from '../format';
import type { ModelSlot } from '../state/useModels';

/**
 * After a retraining with the person's ratings that replaced the model: its test figures before
 * and after, and that the lists now use it. Shown in the model lab.
 */
export function RetrainResult({ kind, slot }: { kind: ModelKind; slot: ModelSlot }) {
  const { info, previous } = slot;
  if (slot.status !== 'ready' || !info || !previous || info.userRatings === 0) return null;
  // Kept the saved model (the new one was worse on validation): RetrainMine says so.
  if (info.retrain?.replaced === false || info.trainedAt === previous.trainedAt) return null;
  const m = info.metrics;
  const b = previous.metrics;
  return (
    <p className="hint retrain-result" role="status" data-testid="retrain-result">
      Done: the {MODEL_NAMES[kind].toLowerCase()} was retrained with {info.userRatings} of your
      ratings and your lists now use it. On the test set: RMSE {f3(b.testRmse)} → {f3(m.testRmse)},
      HR@10 {f3(b.hr10)} → {f3(m.hr10)} (lower RMSE and higher HR@10 are better).
    </p>
  );
}

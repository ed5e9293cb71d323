import { MODEL_KINDS } from '../../core/kinds';
import type { DataState } from '../data/useDataset';
import { MODEL_NAMES, type ModelStore } from '../state/useModels';
import { formatCount } from '../format';

/**
 * Always-visible status: data and each model, with the stable automation hooks
 * [data-testid="data-status"][data-state] and [data-testid="model-status"][data-kind][data-state][data-backend].
 */
export function StatusBar({ data, models }: { data: DataState; models: ModelStore | undefined }) {
  const dataText =
    data.state === 'ready'
      ? `${formatCount(data.summary.counts.ratings)} ratings on this device`
      : data.state === 'loading'
        ? 'Loading data…'
        : 'Data not loaded';
  return (
    <div className="statusbar" aria-label="Status">
      <span className="chip" data-testid="data-status" data-state={data.state}>
        <span className="dot" aria-hidden="true" />
        {dataText}
      </span>
      {models &&
        MODEL_KINDS.map((kind) => {
          const slot = models.slots[kind];
          const p = slot.progress;
          const text =
            slot.status === 'training'
              ? p?.phase === 'epoch' && p.epoch > 0
                ? `training, epoch ${p.epoch}`
                : 'training…'
              : slot.status === 'ready'
                ? 'ready'
                : slot.status === 'error'
                  ? 'failed'
                  : slot.checked
                    ? 'not trained'
                    : 'loading…';
          return (
            <span
              key={kind}
              className="chip"
              data-testid="model-status"
              data-kind={kind}
              data-state={slot.status}
              data-backend={models.backend?.name ?? ''}
              title={models.backend?.reason}
            >
              <span className="dot" aria-hidden="true" />
              {MODEL_NAMES[kind]}: {text}
            </span>
          );
        })}
      {models?.backend && (
        <span className="chip" data-testid="backend" title={models.backend.reason}>
          runs on {models.backend.name}
        </span>
      )}
    </div>
  );
}

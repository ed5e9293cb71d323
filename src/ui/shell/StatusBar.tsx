import { MODEL_KINDS } from '../../core/kinds';
import type { DataState } from '../data/useDataset';
import { MODEL_NAMES, type ModelStore } from '../state/useModels';
import { formatCount } from '../format';

/** Where the models compute, in plain words (the technical name and the reason: the tooltip). */
const ON: Record<string, string> = {
  webgpu: 'Trains on your graphics chip (WebGPU)',
  webgl: 'Trains on your graphics chip',
  wasm: 'Trains on your processor',
  cpu: 'Trains on your processor (slow mode)',
};

const ON_SHORT: Record<string, string> = {
  webgpu: 'On graphics chip',
  webgl: 'On graphics chip',
  wasm: 'On processor',
  cpu: 'On processor (slow)',
};

/** Short model names for a phone's header. */
const SHORT: Record<string, string> = { ease: 'Ranking', mf: 'MF', neural: 'Neural' };

/**
 * Always-visible status: data and each model, with the stable automation hooks
 * [data-testid="data-status"][data-state] and [data-testid="model-status"][data-kind][data-state][data-backend].
 */
export function StatusBar({ data, models }: { data: DataState; models: ModelStore | undefined }) {
  const dataText =
    data.state === 'ready'
      ? `${formatCount(data.summary.counts.ratings)} ratings`
      : data.state === 'loading'
        ? 'Loading data…'
        : 'Data not loaded';
  return (
    <div className="statusbar" aria-label="Status">
      <span className="chip" data-testid="data-status" data-state={data.state}>
        <span className="dot" aria-hidden="true" />
        <span>
          {dataText}
          {data.state === 'ready' && <span className="wide"> on this device</span>}
        </span>
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
                    : data.state === 'ready'
                      ? 'loading…'
                      : 'waiting for data';
          return (
            <span
              key={kind}
              className="chip"
              data-testid="model-status"
              data-kind={kind}
              data-state={slot.status}
              data-backend={models.backend?.name ?? ''}
              title={`${MODEL_NAMES[kind]}: ${text}`}
            >
              <span className="dot" aria-hidden="true" />
              <span className="wide">
                {MODEL_NAMES[kind]}: {text}
              </span>
              <span className="narrow">
                {SHORT[kind]}: {text === 'not trained' ? 'not yet' : text.replace('training, ', '')}
              </span>
            </span>
          );
        })}
      {/* There from the start (space reserved), so the header keeps its height. */}
      <span
        className="chip"
        data-testid="backend"
        data-backend={models?.backend?.name ?? ''}
        data-forced={models?.backend?.forced ? 'true' : undefined}
        title={
          models?.backend
            ? `${models.backend.reason} (TensorFlow.js ${models.backend.name} backend)`
            : undefined
        }
      >
        <span className="wide">
          {models?.backend
            ? `${ON[models.backend.name]}${models.backend.forced ? ' — your choice' : ''}`
            : data.state === 'ready'
              ? 'Checking this device…'
              : 'Models wait for the data'}
        </span>
        <span className="narrow">
          {models?.backend ? ON_SHORT[models.backend.name] : 'Checking…'}
        </span>
      </span>
    </div>
  );
}

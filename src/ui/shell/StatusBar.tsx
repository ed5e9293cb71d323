import { MODEL_KINDS, MODEL_NAMES, type ModelKind } from '../../core/kinds';
import type { DataState } from '../data/useDataset';
import { PLAIN_NAMES } from '../recs/choice';
import type { ModelSlot, ModelStore } from '../state/useModels';
import { trainingPercent } from '../state/trainingText';
import { formatCount } from '../format';
import { useRoute } from './useRoute';

/** Where the models compute, in plain words (the technical name and the reason: the tooltip). */
const ON: Record<string, string> = {
  webgpu: 'Runs on your graphics chip (WebGPU)',
  webgl: 'Runs on your graphics chip',
  wasm: 'Runs on your processor',
  cpu: 'Runs on your processor (slow mode)',
};

/** A model's state in a word or two ("learning… 60%"). */
function stateText(slot: ModelSlot, dataReady: boolean): string {
  if (slot.status === 'training') return `learning… ${trainingPercent(slot)}`.trim();
  if (slot.status === 'ready') return 'ready';
  if (slot.status === 'error') return 'failed';
  if (slot.checked) return 'not learned yet';
  return dataReady ? 'loading…' : 'waiting';
}

/**
 * Neural is an option nobody needs: its chip shows only once it is trained or training (or failed),
 * never a "not trained" that looks broken. Kept in the page (hidden) for the automation hook.
 */
const quiet = (kind: ModelKind, slot: ModelSlot) =>
  kind === 'neural' && slot.status === 'idle' && !slot.info;

/**
 * Always-visible status, in plain words: the data and each model, with the stable automation hooks
 * [data-testid="data-status"][data-state] and [data-testid="model-status"][data-kind][data-state][data-backend].
 * Where the models run ([data-testid="backend"]) is technical: shown in the model lab only.
 * Chips wrap rather than truncate, so every word can be read on a phone.
 */
export function StatusBar({ data, models }: { data: DataState; models: ModelStore | undefined }) {
  const route = useRoute();
  const dataText =
    data.state === 'ready'
      ? `${formatCount(data.summary.counts.ratings)} ratings`
      : data.state === 'loading'
        ? 'Loading data…'
        : 'Data not loaded';
  return (
    // Focusable: on a phone it scrolls sideways, and a keyboard must be able to scroll it too.
    <div className="statusbar" role="group" aria-label="Status" tabIndex={0}>
      <span
        className="chip"
        data-testid="data-status"
        data-state={data.state}
        title={data.state === 'ready' ? `${dataText} on this device` : undefined}
      >
        <span className="dot" aria-hidden="true" />
        <span>{dataText}</span>
      </span>
      {models &&
        MODEL_KINDS.map((kind) => {
          const slot = models.slots[kind];
          const text = stateText(slot, data.state === 'ready');
          return (
            <span
              key={kind}
              className="chip"
              data-testid="model-status"
              data-kind={kind}
              data-state={slot.status}
              data-backend={models.backend?.name ?? ''}
              title={`${PLAIN_NAMES[kind]} (${MODEL_NAMES[kind].toLowerCase()}): ${text}`}
              hidden={quiet(kind, slot)}
            >
              <span className="dot" aria-hidden="true" />
              <span>
                {PLAIN_NAMES[kind]}: {text}
              </span>
            </span>
          );
        })}
      {route === 'lab' && (
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
          {models?.backend
            ? `${ON[models.backend.name]}${models.backend.forced ? ' — your choice' : ''}`
            : data.state === 'ready'
              ? 'Checking this device…'
              : 'Waiting for the data'}
        </span>
      )}
    </div>
  );
}

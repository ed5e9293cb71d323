/**
 * The UI's only door to the workers: one long-lived data worker and one model worker, each wrapped
 * by comlink with its typed API. The UI never posts raw messages and never sees a tensor.
 * Long calls take an AbortSignal here; it travels to the worker as a MessagePort (workers/abort.ts).
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { DataApi } from '../../workers/data-api';
import type { ModelApi } from '../../workers/model-api';

let data: Remote<DataApi> | undefined;
let model: Remote<ModelApi> | undefined;

export function dataWorker(): Remote<DataApi> {
  data ??= wrap<DataApi>(
    new Worker(new URL('../../workers/data.worker.ts', import.meta.url), {
      type: 'module',
      name: 'reel-data',
    }),
  );
  return data;
}

export function modelWorker(): Remote<ModelApi> {
  model ??= wrap<ModelApi>(
    new Worker(new URL('../../workers/model.worker.ts', import.meta.url), {
      type: 'module',
      name: 'reel-model',
    }),
  );
  return model;
}

/** A transferable port that fires once when `signal` aborts (pass as the worker call's last arg). */
export function abortPort(signal: AbortSignal | undefined): MessagePort | undefined {
  if (!signal) return undefined;
  const { port1, port2 } = new MessageChannel();
  const fire = () => {
    port1.postMessage('abort');
    port1.close();
  };
  if (signal.aborted) fire();
  else signal.addEventListener('abort', fire, { once: true });
  return transfer(port2, [port2]);
}

export { proxy };

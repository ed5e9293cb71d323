/**
 * The UI's only door to the workers: one long-lived data worker and one model worker, each wrapped
 * by comlink with its typed API. The UI never posts raw messages and never sees a tensor.
 * Long calls take an AbortSignal here; it travels to the worker as a MessagePort (workers/abort.ts).
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { ReelError } from '../core/errors';
import { WORKER_READY } from '../core/worker-ready';
import type { DataApi } from '../../workers/data-api';
import type { ModelApi } from '../../workers/model-api';

/** Most a worker may take to load (tf.js included) on a slow device before it counts as failed. */
const WORKER_START_MS = 60_000;

let data: Remote<DataApi> | undefined;
let model: Remote<ModelApi> | undefined;

export function dataWorker(): Remote<DataApi> {
  data ??= started<DataApi>(
    new Worker(new URL('../../workers/data.worker.ts', import.meta.url), {
      type: 'module',
      name: 'reel-data',
    }),
    'data worker',
  );
  return data;
}

export function modelWorker(): Remote<ModelApi> {
  model ??= started<ModelApi>(
    new Worker(new URL('../../workers/model.worker.ts', import.meta.url), {
      type: 'module',
      name: 'reel-model',
    }),
    'model worker',
  );
  return model;
}

/**
 * Wraps a worker so that every call first waits for it to say it is ready (worker-ready.ts): a
 * worker that cannot load fails every call with a clear error instead of leaving it waiting.
 */
function started<T>(worker: Worker, label: string): Remote<T> {
  const ready = new Promise<void>((resolve, reject) => {
    const fail = (why: string) =>
      reject(
        new ReelError(
          'internal',
          `Reel’s ${label} could not start (${why}). Reload the page to try again.`,
        ),
      );
    const timer = setTimeout(() => fail('it did not answer'), WORKER_START_MS);
    worker.addEventListener('message', (ev: MessageEvent) => {
      if (ev.data !== WORKER_READY) return;
      clearTimeout(timer);
      resolve();
    });
    worker.addEventListener('error', (ev: ErrorEvent) => {
      clearTimeout(timer);
      fail(ev.message || 'its script could not be loaded');
    });
  });
  ready.catch(() => {}); // reported through each call
  const remote = wrap<T>(worker);
  return new Proxy(remote, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'then') return value;
      return (...args: unknown[]) =>
        ready.then(() => (value as (...a: unknown[]) => unknown)(...args));
    },
  });
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

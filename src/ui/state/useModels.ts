/**
 * Model state on the main thread: which backend runs, each model's status, training progress.
 * The matrix factorizer trains by itself in the background when no saved model exists, so the
 * content stage never waits for it. Training runs in the model worker; cancel aborts it there.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  BackendInfo,
  EpochPoint,
  ModelInfo,
  ModelKind,
  TrainOptions,
  TrainProgress,
} from '../../../workers/model-api';
import { fromUnknown, isAbort, type ReelError } from '../../core/errors';
import { abortPort, modelWorker, proxy } from '../bridge';

export type ModelStatus = 'idle' | 'training' | 'ready' | 'error';

export interface ModelSlot {
  status: ModelStatus;
  info?: ModelInfo;
  progress?: TrainProgress;
  /** curve of the run in progress (or the last run) */
  live: EpochPoint[];
  error?: ReelError;
  /** false until the worker has said whether a saved model exists */
  checked: boolean;
}

export const MODEL_NAMES: Record<ModelKind, string> = {
  mf: 'Matrix factorizer',
  neural: 'Neural model',
};

const empty = (checked = false): ModelSlot => ({ status: 'idle', live: [], checked });

export function useModels(dataVersion: string | undefined, report: (e: unknown) => void) {
  const [backend, setBackend] = useState<BackendInfo | undefined>();
  const [slots, setSlots] = useState<Record<ModelKind, ModelSlot>>({
    mf: empty(),
    neural: empty(),
  });
  const aborts = useRef<Partial<Record<ModelKind, AbortController>>>({});
  /** the data version the matrix factorizer was last auto-trained for */
  const autoTrained = useRef<string | null>(null);

  const patch = useCallback((kind: ModelKind, p: Partial<ModelSlot>) => {
    setSlots((s) => ({ ...s, [kind]: { ...s[kind], ...p } }));
  }, []);

  const train = useCallback(
    async (kind: ModelKind, options: TrainOptions = {}) => {
      aborts.current[kind]?.abort();
      const c = new AbortController();
      aborts.current[kind] = c;
      setSlots((s) => ({
        ...s,
        [kind]: { ...s[kind], status: 'training', live: [], error: undefined, progress: undefined },
      }));
      try {
        const info = await modelWorker().train(
          kind,
          options,
          proxy((p: TrainProgress) => {
            if (c.signal.aborted) return;
            setSlots((s) => {
              const slot = s[kind];
              // Progress travels on its own port and can arrive after the result: ignore it then.
              if (slot.status !== 'training') return s;
              const live = p.point
                ? [...slot.live.filter((x) => x.epoch !== p.point!.epoch), p.point]
                : slot.live;
              return { ...s, [kind]: { ...slot, progress: p, live } };
            });
          }),
          abortPort(c.signal),
        );
        // Even if a cancel came too late (the model was already saved), the new model is in use.
        patch(kind, { status: 'ready', info, progress: undefined, live: info.history });
        return info;
      } catch (e) {
        if (isAbort(e) || c.signal.aborted) {
          // Cancelled: back to the saved model if there is one, else idle.
          setSlots((s) => ({
            ...s,
            [kind]: { ...s[kind], status: s[kind].info ? 'ready' : 'idle', progress: undefined },
          }));
          return undefined;
        }
        const error = fromUnknown(e);
        patch(kind, { status: 'error', error, progress: undefined });
        report(error);
        return undefined;
      } finally {
        if (aborts.current[kind] === c) delete aborts.current[kind];
      }
    },
    [patch, report],
  );

  const cancel = useCallback((kind: ModelKind) => aborts.current[kind]?.abort(), []);

  useEffect(() => {
    if (!dataVersion) return;
    let live = true;
    (async () => {
      const b = await modelWorker().init();
      if (!live) return;
      setBackend(b);
      const [mf, neural] = await Promise.all([
        modelWorker().info('mf'),
        modelWorker().info('neural'),
      ]);
      if (!live) return;
      // Models belong to a data version: what the worker has for this one replaces the rest.
      setSlots((s) => ({
        mf: mf
          ? { ...s.mf, status: 'ready', info: mf, live: mf.history, checked: true }
          : s.mf.status === 'training'
            ? { ...s.mf, checked: true }
            : empty(true),
        neural: neural
          ? { ...s.neural, status: 'ready', info: neural, live: neural.history, checked: true }
          : s.neural.status === 'training'
            ? { ...s.neural, checked: true }
            : empty(true),
      }));
      if (!mf && autoTrained.current !== dataVersion) {
        autoTrained.current = dataVersion;
        void train('mf');
      }
    })().catch(report);
    return () => {
      live = false;
    };
  }, [dataVersion, report, train]);

  return { backend, slots, train, cancel };
}

export type ModelStore = ReturnType<typeof useModels>;

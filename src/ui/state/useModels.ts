/**
 * Model state on the main thread: which backend runs, each model's status, training progress,
 * and the served blend's weights. When no saved model exists, the ranking model and then the
 * matrix factorizer train by themselves in the background (the content stage never waits for
 * them). A saved model is only loaded, never retrained, on start. Training runs in the model
 * worker; cancel aborts it there. Models belong to the active data set: when its data version
 * changes (a switch on the Data page) the slots are refilled from that data set's saved models.
 * Nothing here waits for an evaluation: a model is ready once saved; its test figures are
 * measured when the lab asks (measureFigures). The served blend comes with a server data set;
 * for one imported in the browser it is measured once, after every default model is ready, in
 * the background (the lists use DEFAULT_BLEND until then), and the lab can measure it again.
 * Rule: work for a data set no longer in use (a switch overtook it) is aborted on the switch, and
 * its late result, refused by storage as 'stale-version', is dropped without a word: it is no
 * failure, and the new data set's models are loaded or trained as usual.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  BackendInfo,
  BlendInfo,
  EpochPoint,
  LambdaPoint,
  ModelInfo,
  ModelKind,
  TrainOptions,
  TrainProgress,
} from '../../../workers/model-api';
import { fromUnknown, isAbort, type ReelError } from '../../core/errors';
import { MODEL_KINDS } from '../../core/kinds';
import { abortPort, modelWorker, proxy } from '../bridge';
import { Runs } from './runs';
import { backendOverride } from '../shell/useRoute';

type ModelStatus = 'idle' | 'training' | 'ready' | 'error';

export interface ModelSlot {
  status: ModelStatus;
  info?: ModelInfo;
  progress?: TrainProgress;
  /** curve of the run in progress (or the last run) */
  live: EpochPoint[];
  /** ranking model: the lambda search of the run in progress (or the last run) */
  lambdas: LambdaPoint[];
  error?: ReelError;
  /** false until the worker has said whether a saved model exists */
  checked: boolean;
  /** when the run in progress started (Date.now()), for the time left */
  startedAt?: number;
  /** the model this slot's last run replaced, for before/after figures */
  previous?: ModelInfo;
}

/** Trained by themselves, in this order, when no saved model exists for the data. */
const AUTO_TRAIN: ModelKind[] = ['ease', 'mf'];

/** A cancelled call, or a result for a data set no longer in use: neither is shown. */
const dropped = (e: unknown) => isAbort(e) || fromUnknown(e).code === 'stale-version';

const empty = (checked = false): ModelSlot => ({ status: 'idle', live: [], lambdas: [], checked });

/** Resolves when the main thread is idle (at most ~2 s later). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: 2000 });
    else setTimeout(resolve, 200);
  });
}

export function useModels(dataVersion: string | undefined, report: (e: unknown) => void) {
  const [backend, setBackend] = useState<BackendInfo | undefined>();
  const [slots, setSlots] = useState<Record<ModelKind, ModelSlot>>({
    ease: empty(),
    mf: empty(),
    neural: empty(),
  });
  const [blend, setBlend] = useState<BlendInfo | undefined>();
  /** true while the served blend is being measured on this device */
  const [blendMeasuring, setBlendMeasuring] = useState(false);
  const runs = useRef(new Runs<ModelKind>()).current;
  /** the blend measurement in progress (aborted by a data set switch) */
  const blendRun = useRef<AbortController | null>(null);
  /** the data version the matrix factorizer was last auto-trained for */
  const autoTrained = useRef<string | null>(null);

  const patch = useCallback((kind: ModelKind, p: Partial<ModelSlot>) => {
    setSlots((s) => ({ ...s, [kind]: { ...s[kind], ...p } }));
  }, []);

  const train = useCallback(
    async (kind: ModelKind, options: TrainOptions = {}) => {
      const c = runs.start(kind);
      setSlots((s) => ({
        ...s,
        [kind]: {
          ...s[kind],
          status: 'training',
          live: [],
          lambdas: [],
          error: undefined,
          progress: undefined,
          startedAt: Date.now(),
        },
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
              const lambdas = p.lambdaPoint
                ? [...slot.lambdas.filter((x) => x.lambda !== p.lambdaPoint!.lambda), p.lambdaPoint]
                : slot.lambdas;
              return { ...s, [kind]: { ...slot, progress: p, live, lambdas } };
            });
          }),
          abortPort(c.signal),
        );
        // A newer run of the same model has taken over: its own result will land.
        if (!runs.isLatest(kind, c)) return info;
        // Even if a cancel came too late (the model was already saved), the new model is in use.
        setSlots((s) => ({ ...s, [kind]: { ...s[kind], previous: s[kind].info } }));
        patch(kind, {
          status: 'ready',
          info,
          progress: undefined,
          live: info.history,
          lambdas: info.lambdaSearch ?? [],
        });
        setBlend(await modelWorker().blend());
        // A GPU lost during training leaves another backend in use: the chip says which.
        setBackend(await modelWorker().init());
        return info;
      } catch (e) {
        if (!runs.isLatest(kind, c)) return undefined; // superseded: the newer run owns the state
        if (dropped(e) || c.signal.aborted) {
          // Cancelled, or trained on a data set no longer in use: back to the saved model if
          // there is one, else idle.
          setSlots((s) => ({
            ...s,
            [kind]: {
              ...s[kind],
              status: s[kind].info ? 'ready' : 'idle',
              progress: undefined,
              // the cancelled run's curve is not the saved model's
              live: s[kind].info?.history ?? [],
              lambdas: s[kind].info?.lambdaSearch ?? [],
            },
          }));
          return undefined;
        }
        const error = fromUnknown(e);
        patch(kind, { status: 'error', error, progress: undefined });
        report(error);
        return undefined;
      } finally {
        runs.finish(kind, c);
      }
    },
    [patch, report, runs],
  );

  const cancel = useCallback((kind: ModelKind) => runs.cancel(kind), [runs]);

  /** Measures the served blend on this device (in slices in the worker) and uses it. */
  const measureBlend = useCallback(async () => {
    blendRun.current?.abort();
    const c = new AbortController();
    blendRun.current = c;
    setBlendMeasuring(true);
    try {
      const measured = await modelWorker().evaluate({ full: false }, abortPort(c.signal));
      if (!c.signal.aborted) setBlend(measured);
    } catch (e) {
      if (!dropped(e) && !c.signal.aborted) report(fromUnknown(e));
    } finally {
      if (blendRun.current === c) {
        blendRun.current = null;
        setBlendMeasuring(false);
      }
    }
  }, [report]);

  /** Measures the test figures of every saved model still without them (the lab asks). */
  const measureFigures = useCallback(async () => {
    try {
      for (const k of MODEL_KINDS) {
        const info = await modelWorker().figures(k);
        if (!info) continue;
        setSlots((s) =>
          s[k].info?.trainedAt === info.trainedAt ? { ...s, [k]: { ...s[k], info } } : s,
        );
      }
    } catch (e) {
      if (!dropped(e)) report(fromUnknown(e));
    }
  }, [report]);

  /** Before switching data sets: every run in progress trained on the data set being left. */
  const cancelAll = useCallback(() => {
    runs.cancelAll();
    blendRun.current?.abort();
  }, [runs]);

  /** After a profile reset: the models that held the person's ratings are gone; MF retrains. */
  const forgetUser = useCallback(async () => {
    const gone = await modelWorker().forgetUserModels();
    if (gone.length === 0) return;
    setSlots((s) => {
      const next = { ...s };
      for (const k of gone) next[k] = empty(true);
      return next;
    });
    setBlend(await modelWorker().blend());
    if (gone.includes('mf')) void train('mf');
  }, [train]);

  // Warm start: measure the backend and read the saved models while the data is still being
  // checked; the calls below then find them loaded (the worker keeps them per data version).
  useEffect(() => {
    const ignore = () => undefined;
    modelWorker().init(backendOverride()).catch(ignore);
    for (const k of MODEL_KINDS) modelWorker().info(k).catch(ignore);
  }, []);

  useEffect(() => {
    if (!dataVersion) return;
    let live = true;
    (async () => {
      // All at once: the saved models load while the backend is measured.
      const [b, blendNow, ...infos] = await Promise.all([
        modelWorker().init(backendOverride()),
        modelWorker().blend(),
        ...MODEL_KINDS.map((k) => modelWorker().info(k)),
      ]);
      const saved = new Map(MODEL_KINDS.map((k, i) => [k, infos[i]]));
      if (!live) return;
      setBackend(b);
      setBlend(blendNow);
      // Models belong to a data version: what the worker has for this one replaces the rest.
      setSlots((s) => {
        const next = { ...s };
        for (const k of MODEL_KINDS) {
          const info = saved.get(k);
          next[k] = info
            ? {
                ...s[k],
                status: 'ready',
                info,
                live: info.history,
                lambdas: info.lambdaSearch ?? [],
                checked: true,
              }
            : s[k].status === 'training'
              ? { ...s[k], checked: true }
              : empty(true);
        }
        return next;
      });
      if (autoTrained.current === dataVersion) return;
      autoTrained.current = dataVersion;
      // The first screen comes first: training (and its progress re-renders) starts once the
      // page is idle, not in the same moments as the catalogue's first paint.
      if (AUTO_TRAIN.some((k) => !saved.get(k))) await whenIdle();
      for (const k of AUTO_TRAIN) if (!saved.get(k) && live) await train(k);
      // A data set without a blend (imported in the browser): measured once, every default model
      // ready; the lists keep using DEFAULT_BLEND meanwhile.
      const ready = await Promise.all(AUTO_TRAIN.map((k) => modelWorker().info(k)));
      if (!live || !ready.every(Boolean)) return;
      if ((await modelWorker().blend()) || !live) return;
      await measureBlend();
    })().catch((e: unknown) => {
      if (!dropped(e)) report(e);
    });
    return () => {
      live = false;
    };
  }, [dataVersion, report, train, measureBlend]);

  return {
    backend,
    slots,
    blend,
    blendMeasuring,
    measureBlend,
    measureFigures,
    train,
    cancel,
    cancelAll,
    forgetUser,
  };
}

export type ModelStore = ReturnType<typeof useModels>;

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DataProgress, DatasetSummary } from '../../../workers/data-api';
import { fromUnknown, isAbort, type ErrorCode, type ReelError } from '../../core/errors';
import { abortPort, dataWorker, proxy } from '../bridge';

export type DataState =
  | { state: 'loading'; progress?: DataProgress; startedAt: number; importing: boolean }
  | { state: 'ready'; summary: DatasetSummary; fresh: boolean }
  | { state: 'error'; error: ReelError };

/** The release the app loads on first start. */
const DEFAULT_RELEASE = 'ml-1m';

/** Where the host serves a release's shards: data/<release>/manifest.json. */
const manifestUrl = (release = DEFAULT_RELEASE) =>
  new URL(`${import.meta.env.BASE_URL}data/${release}/manifest.json`, window.location.href).href;

/** The host's list of the releases it serves (written by `npm run data`). */
export const releaseIndexUrl = () =>
  new URL(`${import.meta.env.BASE_URL}data/index.json`, window.location.href).href;

/** Failures of getting the data: once data has loaded, none of them holds any more. */
const DATA_ERRORS: readonly ErrorCode[] = [
  'network',
  'offline',
  'no-data',
  'checksum',
  'manifest-version',
  'manifest-invalid',
  'not-movielens',
  'empty-file',
  'too-large',
  'parse',
];

/**
 * The active data set is one for every tab of this browser, and profile, ratings and models follow
 * it: a tab that switched (or imported another release) tells the others, which start again from
 * the new one instead of writing the user's ratings into a data set they no longer show.
 * The stored active mark decides, never a message: it is set in the same transaction as the
 * import or switch that makes it (datasetWrite.ts), so the last one to finish wins. A tab whose
 * own import or switch is running ignores announcements (reloading would lose its work); when it
 * finishes it reads the stored active set and shows that one, announcing only when it is its own.
 * A tab told of a switch starts again only when the stored active set is not the one it shows.
 */
const DATASET_CHANNEL = 'reel-dataset';
/** One channel per page: a message reaches every OTHER channel of that name, never its sender. */
let channel: BroadcastChannel | undefined;
const datasetChannel = () =>
  typeof BroadcastChannel === 'undefined'
    ? undefined
    : (channel ??= new BroadcastChannel(DATASET_CHANNEL));

function announceSwitch(): void {
  datasetChannel()?.postMessage('switched');
}

/** Drives the data worker: stored data → ready at once; else download (resumes) or import. */
export function useDataset(
  report: (e: unknown) => void,
  clearErrors: (codes: readonly ErrorCode[]) => void = () => {},
) {
  const [data, setData] = useState<DataState>({
    state: 'loading',
    startedAt: Date.now(),
    importing: false,
  });
  const controller = useRef<AbortController | null>(null);
  /** A job of this tab that makes a data set active (import, switch) is running. */
  const switchingNow = useRef(false);
  /** The data version this tab shows, to tell an announcement that changes nothing. */
  const shown = useRef<string | undefined>(undefined);

  const run = useCallback(
    async (
      job: (onProgress: (p: DataProgress) => void, port?: MessagePort) => Promise<DatasetSummary>,
      importing: boolean,
      switching = importing,
    ) => {
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      const startedAt = Date.now();
      // Progress travels on its own message port, so a late report can arrive after the call's
      // result: once finished, reports are ignored.
      let finished = false;
      setData({ state: 'loading', startedAt, importing });
      switchingNow.current = switching;
      try {
        const summary = await job(
          proxy((progress: DataProgress) => {
            if (!c.signal.aborted && !finished)
              setData({ state: 'loading', progress, startedAt, importing });
          }),
          abortPort(c.signal),
        );
        finished = true;
        // Another tab's import or switch may have finished after this one: the stored active
        // set is the one to show.
        const active = switching
          ? await dataWorker()
              .openStored()
              .catch(() => undefined)
          : undefined;
        if (!c.signal.aborted) {
          if (controller.current === c) switchingNow.current = false;
          clearErrors(DATA_ERRORS);
          const own = !active || active.dataVersion === summary.dataVersion;
          const show = own ? summary : active;
          shown.current = show.dataVersion;
          setData({ state: 'ready', summary: show, fresh: own && summary.justLoaded === true });
          if (switching && own) announceSwitch();
        }
      } catch (e) {
        finished = true;
        if (controller.current === c) switchingNow.current = false;
        if (isAbort(e) || c.signal.aborted) return;
        const error = fromUnknown(e);
        report(error);
        // A failed import loses nothing: if complete data is still stored, keep using it.
        const stored = await dataWorker()
          .openStored()
          .catch(() => undefined);
        shown.current = stored?.dataVersion;
        setData(
          stored ? { state: 'ready', summary: stored, fresh: false } : { state: 'error', error },
        );
      }
    },
    [report, clearErrors],
  );

  const load = useCallback(() => {
    // The worker resumes a partial load, opens complete stored data at once (also offline) and
    // replaces it only when the server's manifest names a different data version.
    void run(
      (onProgress, port) => dataWorker().loadFromServer(manifestUrl(), onProgress, port),
      false,
    );
  }, [run]);

  const importFiles = useCallback(
    (files: File[]) => {
      void run(
        (onProgress, port) =>
          dataWorker().importFiles(
            files.map((f) => ({ name: f.name, data: f })),
            onProgress,
            port,
          ),
        true,
      );
    },
    [run],
  );

  /** Downloads a release the host serves (or opens it, when stored) and makes it active. */
  const fetchRelease = useCallback(
    (release: string, beforeSwitch: () => void = () => {}) => {
      beforeSwitch();
      void run(
        (onProgress, port) =>
          dataWorker().loadFromServer(manifestUrl(release), onProgress, port, { switchTo: true }),
        false,
        true,
      );
    },
    [run],
  );

  /**
   * Makes another stored data set the active one. `beforeSwitch` runs first (the model runs in
   * progress are cancelled: they trained on the data set being left). The summary changes, and
   * with its data version the catalogue, the models and the profile are read again.
   */
  const activate = useCallback(
    async (release: string, beforeSwitch: () => void = () => {}) => {
      beforeSwitch();
      try {
        const summary = await dataWorker().activate(release);
        shown.current = summary.dataVersion;
        setData({ state: 'ready', summary, fresh: false });
        announceSwitch();
      } catch (e) {
        report(e);
      }
    },
    [report],
  );

  useEffect(() => {
    load();
    return () => controller.current?.abort();
  }, [load]);

  useEffect(() => {
    const c = datasetChannel();
    if (!c) return;
    const reload = () => {
      if (switchingNow.current) return; // read again when this tab's own job ends
      void dataWorker()
        .openStored()
        .catch(() => undefined)
        .then((active) => {
          if (switchingNow.current) return;
          if (!active || active.dataVersion !== shown.current) window.location.reload();
        });
    };
    c.addEventListener('message', reload);
    return () => c.removeEventListener('message', reload);
  }, []);

  return { data, retry: load, importFiles, activate, fetchRelease };
}

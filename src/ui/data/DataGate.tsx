import { useEffect, useState, type ReactNode } from 'react';
import type { DataProgress } from '../../../workers/data-api';
import { formatBytes, timeLeftText } from '../format';
import { ImportDrop } from './ImportDrop';
import type { DataState } from './useDataset';

const phaseLabel: Record<DataProgress['phase'], string> = {
  manifest: 'Checking what to download',
  download: 'Downloading',
  store: 'Saving on this device',
  read: 'Reading your file',
  unzip: 'Unzipping',
  parse: 'Checking every row',
  done: 'Done',
};

function timeLeft(p: DataProgress, startedAt: number): string {
  const elapsed = (Date.now() - startedAt) / 1000;
  if (p.bytesDone <= 0 || elapsed < 0.5) return 'estimating…';
  const rate = p.bytesDone / elapsed;
  return timeLeftText((p.bytesTotal - p.bytesDone) / rate);
}

/** Failures that trying again can fix (not a file that is not MovieLens, nor a server without data). */
const RETRYABLE = new Set([
  'network',
  'offline',
  'checksum',
  'storage',
  'quota',
  'internal',
  'manifest-invalid',
]);

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(navigator.onLine);
    window.addEventListener('online', on);
    window.addEventListener('offline', on);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', on);
    };
  }, []);
  return online;
}

/** First-run screen: download progress, import, and errors in plain words. */
export function DataGate({
  data,
  onRetry,
  onImport,
  children,
}: {
  data: DataState;
  onRetry: () => void;
  onImport: (files: File[]) => void;
  children: ReactNode;
}) {
  const [showImport, setShowImport] = useState(false);
  const online = useOnline();
  const failed = data.state === 'error' ? data.error.code : undefined;
  // Offline: nothing to try until the connection is back, and then Reel tries by itself.
  useEffect(() => {
    if (failed !== 'network' && failed !== 'offline') return;
    window.addEventListener('online', onRetry);
    return () => window.removeEventListener('online', onRetry);
  }, [failed, onRetry]);
  if (data.state === 'ready') return <>{children}</>;
  const importing = data.state === 'loading' && data.importing;
  const p = data.state === 'loading' ? data.progress : undefined;
  // Stored data opens without a word of progress: until the worker says it is downloading,
  // show nothing that a warm start would flash (the space is kept, so nothing jumps).
  if (data.state === 'loading' && !p && !data.importing && !showImport)
    return <div className="gate-pending" aria-busy="true" />;
  const fraction = p && p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : undefined;
  return (
    <section className="gate panel" aria-labelledby="gate-title">
      <h1 id="gate-title">Getting MovieLens onto your device</h1>
      <p className="lede">
        Reel recommends movies using the MovieLens 1M ratings (1 million ratings by 6,040 people).
        The data is downloaded once, checked, and kept in this browser, so everything afterwards
        works offline and nothing you do ever leaves your device.
      </p>
      {data.state === 'loading' && (
        <div className="progress-block">
          <label htmlFor="data-progress">
            {p ? phaseLabel[p.phase] : data.importing ? 'Reading your file' : 'Looking for data'}
          </label>
          <progress id="data-progress" max={1} value={fraction} />
          {p && (
            <p className="muted" data-testid="data-progress-text">
              {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)}
              {p.shardsTotal > 0 && ` · ${p.shardsDone} of ${p.shardsTotal} files stored`}
              {(p.phase === 'download' || p.phase === 'store') &&
                ` · ${timeLeft(p, data.startedAt)}`}
            </p>
          )}
        </div>
      )}
      {data.state === 'error' && (
        <div className="gate-error" data-testid="data-error" data-code={data.error.code}>
          <p>
            {data.error.code === 'checksum'
              ? 'The download was damaged. What arrived intact is kept; trying again fetches only the rest.'
              : (data.error.code === 'network' || data.error.code === 'offline') && !online
                ? "You're offline, so the data cannot be downloaded now. What arrived is kept, and Reel goes on by itself as soon as the connection is back — or import your own copy below."
                : data.error.code === 'offline'
                  ? 'The connection was lost during the download. What arrived is kept; trying again fetches only the rest.'
                  : 'The data could not be loaded — the message at the top of the page says why. Nothing stored was lost.'}
          </p>
          {RETRYABLE.has(data.error.code) && online && (
            <button type="button" className="primary" onClick={onRetry}>
              Try again
            </button>
          )}
        </div>
      )}
      {/* One import at a time: no second picker while a file is being read. */}
      {!importing && (data.state === 'error' || showImport) && <ImportDrop onFiles={onImport} />}
      {data.state === 'loading' && !showImport && !importing && (
        <button type="button" className="link" onClick={() => setShowImport(true)}>
          I have ml-1m.zip on this computer
        </button>
      )}
    </section>
  );
}

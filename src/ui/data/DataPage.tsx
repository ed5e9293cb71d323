import { useEffect, useState } from 'react';
import type { DatasetSummary, StoredDatasetInfo } from '../../../workers/data-api';
import { dataWorker } from '../bridge';
import { formatCount } from '../format';
import { DataFigures } from './DataReady';
import { ImportDrop } from './ImportDrop';
import { ServedReleases } from './ServedReleases';

/**
 * The Data page (`#/data`): every MovieLens data set stored in this browser, the active one
 * marked, a switch to another one, the releases the host serves (to download), the active one's
 * figures, and an import of another release.
 * Each data set keeps its own profile, ratings and trained models.
 */
export function DataPage({
  summary,
  onImport,
  onActivate,
  onDownload,
  report,
}: {
  summary: DatasetSummary;
  onImport: (files: File[]) => void;
  onActivate: (release: string) => Promise<void>;
  onDownload: (release: string) => void;
  report: (e: unknown) => void;
}) {
  const [sets, setSets] = useState<StoredDatasetInfo[] | undefined>();
  const [switching, setSwitching] = useState<string | undefined>();
  // Read again whenever the active data set changes (a switch, an import).
  useEffect(() => {
    let live = true;
    dataWorker()
      .datasets()
      .then((d) => live && setSets(d))
      .catch(report);
    return () => {
      live = false;
    };
  }, [summary.release, summary.dataVersion, report]);

  const use = async (release: string) => {
    setSwitching(release);
    await onActivate(release);
    setSwitching(undefined);
  };

  const sorted = sets ? [...sets].sort((a, b) => a.release.localeCompare(b.release)) : undefined;
  return (
    <section className="panel" aria-labelledby="data-title">
      <h1 id="data-title" tabIndex={-1}>
        The data
      </h1>
      <h2>Data sets on this device</h2>
      <p className="hint">
        Reel uses one at a time. Each keeps its own profile, ratings and trained models, so
        switching back finds them as you left them.
      </p>
      <ul className="datasets" data-testid="datasets" aria-busy={sorted === undefined}>
        {sorted?.map((d) => (
          <li
            key={d.release}
            className="dataset"
            data-testid="dataset"
            data-release={d.release}
            data-active={d.active || undefined}
          >
            <div className="dataset-name">
              <strong>{d.label}</strong>
              {d.active && <span className="badge">In use</span>}
              {!d.complete && <span className="badge muted-badge">Partly stored</span>}
            </div>
            <p className="muted small">
              {formatCount(d.counts.ratings)} ratings · {formatCount(d.counts.users)} people ·{' '}
              {formatCount(d.counts.movies)} movies ·{' '}
              {d.source === 'import' ? 'imported from your file' : 'downloaded'}
            </p>
            {!d.active && d.complete && (
              <button
                type="button"
                className="primary"
                data-testid="activate-dataset"
                disabled={switching !== undefined}
                onClick={() => void use(d.release)}
              >
                {switching === d.release ? `Switching to ${d.label}…` : `Use ${d.label}`}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ServedReleases stored={sets} onDownload={onDownload} report={report} />
      <h2>{summary.label} in figures</h2>
      <DataFigures summary={summary} />
      <h2>Add another release</h2>
      <p className="hint">
        Import any MovieLens release from GroupLens (ML-100K, ML-1M, ML-10M, ML-20M, ML-25M, ML-32M,
        ml-latest, ml-latest-small): it becomes the data set in use. Importing a release already
        stored replaces that one; your profile is kept.
      </p>
      <ImportDrop onFiles={onImport} />
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { ServedReleaseInfo, StoredDatasetInfo } from '../../../workers/data-api';
import { dataWorker } from '../bridge';
import { formatBytes, formatCount } from '../format';
import { releaseIndexUrl } from './useDataset';

/**
 * The releases this copy of Reel's host serves (its data/index.json), each marked stored (with
 * the same data) or offered for download. A host without an index shows nothing here.
 */
export function ServedReleases({
  stored,
  onDownload,
  report,
}: {
  stored: StoredDatasetInfo[] | undefined;
  onDownload: (release: string) => void;
  report: (e: unknown) => void;
}) {
  const [served, setServed] = useState<ServedReleaseInfo[] | undefined | null>(null);
  useEffect(() => {
    let live = true;
    dataWorker()
      .served(releaseIndexUrl())
      .then((s) => live && setServed(s))
      .catch((e: unknown) => {
        if (live) setServed(undefined);
        report(e);
      });
    return () => {
      live = false;
    };
  }, [report]);

  if (served === undefined) return null;
  return (
    <>
      <h2>On this server</h2>
      <p className="hint">
        The MovieLens releases this copy of Reel can download. A stored one is used as it is; a new
        one becomes the data set in use once downloaded.
      </p>
      {served?.length === 0 && (
        <p className="muted" data-testid="served-none">
          This server has no MovieLens data. Import a release below.
        </p>
      )}
      <ul className="datasets" data-testid="served-releases" aria-busy={served === null}>
        {served?.map((r) => {
          const have = stored?.find((d) => d.release === r.release);
          const same = have?.complete && have.dataVersion === r.dataVersion;
          return (
            <li
              key={r.release}
              className="dataset"
              data-testid="served-release"
              data-release={r.release}
              data-stored={same || undefined}
            >
              <div className="dataset-name">
                <strong>{r.label}</strong>
                {same && <span className="badge muted-badge">Stored</span>}
              </div>
              <p className="muted small">
                {formatCount(r.counts.ratings)} ratings · {formatCount(r.counts.users)} people ·{' '}
                {formatCount(r.counts.movies)} movies · {formatBytes(r.bytes)} to download
              </p>
              {!same && (
                <button
                  type="button"
                  data-testid="download-release"
                  onClick={() => onDownload(r.release)}
                >
                  {have ? `Download ${r.label} again` : `Download ${r.label}`}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

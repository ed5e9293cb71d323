/**
 * The data sets stored on this device: the active one's summary (its stored figures when they
 * are usable, else computed once and kept), the list for the Data page, and switching.
 */
import type { DatasetSummary, StoredDatasetInfo } from '../../src/core/api/data';
import { releaseLabel } from '../../src/core/data/releases';
import { completeManifest, listDatasets } from '../../src/storage/dataset';
import { activateDataset, markLoaded } from '../../src/storage/datasetWrite';
import { storedSummary } from './summary';

/** Summary of the complete active data set, or undefined (nothing or only part stored). */
export async function openStored(): Promise<DatasetSummary | undefined> {
  const stored = await completeManifest();
  if (!stored) return undefined;
  const s = stored.summary;
  if (s?.dataVersion === stored.manifest.dataVersion) return { ...s, justLoaded: false };
  // No usable stored summary (an older or damaged record): compute it once and keep it.
  const summary = await storedSummary(stored.manifest, stored.source);
  await markLoaded(stored.manifest.dataVersion, summary);
  return { ...summary, justLoaded: false };
}

/** Every stored data set, the active one marked. */
export async function datasets(): Promise<StoredDatasetInfo[]> {
  return (await listDatasets()).map((d) => ({
    release: d.release,
    label: releaseLabel(d.release),
    source: d.source,
    complete: d.complete,
    active: d.active,
    dataVersion: d.manifest.dataVersion,
    counts: { ...d.manifest.counts },
  }));
}

/** Makes another completely stored data set active; returns its summary. */
export async function activate(release: string): Promise<DatasetSummary> {
  await activateDataset(release);
  return (await openStored())!;
}

/**
 * The data worker's typed API (assembled in data.worker.ts, used through comlink). Its wire types
 * live in core (src/core/api/data.ts) beside the records storage keeps; they are re-exported here
 * for the UI.
 */
import type {
  Catalog,
  DataProgress,
  DatasetSummary,
  Demographics,
  LoadOptions,
  ServedReleaseInfo,
  StoredDatasetInfo,
} from '../src/core/api/data';

export type {
  Catalog,
  DataProgress,
  DatasetSummary,
  ServedReleaseInfo,
  StoredDatasetInfo,
} from '../src/core/api/data';

export interface DataApi {
  /** Every stored data set, the active one marked. */
  datasets(): Promise<StoredDatasetInfo[]>;
  /** Switches to another completely stored data set (models and profile are per data set). */
  activate(release: string): Promise<DatasetSummary>;
  /** Summary of the complete stored data set, or undefined (nothing or only part stored). */
  openStored(): Promise<DatasetSummary | undefined>;
  /**
   * The releases the host serves, from its data/index.json; undefined when it has none (an older
   * host: only the default release's manifest may be there).
   */
  served(indexUrl: string): Promise<ServedReleaseInfo[] | undefined>;
  /** Fetch, verify and store the shards listed by the manifest at `manifestUrl`; resumes. */
  loadFromServer(
    manifestUrl: string,
    onProgress: (p: DataProgress) => void,
    abort?: MessagePort,
    opts?: LoadOptions,
  ): Promise<DatasetSummary>;
  /** Import the user's own MovieLens release: a zip, or the files inside it (streamed). */
  importFiles(
    files: { name: string; data: Blob }[],
    onProgress: (p: DataProgress) => void,
    abort?: MessagePort,
  ): Promise<DatasetSummary>;
  catalog(): Promise<Catalog>;
  /** Ratings count per movie among users matching the demographics (empty filter = all). */
  popularityAmong(d: Demographics): Promise<Uint32Array>;
}

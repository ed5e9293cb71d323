/** The data worker's typed API (implemented in data.worker.ts, used through comlink). */
import type { Movie, User } from '../src/core/data/types';

export type DataPhase = 'manifest' | 'download' | 'store' | 'read' | 'unzip' | 'parse' | 'done';

export interface DataProgress {
  phase: DataPhase;
  bytesDone: number;
  bytesTotal: number;
  shardsDone: number;
  shardsTotal: number;
}

export interface DatasetSummary {
  source: 'server' | 'import';
  /** release id, e.g. "ml-1m", "ml-25m" (the data set's slot in storage) */
  release: string;
  /** e.g. "MovieLens 25M" */
  label: string;
  /** whether raters have gender, age and occupation (ML-100K, ML-1M): signup asks only then */
  demographics: boolean;
  /** whether any rating is a half star */
  halfStars: boolean;
  /** number of 0.5..5 star ratings, index 0 = half a star */
  halves: number[];
  dataVersion: string;
  counts: { ratings: number; users: number; movies: number };
  /** seconds since epoch */
  firstTimestamp: number;
  lastTimestamp: number;
  /** number of ratings per star, half stars counted with the star above (index 0 = 0.5 and 1) */
  histogram: number[];
  /** bytes of the stored shard files (server) or the imported files */
  bytes: number;
  /** true when this call downloaded or imported data (first run), false when it was already stored */
  justLoaded?: boolean;
}

/** What the UI needs to show and rank movies; small enough to live on the main thread. */
export interface Catalog {
  dataVersion: string;
  movies: Movie[];
  /** number of ratings per movie, indexed like `movies` */
  ratingCounts: Uint32Array;
}

export interface Demographics {
  gender?: User['gender'];
  age?: number;
  occupation?: number;
}

/** A release the static host serves (listed in its data/index.json). */
export interface ServedReleaseInfo {
  release: string;
  label: string;
  dataVersion: string;
  counts: { ratings: number; users: number; movies: number };
  /** bytes a download costs */
  bytes: number;
}

export interface LoadOptions {
  /**
   * The user asked for this release: make it the active data set (fetched, or opened when it is
   * stored with this data version). Without it (start-up), the active data set stays when the
   * server's differs or the server cannot be reached.
   */
  switchTo?: boolean;
}

/** A stored data set, for the Data page's list. */
export interface StoredDatasetInfo {
  release: string;
  label: string;
  dataVersion: string;
  source: 'server' | 'import';
  complete: boolean;
  active: boolean;
  counts: { ratings: number; users: number; movies: number };
}

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

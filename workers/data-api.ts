/** The data worker's typed API (implemented in data.worker.ts, used through comlink). */
import type { Movie, User } from '../src/core/data/types';
import type { Manifest } from '../src/core/data/manifest';

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
  dataVersion: string;
  counts: { ratings: number; users: number; movies: number };
  /** seconds since epoch */
  firstTimestamp: number;
  lastTimestamp: number;
  /** number of 1..5 star ratings, index 0 = 1 star */
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
  /** mean rating per movie (0 when unrated), indexed like `movies` */
  meanRatings: Float32Array;
}

export interface Demographics {
  gender?: User['gender'];
  age?: number;
  occupation?: number;
}

export interface DataApi {
  /** Summary of the complete stored data set, or undefined (nothing or only part stored). */
  openStored(): Promise<DatasetSummary | undefined>;
  /** What is stored now: for a first-run screen after a reload mid-load. */
  storedState(): Promise<{ manifest?: Manifest; storedFiles: number }>;
  /** Fetch, verify and store the shards listed by the manifest at `manifestUrl`; resumes. */
  loadFromServer(
    manifestUrl: string,
    onProgress: (p: DataProgress) => void,
    abort?: MessagePort,
  ): Promise<DatasetSummary>;
  /** Import the user's own ml-1m.zip or the three .dat files. */
  importFiles(
    files: { name: string; data: Blob }[],
    onProgress: (p: DataProgress) => void,
    abort?: MessagePort,
  ): Promise<DatasetSummary>;
  catalog(): Promise<Catalog>;
  /** Ratings count per movie among users matching the demographics (empty filter = all). */
  popularityAmong(d: Demographics): Promise<Uint32Array>;
}

/**
 * The data worker's wire types and the data-set figures IndexedDB keeps: defined here, in core,
 * so the worker, storage and the UI share one definition. Whatever storage reads back goes through
 * a restore… function: a record from an older Reel (or a damaged one) is refused, never trusted.
 */
import type { Movie, User } from '../data/types';

/** Where a stored data set came from: the host's prepared shards, or the user's own files. */
export type DataSource = 'server' | 'import';

type DataPhase = 'manifest' | 'download' | 'store' | 'read' | 'unzip' | 'parse' | 'done';

export interface DataProgress {
  phase: DataPhase;
  bytesDone: number;
  bytesTotal: number;
  shardsDone: number;
  shardsTotal: number;
}

interface DataCounts {
  ratings: number;
  users: number;
  movies: number;
}

export interface DatasetSummary {
  source: DataSource;
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
  counts: DataCounts;
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
  /** sum of their stars per movie (the community's mean is sum / count), indexed like `movies` */
  ratingSums?: Float64Array;
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
  counts: DataCounts;
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
  source: DataSource;
  complete: boolean;
  active: boolean;
  counts: DataCounts;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const countsOf = (v: unknown, length: number): number[] | undefined =>
  Array.isArray(v) && v.length === length && v.every(isCount) ? [...(v as number[])] : undefined;

function isDataSource(v: unknown): v is DataSource {
  return v === 'server' || v === 'import';
}

/** Restores stored data-set counts; undefined when they are not three whole numbers. */
function restoreDataCounts(v: unknown): DataCounts | undefined {
  if (!isRecord(v) || !isCount(v.ratings) || !isCount(v.users) || !isCount(v.movies))
    return undefined;
  return { ratings: v.ratings, users: v.users, movies: v.movies };
}

/**
 * A stored summary as read back from IndexedDB, checked field by field; undefined when it is not
 * one (a record from an older Reel, or damaged): the caller then computes it again from the data.
 * `justLoaded` is never stored: it describes a call, not the data.
 */
export function restoreDatasetSummary(input: unknown): DatasetSummary | undefined {
  if (!isRecord(input)) return undefined;
  const s = input;
  const counts = restoreDataCounts(s.counts);
  const halves = countsOf(s.halves, 10);
  const histogram = countsOf(s.histogram, 5);
  if (
    !isDataSource(s.source) ||
    typeof s.release !== 'string' ||
    typeof s.label !== 'string' ||
    typeof s.demographics !== 'boolean' ||
    typeof s.halfStars !== 'boolean' ||
    typeof s.dataVersion !== 'string' ||
    !isCount(s.firstTimestamp) ||
    !isCount(s.lastTimestamp) ||
    !isCount(s.bytes) ||
    !counts ||
    !halves ||
    !histogram
  )
    return undefined;
  return {
    source: s.source,
    release: s.release,
    label: s.label,
    demographics: s.demographics,
    halfStars: s.halfStars,
    halves,
    dataVersion: s.dataVersion,
    counts,
    firstTimestamp: s.firstTimestamp,
    lastTimestamp: s.lastTimestamp,
    histogram,
    bytes: s.bytes,
  };
}

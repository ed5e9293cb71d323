/**
 * Rating columns as a stored shard record: ratings kept as half steps (stars.ts), one byte each;
 * the other columns as they are (a record holds views: make the columns a copy when they are
 * part of a bigger buffer, or the whole buffer is stored).
 */
import { toHalfSteps } from '../core/data/stars';
import type { RatingColumns } from '../core/data/types';
import type { ShardRecord } from './db';

/** Rating columns as a stored shard of `release` (stars become half steps). */
export function shardRecord(
  release: string,
  name: string,
  dataVersion: string,
  index: number,
  cols: RatingColumns,
): ShardRecord {
  return {
    release,
    name,
    dataVersion,
    index,
    rows: cols.ratings.length,
    users: cols.users,
    movies: cols.movies,
    halves: Uint8Array.from(cols.ratings, toHalfSteps),
    timestamps: cols.timestamps,
  };
}

/**
 * A shard record as read back, checked: its columns are the typed arrays of `rows` rows that
 * shardRecord writes. Undefined for anything else (a damaged record, another layout).
 */
export function restoreShardRecord(
  rec: unknown,
  rows: number | undefined,
): ShardRecord | undefined {
  if (typeof rec !== 'object' || rec === null || rows === undefined) return undefined;
  const r = rec as Partial<Record<keyof ShardRecord, unknown>>;
  const column = (v: unknown, type: typeof Uint32Array | typeof Uint8Array) =>
    v instanceof type && v.length === rows;
  return r.rows === rows &&
    typeof r.release === 'string' &&
    typeof r.name === 'string' &&
    typeof r.dataVersion === 'string' &&
    Number.isSafeInteger(r.index) &&
    column(r.users, Uint32Array) &&
    column(r.movies, Uint32Array) &&
    column(r.halves, Uint8Array) &&
    column(r.timestamps, Uint32Array)
    ? (rec as ShardRecord)
    : undefined;
}

import type { DatasetSummary } from '../../../src/core/api/data';
import type { Manifest } from '../../../src/core/data/manifest';
import { toHalfSteps } from '../../../src/core/data/stars';
import type { ShardRecord } from '../../../src/storage/db';

export function manifestFor(dataVersion: string, shards: number, rowsPerShard = 3): Manifest {
  return {
    version: 2,
    release: 'ml-1m',
    dataVersion,
    source: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
    counts: { ratings: shards * rowsPerShard, users: 1, movies: 1 },
    files: [
      { name: 'movies.bin', kind: 'movies', bytes: 1, sha256: 'a'.repeat(64), rows: 1 },
      { name: 'users.bin', kind: 'users', bytes: 1, sha256: 'b'.repeat(64), rows: 1 },
      ...Array.from({ length: shards }, (_, i) => ({
        name: `ratings-${String(i).padStart(3, '0')}`,
        kind: 'ratings' as const,
        bytes: 1,
        sha256: 'c'.repeat(64),
        rows: rowsPerShard,
      })),
    ],
  };
}

export function shardOf(
  name: string,
  dataVersion: string,
  index: number,
  rows: number,
): ShardRecord {
  return {
    release: 'ml-1m',
    name,
    dataVersion,
    index,
    rows,
    users: Uint32Array.from({ length: rows }, () => 1),
    movies: Uint32Array.from({ length: rows }, () => 1),
    halves: Uint8Array.from({ length: rows }, (_, i) => toHalfSteps(1 + ((index + i) % 5))),
    timestamps: Uint32Array.from({ length: rows }, (_, i) => 1000 + index + i),
  };
}

/** A stored summary of `dataVersion` as the data worker makes one (figures of no consequence). */
export function summaryFor(
  dataVersion: string,
  over: Partial<DatasetSummary> = {},
): DatasetSummary {
  return {
    source: 'server',
    release: 'ml-1m',
    label: 'MovieLens 1M',
    demographics: true,
    halfStars: false,
    halves: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
    dataVersion,
    counts: { ratings: 5, users: 1, movies: 1 },
    firstTimestamp: 1000,
    lastTimestamp: 1004,
    histogram: [1, 1, 1, 1, 1],
    bytes: 5,
    ...over,
  };
}

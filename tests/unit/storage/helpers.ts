import type { Manifest } from '../../../src/core/data/manifest';
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
    halves: Uint8Array.from({ length: rows }, (_, i) => 2 * (1 + ((index + i) % 5))),
    timestamps: Uint32Array.from({ length: rows }, (_, i) => 1000 + index + i),
  };
}

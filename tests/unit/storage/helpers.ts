/** Records and set-ups that the storage tests share (fake-indexeddb in Node). */
import type { DatasetSummary } from '../../../src/core/api/data';
import type { Manifest } from '../../../src/core/data/manifest';
import { toHalfSteps } from '../../../src/core/data/stars';
import type { Movie } from '../../../src/core/data/types';
import { Store, db, type DatasetRecord, type ShardRecord } from '../../../src/storage/db';
import { beginDataset, putMovies, putShard, putUsers } from '../../../src/storage/datasetWrite';
import { saveModel } from '../../../src/storage/models';
import { afterEach } from 'vitest';
import { deleteDb } from '../../helpers/storage';
import { modelInfoFor } from './modelRecords';

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

/** Deletes the app's database after every test of the file, so each starts from nothing. */
export function freshDbPerTest(): void {
  afterEach(async () => {
    await deleteDb();
  });
}

/** The signup profile the profile tests store. */
export const PROFILE = { genres: ['Drama', 'Comedy', 'War'], createdAt: 5 };

/** The one-row tables of manifestFor's data sets. */
export const MOVIES = [{ id: 1, title: 'A', year: 1995, genres: ['Drama'] }];
export const USERS = [{ id: 1, gender: 'M' as const, age: 18, occupation: 2, zip: '0' }];

/** Stores the first `count` rating shards of manifestFor(version, …) as a download does. */
export async function putServerShards(version: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await putShard(shardOf(`ratings-${String(i).padStart(3, '0')}`, version, i * 3, 3));
}

/**
 * A download of manifestFor(version, shards) begun and `stored` of its shards written (all by
 * default), with its tables, not yet marked loaded.
 */
export async function storeServerData(
  version: string,
  shards: number,
  stored = shards,
): Promise<Manifest> {
  const m = manifestFor(version, shards);
  await beginDataset(m, 'server');
  await putMovies('ml-1m', version, MOVIES);
  await putUsers('ml-1m', version, USERS);
  await putServerShards(version, stored);
  return m;
}

/** An MF model record of `dataVersion` saved (its figures of no consequence). */
export function saveMfFor(dataVersion: string): Promise<void> {
  return saveModel({
    kind: 'mf',
    dataVersion,
    savedAt: 1,
    meta: modelInfoFor(dataVersion),
    weights: {},
  });
}

/**
 * Stores a complete data set (as the data storage leaves it: record, loaded mark, movies table)
 * and makes it active; written directly, so the tests depend only on the stored layout.
 */
export async function storeVersion(
  dataVersion: string,
  movies: Movie[],
  release = 'ml-1m',
): Promise<void> {
  const d = await db();
  await d.put(Store.datasets, {
    release,
    manifest: { ...manifestFor(dataVersion, 1), release },
    source: 'server',
    startedAt: 1,
    loaded: { dataVersion, loadedAt: 1 },
  } as DatasetRecord);
  await d.put(Store.tables, { release, kind: 'movies', dataVersion, rows: movies });
  await d.put(Store.meta, { key: 'active', release });
}

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../src/core/api/data';
import { completeManifest, listDatasets } from '../../../src/storage/dataset';
import { beginDataset, markLoaded, putMovies, putShard } from '../../../src/storage/datasetWrite';
import { putUsers } from '../../../src/storage/datasetWrite';

import { restoreShardRecord, shardRecord } from '../../../src/storage/shardRecord';
import { freshDbPerTest, manifestFor, shardOf } from './helpers';

freshDbPerTest();

describe('shard records', () => {
  const cols = {
    users: Uint32Array.of(1, 1, 2),
    movies: Uint32Array.of(5, 6, 5),
    ratings: Float32Array.of(0.5, 3, 5),
    timestamps: Uint32Array.of(7, 8, 9),
  };

  it('keep ratings as half steps, and restore only a record of the rows it should have', () => {
    const rec = shardRecord('ml-10m', 'ratings-00', 'v', 0, cols);
    expect(Array.from(rec.halves)).toEqual([1, 6, 10]);
    expect(restoreShardRecord(structuredClone(rec), 3)).toEqual(rec);
    expect(restoreShardRecord(rec, 4)).toBeUndefined();
    expect(restoreShardRecord(rec, undefined)).toBeUndefined();
    expect(restoreShardRecord({ ...rec, halves: Array.from(rec.halves) }, 3)).toBeUndefined();
    expect(restoreShardRecord({ ...rec, users: rec.users.subarray(1) }, 3)).toBeUndefined();
    expect(restoreShardRecord(null, 3)).toBeUndefined();
  });
});

describe('a stored summary read back', () => {
  it('is dropped when it is not a summary (an older or damaged record)', async () => {
    await beginDataset(manifestFor('v1', 1), 'server');
    await putMovies('ml-1m', 'v1', []);
    await putUsers('ml-1m', 'v1', []);
    await putShard(shardOf('ratings-000', 'v1', 0, 3));
    await markLoaded('v1', { dataVersion: 'v1' } as unknown as DatasetSummary);
    const stored = await completeManifest();
    expect(stored?.manifest.dataVersion).toBe('v1');
    expect(stored?.summary).toBeUndefined();
    expect((await listDatasets())[0]?.summary).toBeUndefined();
  });
});

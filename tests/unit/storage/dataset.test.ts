import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, closeDb } from '../../../src/storage/db';
import {
  beginDataset,
  completeManifest,
  loadDataset,
  markLoaded,
  putMovies,
  putShard,
  putUsers,
  storedFiles,
} from '../../../src/storage/dataset';
import { getModel, saveModel } from '../../../src/storage/models';
import { getUserRatings, putUserRating } from '../../../src/storage/profile';
import { manifestFor, shardOf } from './helpers';

afterEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase(DB_NAME);
});

async function storeAll(version: string, shards: number) {
  const m = manifestFor(version, shards);
  await beginDataset(m, 'server');
  await putMovies('ml-1m', version, [{ id: 1, title: 'A', year: 1995, genres: ['Drama'] }]);
  await putUsers('ml-1m', version, [{ id: 1, gender: 'M', age: 18, occupation: 2, zip: '0' }]);
  for (let i = 0; i < shards; i++)
    await putShard(shardOf(`ratings-${String(i).padStart(3, '0')}`, version, i * 3, 3));
  return m;
}

describe('dataset storage', () => {
  it('stores shards and reads the whole data set back as typed-array columns in order', async () => {
    await storeAll('v1', 3);
    expect(await completeManifest()).toBeUndefined(); // not marked loaded yet
    await markLoaded('v1', { dataVersion: 'v1' });
    const data = await loadDataset();
    expect(data.ratings.ratings).toBeInstanceOf(Float32Array);
    expect(Array.from(data.ratings.timestamps)).toEqual([
      1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008,
    ]);
    expect((await completeManifest())?.summary).toEqual({ dataVersion: 'v1' });
  });

  it('resumes: the same manifest again keeps stored shards; storedFiles lists them', async () => {
    const m = manifestFor('v1', 3);
    await beginDataset(m, 'server');
    await putMovies('ml-1m', 'v1', []);
    await putShard(shardOf('ratings-000', 'v1', 0, 3));
    expect(await beginDataset(m, 'server')).toBe(false);
    expect([...(await storedFiles('v1'))].sort()).toEqual(['movies.bin', 'ratings-000']);
  });

  it('a new data version replaces shards, tables and models atomically but keeps the profile', async () => {
    await storeAll('v1', 2);
    await markLoaded('v1', {});
    await saveModel({ kind: 'mf', dataVersion: 'v1', savedAt: 1, meta: {}, weights: {} });
    await putUserRating({ movieId: 7, rating: 4, at: 1 });
    expect(await beginDataset(manifestFor('v2', 1), 'server')).toBe(true);
    expect((await storedFiles('v2')).size).toBe(0);
    expect(await completeManifest()).toBeUndefined();
    expect(await getModel('mf')).toBeUndefined();
    expect(await getUserRatings()).toHaveLength(1);
    await expect(loadDataset()).rejects.toMatchObject({ code: 'no-data' });
  });

  it('refuses a partly stored data set with a clear error', async () => {
    const m = manifestFor('v1', 2);
    await beginDataset(m, 'server');
    await putMovies('ml-1m', 'v1', []);
    await putUsers('ml-1m', 'v1', []);
    await putShard(shardOf('ratings-000', 'v1', 0, 3));
    await expect(loadDataset()).rejects.toMatchObject({ code: 'no-data' });
  });
});

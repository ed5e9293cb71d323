import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION, Store, closeDb, db } from '../../../src/storage/db';
import { getProfile, putUserRating, getUserRatings } from '../../../src/storage/profile';
import { completeManifest, loadDataset } from '../../../src/storage/dataset';
import { manifestFor, shardOf } from './helpers';

afterEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase(DB_NAME);
});

describe('schema migrations', () => {
  it('upgrades a v1 database (data only) to the current version without losing the data', async () => {
    // v1 as it shipped: meta, tables, shards; no models/profile/userRatings.
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(d) {
        d.createObjectStore('meta', { keyPath: 'key' });
        d.createObjectStore('tables', { keyPath: 'key' });
        d.createObjectStore('shards', { keyPath: 'name' });
      },
    });
    const manifest = manifestFor('v-old', 1);
    const shard = shardOf('ratings-000', 'v-old', 0, 3);
    await v1.put('meta', { key: 'manifest', manifest, source: 'server', startedAt: 1 });
    await v1.put('meta', {
      key: 'loaded',
      dataVersion: 'v-old',
      loadedAt: 2,
      summary: { dataVersion: 'v-old' },
    });
    await v1.put('tables', {
      key: 'movies',
      dataVersion: 'v-old',
      rows: [{ id: 1, title: 'A', year: 1995, genres: ['Drama'] }],
    });
    await v1.put('tables', {
      key: 'users',
      dataVersion: 'v-old',
      rows: [{ id: 1, gender: 'F', age: 25, occupation: 1, zip: '1' }],
    });
    await v1.put('shards', shard);
    v1.close();

    const d = await db();
    expect(d.version).toBe(DB_VERSION);
    for (const s of Object.values(Store)) expect(d.objectStoreNames.contains(s)).toBe(true);
    expect((await completeManifest())?.manifest.dataVersion).toBe('v-old');
    const data = await loadDataset();
    expect(Array.from(data.ratings.ratings)).toEqual(Array.from(shard.ratings));
    // the new stores work
    expect(await getProfile()).toBeUndefined();
    await putUserRating({ movieId: 1, rating: 5, at: 3 });
    expect(await getUserRatings()).toEqual([{ movieId: 1, rating: 5, at: 3 }]);
  });

  it('upgrade is idempotent: a v1 database that already has some v2 stores still upgrades', async () => {
    const half = await openDB(DB_NAME, 1, {
      upgrade(d) {
        d.createObjectStore('meta', { keyPath: 'key' });
        d.createObjectStore('models', { keyPath: 'kind' });
      },
    });
    half.close();
    const d = await db();
    for (const s of Object.values(Store)) expect(d.objectStoreNames.contains(s)).toBe(true);
  });
});

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_NAME, DB_VERSION, Store, db } from '../../../src/storage/db';
import { putUserRating, readProfile, storedProfiles } from '../../../src/storage/profile';
import { completeManifest, listDatasets, loadDataset } from '../../../src/storage/dataset';
import { getModel } from '../../../src/storage/models';
import { modelInfoFor } from './modelRecords';
import { freshDbPerTest, manifestFor } from './helpers';
import { getProfile, getUserRatings } from '../../helpers/storage';

freshDbPerTest();

/** A three-row shard as schema v1/v2 stored it: 16-bit ids, whole stars in `ratings`. */
function legacyShard(dataVersion: string, stars: number[], timestamps: number[]) {
  return {
    name: 'ratings-000',
    dataVersion,
    index: 0,
    rows: 3,
    users: Uint16Array.from([1, 1, 1]),
    movies: Uint16Array.from([1, 1, 1]),
    ratings: Uint8Array.from(stars),
    timestamps: Uint32Array.from(timestamps),
  };
}

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
    const { release: _r, ...manifest } = { ...manifestFor('v-old', 1), version: 1 };
    const shard = legacyShard('v-old', [1, 2, 3], [1000, 1001, 1002]);
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
    expect(Array.from(data.ratings.ratings)).toEqual([1, 2, 3]);
    expect(data.ratings.users).toBeInstanceOf(Uint32Array);
    // the new stores work
    expect(await getProfile()).toBeUndefined();
    await putUserRating({ movieId: 1, rating: 5, at: 3 }, 'v-old');
    expect(await getUserRatings()).toEqual([{ movieId: 1, rating: 5, at: 3, hlc: 3 }]);
  });

  it('upgrades a v2 database to v3: data, models, profile and ratings move under ml-1m, the active data set', async () => {
    const v2 = await openDB(DB_NAME, 2, {
      upgrade(d) {
        d.createObjectStore('meta', { keyPath: 'key' });
        d.createObjectStore('tables', { keyPath: 'key' });
        d.createObjectStore('shards', { keyPath: 'name' });
        d.createObjectStore('models', { keyPath: 'kind' });
        d.createObjectStore('profile', { keyPath: 'key' });
        d.createObjectStore('userRatings', { keyPath: 'movieId' });
      },
    });
    const { release: _r, ...manifest } = { ...manifestFor('v-two', 1), version: 1 };
    await v2.put('meta', { key: 'manifest', manifest, source: 'import', startedAt: 1 });
    await v2.put('meta', { key: 'loaded', dataVersion: 'v-two', loadedAt: 2, summary: { x: 1 } });
    await v2.put('tables', {
      key: 'movies',
      dataVersion: 'v-two',
      rows: [{ id: 1, title: 'A', year: 1995, genres: [] }],
    });
    await v2.put('tables', {
      key: 'users',
      dataVersion: 'v-two',
      rows: [{ id: 1, gender: 'F', age: 25, occupation: 1, zip: '1' }],
    });
    await v2.put('shards', legacyShard('v-two', [5, 4, 1], [1, 2, 3]));
    await v2.put('models', {
      kind: 'mf',
      dataVersion: 'v-two',
      savedAt: 3,
      meta: modelInfoFor('v-two'),
      weights: null,
    });
    await v2.put('profile', { key: 'me', genres: ['Drama', 'Comedy', 'Crime'] });
    await v2.put('userRatings', { movieId: 7, rating: 4, at: 9 });
    await v2.put('userRatings', { movieId: 1, rating: null, at: 8 });
    v2.close();

    const d = await db();
    expect(d.version).toBe(DB_VERSION);
    const sets = await listDatasets();
    expect(sets.map((s) => [s.release, s.active, s.complete, s.source])).toEqual([
      ['ml-1m', true, true, 'import'],
    ]);
    expect(Array.from((await loadDataset()).ratings.ratings)).toEqual([5, 4, 1]);
    expect((await getModel('mf'))?.savedAt).toBe(3);
    expect((await getProfile())?.genres).toEqual(['Drama', 'Comedy', 'Crime']);
    // on to v4: under the stored data version, titled from its movies where it has the film
    const read = await readProfile();
    expect(read.dataVersion).toBe('v-two');
    expect(read.ratings).toEqual([
      { movieId: 1, rating: null, at: 8, hlc: 8, title: 'A', year: 1995 },
      { movieId: 7, rating: 4, at: 9, hlc: 9 },
    ]);
  });

  it('upgrades a v3 database to v4: profiles move from their release to its stored data version', async () => {
    const v3 = await openDB(DB_NAME, 3, {
      upgrade(d) {
        d.createObjectStore('meta', { keyPath: 'key' });
        d.createObjectStore('datasets', { keyPath: 'release' });
        d.createObjectStore('tables', { keyPath: ['release', 'kind'] });
        d.createObjectStore('shards', { keyPath: ['release', 'name'] }).createIndex(
          'release',
          'release',
        );
        d.createObjectStore('models', { keyPath: ['release', 'kind'] });
        d.createObjectStore('profile', { keyPath: 'release' });
        d.createObjectStore('userRatings', { keyPath: ['release', 'movieId'] }).createIndex(
          'release',
          'release',
        );
      },
    });
    await v3.put('meta', { key: 'active', release: 'ml-1m' });
    const done = (dataVersion: string) => ({ dataVersion, loadedAt: 1, summary: {} });
    await v3.put('datasets', {
      release: 'ml-1m',
      manifest: manifestFor('v-1m', 1),
      source: 'server',
      startedAt: 1,
      loaded: done('v-1m'),
    });
    // ml-100k: a replacement was being downloaded (its record names data not yet stored)
    await v3.put('datasets', {
      release: 'ml-100k',
      manifest: { ...manifestFor('v-new', 1), release: 'ml-100k' },
      source: 'server',
      startedAt: 1,
    });
    await v3.put('tables', {
      release: 'ml-1m',
      kind: 'movies',
      dataVersion: 'v-1m',
      rows: [
        { id: 1, title: 'Toy Story', year: 1995, genres: [] },
        { id: 2, title: 'Heat', year: 1995, genres: [] },
      ],
    });
    const genres = ['Drama', 'Comedy', 'Crime'];
    await v3.put('profile', { release: 'ml-1m', genres, createdAt: 1 });
    await v3.put('profile', { release: 'ml-100k', genres, createdAt: 2 });
    await v3.put('userRatings', { release: 'ml-1m', movieId: 2, rating: 4, at: 20 });
    await v3.put('userRatings', { release: 'ml-1m', movieId: 1, rating: 5, at: 10 });
    await v3.put('userRatings', { release: 'ml-100k', movieId: 1, rating: 2, at: 30 });
    v3.close();

    const d = await db();
    expect(d.version).toBe(DB_VERSION);
    const read = await readProfile();
    expect(read.dataVersion).toBe('v-1m');
    expect(read.profile).toEqual({ genres, createdAt: 1 });
    expect(read.ratings).toEqual([
      { movieId: 1, rating: 5, at: 10, hlc: 10, title: 'Toy Story', year: 1995 },
      { movieId: 2, rating: 4, at: 20, hlc: 20, title: 'Heat', year: 1995 },
    ]);
    expect((await storedProfiles()).sort((a, b) => a.release.localeCompare(b.release))).toEqual([
      { dataVersion: 'unknown:ml-100k', release: 'ml-100k', actions: 1 },
      { dataVersion: 'v-1m', release: 'ml-1m', actions: 2 },
    ]);
    // the profile's clock continues after the moved actions
    expect((await d.get(Store.profile, 'v-1m'))?.hlc).toBe(20);
    // the data and the rest are untouched
    expect((await completeManifest())?.manifest.dataVersion).toBe('v-1m');
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

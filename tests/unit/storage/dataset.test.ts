import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Store, db } from '../../../src/storage/db';
import { completeManifest, listDatasets, loadDataset } from '../../../src/storage/dataset';
import { storedFiles } from '../../../src/storage/dataset';
import { activateDataset, beginDataset, markLoaded } from '../../../src/storage/datasetWrite';
import { putMovies, putShard, putUsers, replaceDataset } from '../../../src/storage/datasetWrite';
import { shardRecord } from '../../../src/storage/shardRecord';
import { getModel } from '../../../src/storage/models';
import { putUserRating, saveProfile } from '../../../src/storage/profile';
import { freshDbPerTest, manifestFor, saveMfFor, shardOf, storeServerData } from './helpers';
import { summaryFor } from './helpers';
import { getProfile, getUserRatings } from '../../helpers/storage';

freshDbPerTest();

describe('dataset storage', () => {
  it('stores shards and reads the whole data set back as typed-array columns in order', async () => {
    await storeServerData('v1', 3);
    expect(await completeManifest()).toBeUndefined(); // not marked loaded yet
    await markLoaded('v1', summaryFor('v1'));
    const data = await loadDataset();
    expect(data.ratings.ratings).toBeInstanceOf(Float32Array);
    expect(Array.from(data.ratings.timestamps)).toEqual([
      1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008,
    ]);
    expect((await completeManifest())?.summary).toEqual(summaryFor('v1'));
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
    await storeServerData('v1', 2);
    await markLoaded('v1', summaryFor('v1'));
    await saveMfFor('v1');
    await putUserRating({ movieId: 7, rating: 4, at: 1 }, 'v1');
    expect(await beginDataset(manifestFor('v2', 1), 'server')).toBe(true);
    expect((await storedFiles('v2')).size).toBe(0);
    expect(await completeManifest()).toBeUndefined();
    expect(await getModel('mf')).toBeUndefined();
    // the profile belongs to v1's content: kept as it was, not v2's (issue 22)
    expect(await getUserRatings()).toHaveLength(0);
    expect(await (await db()).count(Store.userRatings)).toBe(1);
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

describe('several data sets (issue #10)', () => {
  /** A complete ML-100K-like data set stored as an import (and made active). */
  async function storeOther(version: string) {
    const m = { ...manifestFor(version, 1), release: 'ml-100k' };
    const cols = {
      users: Uint32Array.of(1, 1),
      movies: Uint32Array.of(1, 70_000),
      ratings: Float32Array.of(3.5, 4),
      timestamps: Uint32Array.of(1, 2),
    };
    m.files[2]!.rows = 2;
    await replaceDataset({
      manifest: m,
      source: 'import',
      movies: [{ id: 1, title: 'B', year: 1996, genres: ['Comedy'] }],
      users: [{ id: 1 }],
      shards: [shardRecord('ml-100k', 'ratings-000', version, 0, cols)],
      summary: summaryFor(version, { release: 'ml-100k' }),
    });
  }

  it('switching keeps each data set’s own data, models, profile and ratings', async () => {
    await storeServerData('v1', 1);
    await markLoaded('v1', summaryFor('v1'));
    await saveMfFor('v1');
    await saveProfile({ genres: ['Drama', 'Crime', 'War'], createdAt: 1 }, 'v1');
    await putUserRating({ movieId: 1, rating: 4, at: 1 }, 'v1');

    await storeOther('w1');
    expect((await listDatasets()).map((d) => [d.release, d.active, d.complete])).toEqual([
      ['ml-100k', true, true],
      ['ml-1m', false, true],
    ]);
    expect(await getModel('mf')).toBeUndefined();
    expect(await getProfile()).toBeUndefined();
    expect(await getUserRatings()).toEqual([]);
    expect(Array.from((await loadDataset()).ratings.ratings)).toEqual([3.5, 4]);
    await saveProfile({ genres: ['Comedy', 'Romance', 'Musical'], createdAt: 2 }, 'w1');
    await putUserRating({ movieId: 70_000, rating: 2.5, at: 2 }, 'w1');

    await activateDataset('ml-1m');
    expect((await loadDataset()).version).toBe('v1');
    expect((await getModel('mf'))?.dataVersion).toBe('v1');
    expect((await getProfile())?.genres).toEqual(['Drama', 'Crime', 'War']);
    expect(await getUserRatings()).toEqual([{ movieId: 1, rating: 4, at: 1, hlc: 1 }]);

    await activateDataset('ml-100k');
    expect((await getProfile())?.genres).toEqual(['Comedy', 'Romance', 'Musical']);
    expect(await getUserRatings()).toEqual([{ movieId: 70_000, rating: 2.5, at: 2, hlc: 2 }]);
  });

  it('a model trained on the data set that was active before a switch is not saved under the new one', async () => {
    await storeServerData('v1', 1);
    await markLoaded('v1', summaryFor('v1'));
    await storeOther('w1');
    await expect(saveMfFor('v1')).rejects.toMatchObject({ code: 'stale-version' });
    expect(await getModel('mf')).toBeUndefined();
    await activateDataset('ml-1m');
    expect(await getModel('mf')).toBeUndefined();
  });

  it('refuses to activate a data set that is not completely stored', async () => {
    await storeServerData('v1', 1);
    await expect(activateDataset('ml-1m')).rejects.toMatchObject({ code: 'no-data' });
    await expect(activateDataset('ml-25m')).rejects.toMatchObject({ code: 'no-data' });
  });
});

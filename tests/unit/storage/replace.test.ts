/**
 * Issue #8 item 1: an import is one atomic replacement (or a no-op when the same data is stored),
 * and a download that was overtaken can never mix its shards into the new data.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/core/data/manifest';
import { fromHalfSteps } from '../../../src/core/data/stars';
import { Store, db } from '../../../src/storage/db';
import { completeManifest, forEachShard, loadDataset } from '../../../src/storage/dataset';
import { loadTables, storedFiles } from '../../../src/storage/dataset';
import { beginDataset, markLoaded, putMovies, putShard } from '../../../src/storage/datasetWrite';
import { replaceDataset } from '../../../src/storage/datasetWrite';
import { getModel } from '../../../src/storage/models';
import { rejection } from '../../helpers/errors';
import { freshDbPerTest, manifestFor, MOVIES, putServerShards, saveMfFor } from './helpers';
import { shardOf, storeServerData, summaryFor, USERS } from './helpers';

freshDbPerTest();

/** The same data as manifestFor(version, 2, 3) but laid out as one import shard of 6 rows. */
function importOf(version: string) {
  const server = manifestFor(version, 2, 3);
  const manifest: Manifest = {
    ...server,
    source: 'import',
    files: [
      ...server.files.filter((f) => f.kind !== 'ratings'),
      { name: 'import-000', kind: 'ratings', bytes: 1, sha256: 'd'.repeat(64), rows: 6 },
    ],
  };
  const shards = [{ ...shardOf('import-000', version, 0, 6) }];
  return {
    manifest,
    source: 'import' as const,
    movies: MOVIES,
    users: USERS,
    shards,
    summary: summaryFor(version, { source: 'import' }),
  };
}

describe('reading the stored ratings a shard at a time', () => {
  it('forEachShard visits every shard of the manifest once (the same rows as loadDataset)', async () => {
    await storeServerData('v1', 3);
    await putShard(shardOf('ratings-002', 'v1', 6, 3)); // the same shard again: stored once
    const parts: number[][] = [];
    const tables = await forEachShard((c) => parts.push(Array.from(c.ratings)));
    expect(tables.version).toBe('v1');
    expect(tables.movies).toEqual(MOVIES);
    expect(await loadTables()).toEqual({ movies: MOVIES, users: USERS });
    expect(parts.flat().sort()).toEqual(Array.from((await loadDataset()).ratings.ratings).sort());
    expect(parts).toHaveLength(3);
  });

  it('forEachShard refuses a data set with a shard missing', async () => {
    await storeServerData('v1', 3, 2);
    expect((await rejection(forEachShard(() => {}))).code).toBe('no-data');
  });
});

describe('replaceDataset (an import)', () => {
  it('takes shard records made one at a time, and stores nothing when one does not fit', async () => {
    const made: number[] = [];
    const lazy = (name: string) => ({
      length: 1,
      at: (i: number) => {
        made.push(i);
        return { ...shardOf(name, 'v1', 0, 6) };
      },
    });
    const bad = await rejection(replaceDataset({ ...importOf('v1'), shards: lazy('stray-000') }));
    expect(bad.code).toBe('internal');
    expect(await completeManifest()).toBeUndefined();
    expect(await replaceDataset({ ...importOf('v1'), shards: lazy('import-000') })).toBe(
      'replaced',
    );
    expect(made).toEqual([0, 0]);
    const data = await loadDataset();
    expect(Array.from(data.ratings.ratings)).toEqual(
      Array.from(shardOf('import-000', 'v1', 0, 6).halves, fromHalfSteps),
    );
  });

  it('replaces a half-downloaded copy of the SAME data whole: no stray server shard is kept', async () => {
    await beginDataset(manifestFor('v1', 2, 3), 'server');
    await putMovies('ml-1m', 'v1', MOVIES);
    await putServerShards('v1', 1); // the download is still running
    expect(await replaceDataset(importOf('v1'))).toBe('replaced');
    expect([...(await storedFiles('v1'))].sort()).toEqual([
      'import-000',
      'movies.bin',
      'users.bin',
    ]);
    const data = await loadDataset();
    expect(data.ratings.ratings).toHaveLength(6);
    expect((await completeManifest())?.source).toBe('import');
  });

  it('the overtaken download can neither add its shards nor mark the data loaded', async () => {
    await beginDataset(manifestFor('v1', 2, 3), 'server');
    await putServerShards('v1', 1);
    await replaceDataset(importOf('v1'));
    const late = await rejection(putShard(shardOf('ratings-001', 'v1', 3, 3)));
    expect(late.code).toBe('storage');
    expect(late.message).toMatch(/changed while it was being loaded/);
    expect((await rejection(putMovies('ml-1m', 'v0', MOVIES))).code).toBe('storage');
    expect(await loadDataset()).toMatchObject({ version: 'v1' });
    expect([...(await storedFiles('v1'))]).not.toContain('ratings-001');
  });

  it('is a no-op when the same data is completely stored (from the server)', async () => {
    const server = await storeServerData('v1', 2);
    await markLoaded('v1', summaryFor('v1', { label: 'from the server' }));
    await saveMfFor('v1');
    expect(await replaceDataset(importOf('v1'))).toBe('unchanged');
    expect((await completeManifest())?.manifest).toEqual(server);
    expect((await completeManifest())?.summary).toEqual(
      summaryFor('v1', { label: 'from the server' }),
    );
    expect(await getModel('mf')).toBeDefined();
    expect((await loadDataset()).ratings.ratings).toHaveLength(6);
  });

  it('replaces different data and drops its models, in one step', async () => {
    await replaceDataset(importOf('v1'));
    await saveMfFor('v1');
    expect(await replaceDataset(importOf('v2'))).toBe('replaced');
    expect(await getModel('mf')).toBeUndefined();
    expect((await loadDataset()).version).toBe('v2');
  });

  it('markLoaded refuses a data set that is not completely stored', async () => {
    await storeServerData('v1', 2, 1);
    expect((await rejection(markLoaded('v1', summaryFor('v1')))).code).toBe('no-data');
    expect(await completeManifest()).toBeUndefined();
  });

  it('reads only the shards the manifest lists, even if a stray one of the same version is stored', async () => {
    await replaceDataset(importOf('v1'));
    // What the bug left behind: a server shard of the same data version beside the import's.
    await (await db()).put(Store.shards, shardOf('ratings-000', 'v1', 0, 3));
    expect((await loadDataset()).ratings.ratings).toHaveLength(6);
  });
});

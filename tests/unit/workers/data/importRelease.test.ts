/**
 * The data worker's shipped jobs, run in Node on fake IndexedDB: the import stores the shard set
 * the server build makes (real sizes and hashes), and the catalogue's counts are the one counter's.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildShardSet } from '../../../../src/core/data/shards';
import { countRatings } from '../../../helpers/ratings';
import { completeManifest, loadDataset } from '../../../../src/storage/dataset';

import { CatalogCache } from '../../../../workers/data/catalog';
import { importFiles } from '../../../../workers/data/importRelease';
import { openStored } from '../../../../workers/data/storedSets';
import { makeFixture, makeFixtureZip } from '../../../../scripts/lib/fixtures';
import { deleteDb } from '../../../helpers/storage';

const blobOf = (b: Uint8Array) => new Blob([b as Uint8Array<ArrayBuffer>]);
const sha256 = async (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

afterEach(async () => {
  await deleteDb();
});

describe('importing a release', () => {
  const opts = { users: 60, movies: 80, ratingsPerUser: 30 };

  it('stores the shard set the server build makes: real sizes and hashes, the same data version', async () => {
    const { parsed } = makeFixture(opts);
    const zip = makeFixtureZip(opts);
    const phases: string[] = [];
    const summary = await importFiles([{ name: 'ml-1m.zip', data: blobOf(zip) }], (p) =>
      phases.push(p.phase),
    );
    expect(summary).toMatchObject({ source: 'import', justLoaded: true, bytes: zip.length });
    expect(phases.at(-1)).toBe('done');

    const stored = (await completeManifest())!;
    const built = await buildShardSet(parsed, {
      sha256,
      source: 'import',
      rowsPerShard: 100_000,
      level: 6,
    });
    expect(stored.source).toBe('import');
    expect(stored.manifest.dataVersion).toBe(built.manifest.dataVersion);
    expect(stored.manifest.files).toEqual(built.manifest.files);
    for (const f of stored.manifest.files) {
      expect(f.bytes).toBeGreaterThan(0);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect((await loadDataset()).ratings).toEqual(parsed.ratings);

    // the kept summary is read back (restored), not computed again
    expect(await openStored()).toEqual({ ...summary, justLoaded: false });
  });

  it('counts the catalogue over the stored shards with the one counter', async () => {
    const { parsed } = makeFixture(opts);
    await importFiles([{ name: 'ml-1m.zip', data: blobOf(makeFixtureZip(opts)) }], () => {});
    const cache = new CatalogCache();
    const catalog = await cache.catalog();
    expect(catalog.ratingCounts).toEqual(countRatings(parsed.ratings.movies, parsed.movies));
    const women = new Set(parsed.users.filter((u) => u.gender === 'F').map((u) => u.id));
    const among = await cache.popularityAmong({ gender: 'F' });
    expect(among).toEqual(
      countRatings(parsed.ratings.movies, parsed.movies, 'id', (r) =>
        women.has(parsed.ratings.users[r]!),
      ),
    );
  });
});

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ReelError } from '../../../src/core/errors';
import { Store, db, type DatasetRecord } from '../../../src/storage/db';
import { completeManifest, listDatasets, loadMovies } from '../../../src/storage/dataset';
import { loadTables } from '../../../src/storage/dataset';
import { beginDataset, markLoaded } from '../../../src/storage/datasetWrite';
import {
  restoreDatasetRecord,
  restoreMovies,
  restoreUsers,
} from '../../../src/storage/datasetRecord';
import { MOVIES, USERS, freshDbPerTest, manifestFor, storeServerData } from './helpers';
import { summaryFor } from './helpers';

freshDbPerTest();

const record = (over: Record<string, unknown> = {}): DatasetRecord =>
  ({
    release: 'ml-1m',
    manifest: manifestFor('v1', 2),
    source: 'server',
    startedAt: 5,
    loaded: { dataVersion: 'v1', loadedAt: 6, summary: summaryFor('v1') },
    ...over,
  }) as DatasetRecord;

/** What an older Reel stored for an import: no checksums or sizes of its files, no summary. */
function legacyRecord(): DatasetRecord {
  const m = manifestFor('v1', 1);
  return record({
    source: 'import',
    manifest: { ...m, files: m.files.map((f) => ({ ...f, sha256: '', bytes: 0 })) },
    loaded: { dataVersion: 'v1', loadedAt: 6 },
  });
}

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ReelError);
    expect((e as ReelError).code).toBe('no-data');
    return;
  }
  throw new Error('not refused');
};

describe('restoreDatasetRecord', () => {
  it('passes valid records through unchanged, a legacy one and one not yet loaded too', () => {
    for (const r of [record(), legacyRecord(), record({ loaded: undefined })]) {
      const copy = structuredClone(r);
      expect(restoreDatasetRecord(r)).toBe(r);
      expect(r).toEqual(copy);
    }
  });

  it('refuses a damaged record with the typed no-data error', () => {
    const m = manifestFor('v1', 2);
    const bad: unknown[] = [
      null,
      'ml-1m',
      record({ manifest: undefined }),
      record({ release: 7 }),
      record({ source: 'disk' }),
      record({ startedAt: '5' }),
      record({ startedAt: Number.NaN }),
      record({ loaded: { dataVersion: 1, loadedAt: 6 } }),
      record({ manifest: { ...m, dataVersion: 3 } }),
      record({ manifest: { ...m, files: 'movies.bin' } }),
      record({ manifest: { ...m, counts: { ratings: 1 } } }),
      record({ manifest: { ...m, files: [{ ...m.files[0], bytes: -1 }] } }),
      record({ manifest: { ...m, files: [{ ...m.files[0], kind: 'posters' }] } }),
      record({ manifest: { ...m, files: [{ ...m.files[0], sha256: undefined }] } }),
      record({ manifest: { ...m, files: [{ ...m.files[0], rows: 1.5 }] } }),
    ];
    for (const r of bad) refused(() => restoreDatasetRecord(r));
  });
});

describe('restoreMovies / restoreUsers', () => {
  const films = [
    { id: 1, title: 'A', year: 1995, genres: ['Drama'] },
    { id: 2, title: 'B', year: null, genres: [], imdbId: 114709, tmdbId: 862 },
  ];

  it('passes valid rows through unchanged, with and without links', () => {
    const copy = structuredClone(films);
    expect(restoreMovies(films)).toBe(films);
    expect(films).toEqual(copy);
    expect(restoreUsers(USERS)).toBe(USERS);
    const plain = [{ id: 3 }];
    expect(restoreUsers(plain)).toBe(plain);
    expect(restoreMovies([])).toEqual([]);
  });

  it('refuses damaged rows with the typed no-data error', () => {
    const film = films[0]!;
    for (const rows of [
      undefined,
      { 0: film },
      [{ ...film, title: undefined }],
      [{ ...film, id: 0 }],
      [{ ...film, year: '1995' }],
      [{ ...film, genres: [1] }],
      [{ ...film, imdbId: 'tt0114709' }],
      [film, null],
    ])
      refused(() => restoreMovies(rows));
    for (const rows of [
      'users',
      [7],
      [{ id: -1 }],
      [{ id: 1, gender: 'X' }],
      [{ id: 1, age: '18' }],
      [{ id: 1, zip: 2 }],
    ])
      refused(() => restoreUsers(rows));
  });
});

describe('damaged records in storage', () => {
  async function storeComplete() {
    await storeServerData('v1', 1);
    await markLoaded('v1', summaryFor('v1'));
  }

  it('a damaged data-set record is no complete data, not an untyped error, and is replaced', async () => {
    await storeComplete();
    expect(await completeManifest()).toBeDefined();
    const d = await db();
    const rec = await d.get(Store.datasets, 'ml-1m');
    await d.put(Store.datasets, { ...rec!, manifest: undefined } as unknown as DatasetRecord);
    expect(await completeManifest()).toBeUndefined();
    expect(await listDatasets()).toEqual([]); // left out of the list, not deleted
    expect(await d.count(Store.datasets)).toBe(1);
    await expect(loadMovies()).rejects.toMatchObject({ code: 'no-data' });
    // fetching it again replaces the damaged record
    await beginDataset(manifestFor('v1', 1), 'server');
    expect((await listDatasets()).map((s) => s.complete)).toEqual([false]);
  });

  it('a damaged movies table is refused with no-data; valid tables read back as stored', async () => {
    await storeComplete();
    expect(await loadTables()).toEqual({ movies: MOVIES, users: USERS });
    const d = await db();
    const t = await d.get(Store.tables, ['ml-1m', 'movies']);
    await d.put(Store.tables, { ...t!, rows: [{ id: 1, year: 1995, genres: [] }] } as never);
    await expect(loadTables()).rejects.toMatchObject({ code: 'no-data' });
    await expect(loadMovies()).rejects.toMatchObject({ code: 'no-data' });
  });
});

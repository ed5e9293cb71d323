/**
 * Writing the MovieLens data sets in IndexedDB: one per release (manifest.release), one of them
 * active. Rules kept here:
 * - a data set is identified by its release; within it, by its manifest's (version, dataVersion,
 *   file names): writing a different manifest for a release first deletes that release's old
 *   data and models in the same transaction, so two data sets never mix — not even two layouts
 *   (server shards, imported shards) of the same data; other releases are never touched;
 * - beginning, replacing or activating a data set makes it the active one (`meta.active`); every
 *   read without a release (dataset.ts) reads the active one;
 * - a download writes one shard per transaction, so a reload in the middle keeps every shard that
 *   committed and resumes with the rest; each write checks, in its own transaction, that the
 *   release's stored manifest still lists what it writes, so a download that was overtaken (by
 *   an import, or another tab) can never add its shards to the new data or mark it loaded;
 * - an import is one transaction (`replaceDataset`): all of it replaces the release's old data,
 *   or nothing changes; importing the data that is already stored changes nothing.
 */
import type { DatasetSummary } from '../core/api/data';
import type { Manifest } from '../core/data/manifest';
import type { Movie, User } from '../core/data/types';
import { dataPartlyLoaded, ReelError } from '../core/errors';
import { activeRelease, isComplete, ratingFiles } from './dataset';
import { storedDatasetRecord } from './datasetRecord';
import {
  Store,
  type DatasetRecord,
  type DataSource,
  type ShardRecord,
  type TableRecord,
} from './db';
import { guard, transact } from './tx';

const sameData = (a: Manifest, b: Manifest) =>
  a.version === b.version &&
  a.dataVersion === b.dataVersion &&
  a.files.length === b.files.length &&
  a.files.every((f, i) => f.name === b.files[i]!.name);

const overtaken = () =>
  new ReelError(
    'storage',
    'The stored data changed while it was being loaded (an import, or Reel in another tab). Reload the page to use it.',
  );

/** The active data set's record when it is the data set `dataVersion` names. */
function activeRecord(rec: DatasetRecord | undefined, dataVersion: string): DatasetRecord {
  if (!rec || rec.manifest.dataVersion !== dataVersion) throw overtaken();
  return rec;
}

/** Removes one release's data, tables and models inside `tx` (its profile stays). */
async function clearRelease(
  tx: {
    objectStore(n: 'tables' | 'shards' | 'models'): {
      delete(range: IDBKeyRange): Promise<void>;
    };
  },
  release: string,
  models = true,
) {
  const range = IDBKeyRange.bound([release], [release, []]);
  await Promise.all([
    tx.objectStore(Store.tables).delete(range),
    tx.objectStore(Store.shards).delete(range),
    models ? tx.objectStore(Store.models).delete(range) : undefined,
  ]);
}

const DATA_STORES = [Store.meta, Store.datasets, Store.tables, Store.shards, Store.models] as const;

/**
 * Makes `manifest` the active data set. Same data as stored for its release: nothing changes
 * (resume). Different data: that release's old shards, tables, models and loaded mark are removed
 * atomically first. Returns true when old data was replaced.
 */
export function beginDataset(manifest: Manifest, source: DataSource): Promise<boolean> {
  const release = manifest.release;
  return guard('prepare storage for the data', () =>
    transact([...DATA_STORES], 'readwrite', async (tx) => {
      const sets = tx.objectStore(Store.datasets);
      // a damaged record counts as none: it is replaced (datasetRecord.ts)
      const current = storedDatasetRecord(await sets.get(release));
      await tx.objectStore(Store.meta).put({ key: 'active', release });
      if (current && sameData(current.manifest, manifest)) {
        if (current.source !== source) await sets.put({ ...current, source });
        return false;
      }
      // Models are tied to the content, not its layout: the same data in new shards keeps them.
      await clearRelease(tx, release, current?.manifest.dataVersion !== manifest.dataVersion);
      await sets.put({ release, manifest, source, startedAt: Date.now() });
      return current !== undefined;
    }),
  );
}

/** Shard records made on demand, `at(i)` for i in 0..length-1. */
export interface ShardSource {
  readonly length: number;
  at(i: number): ShardRecord;
}

export interface CompleteDataset {
  manifest: Manifest;
  source: DataSource;
  movies: Movie[];
  users: User[];
  /**
   * every ratings file of the manifest, in manifest order: a list, or records made one at a time
   * (an import's slices of its parsed columns: only the one being stored is held besides them)
   */
  shards: readonly ShardRecord[] | ShardSource;
  /** what markLoaded would store */
  summary: DatasetSummary;
}

/**
 * Stores a complete data set in ONE transaction and makes it active: the release's old data,
 * models and loaded mark go, all of the new one is written and marked loaded — or, on any
 * failure, nothing changes. When the same data (dataVersion) is already completely stored for
 * the release, nothing is written but the active mark: returns 'unchanged'.
 */
export function replaceDataset(data: CompleteDataset): Promise<'replaced' | 'unchanged'> {
  const { manifest, source } = data;
  const release = manifest.release;
  const names = ratingFiles(manifest).map((f) => f.name);
  const mismatch = () =>
    new ReelError('internal', 'The shards to store do not match their manifest.');
  const fits = (s: ShardRecord, i: number) =>
    s.name === names[i] && s.dataVersion === manifest.dataVersion && s.release === release;
  if (data.shards.length !== names.length) throw mismatch();
  if (Array.isArray(data.shards) && !(data.shards as ShardRecord[]).every(fits)) throw mismatch();
  return guard('store the data', () =>
    transact([...DATA_STORES], 'readwrite', async (tx) => {
      const sets = tx.objectStore(Store.datasets);
      // a damaged record counts as none: it is replaced (datasetRecord.ts)
      const current = storedDatasetRecord(await sets.get(release));
      await tx.objectStore(Store.meta).put({ key: 'active', release });
      if (isComplete(current) && current.manifest.dataVersion === manifest.dataVersion)
        return 'unchanged';
      await clearRelease(tx, release);
      const v = manifest.dataVersion;
      const tables = tx.objectStore(Store.tables);
      const shards = tx.objectStore(Store.shards);
      // put() copies the record at once: each made record can go before the next is made. A
      // record that does not fit aborts the transaction; the requests already made then fail
      // with it (handled here, reported once by the throw).
      const puts: Promise<unknown>[] = [];
      const track = (p: Promise<unknown>) => {
        p.catch(() => undefined);
        puts.push(p);
      };
      track(
        sets.put({
          release,
          manifest,
          source,
          startedAt: Date.now(),
          loaded: { dataVersion: v, loadedAt: Date.now(), summary: data.summary },
        }),
      );
      track(tables.put({ release, kind: 'movies', dataVersion: v, rows: data.movies }));
      track(tables.put({ release, kind: 'users', dataVersion: v, rows: data.users }));
      for (let i = 0; i < names.length; i++) {
        const rec = data.shards.at(i)!;
        if (!fits(rec, i)) throw mismatch();
        track(shards.put(rec));
      }
      await Promise.all(puts);
      return 'replaced';
    }),
  );
}

/** Stores one ratings shard of its release (refused once another data set took over). */
export function putShard(rec: ShardRecord): Promise<void> {
  return guard('store a ratings shard', () =>
    transact([Store.datasets, Store.shards], 'readwrite', async (tx) => {
      const m = activeRecord(
        await tx.objectStore(Store.datasets).get(rec.release),
        rec.dataVersion,
      );
      if (!ratingFiles(m.manifest).some((f) => f.name === rec.name)) throw overtaken();
      await tx.objectStore(Store.shards).put(rec);
    }),
  );
}

function putTable(
  kind: 'movies' | 'users',
  release: string,
  dataVersion: string,
  rows: Movie[] | User[],
) {
  return guard(`store the ${kind}`, () =>
    transact([Store.datasets, Store.tables], 'readwrite', async (tx) => {
      activeRecord(await tx.objectStore(Store.datasets).get(release), dataVersion);
      await tx.objectStore(Store.tables).put({ release, kind, dataVersion, rows } as TableRecord);
    }),
  );
}

export const putMovies = (release: string, dataVersion: string, rows: Movie[]): Promise<void> =>
  putTable('movies', release, dataVersion, rows);

export const putUsers = (release: string, dataVersion: string, rows: User[]): Promise<void> =>
  putTable('users', release, dataVersion, rows);

/**
 * Marks the active data set complete; `summary` (figures for the UI) is kept so a warm start
 * needs no scan. Refused unless it is `dataVersion` and every one of its files is stored.
 */
export function markLoaded(dataVersion: string, summary: DatasetSummary): Promise<void> {
  return guard('finish storing the data', () =>
    transact([Store.meta, Store.datasets, Store.tables, Store.shards], 'readwrite', async (tx) => {
      const release = await activeRelease(tx);
      const sets = tx.objectStore(Store.datasets);
      const m = activeRecord(
        release === undefined ? undefined : await sets.get(release),
        dataVersion,
      );
      const [keys, movies, users] = await Promise.all([
        tx.objectStore(Store.shards).index('release').getAllKeys(m.release),
        tx.objectStore(Store.tables).get([m.release, 'movies']),
        tx.objectStore(Store.tables).get([m.release, 'users']),
      ]);
      const have = new Set(keys.map((k) => k[1]));
      if (
        movies?.dataVersion !== dataVersion ||
        users?.dataVersion !== dataVersion ||
        !ratingFiles(m.manifest).every((f) => have.has(f.name))
      )
        throw dataPartlyLoaded();
      await sets.put({ ...m, loaded: { dataVersion, loadedAt: Date.now(), summary } });
    }),
  );
}

/** Makes a completely stored data set the active one. */
export function activateDataset(release: string): Promise<void> {
  return guard('switch the data set', () =>
    transact([Store.meta, Store.datasets], 'readwrite', async (tx) => {
      if (!isComplete(await tx.objectStore(Store.datasets).get(release)))
        throw new ReelError('no-data', `The data set ${release} is not completely stored.`);
      await tx.objectStore(Store.meta).put({ key: 'active', release });
    }),
  );
}

/**
 * The MovieLens data sets in IndexedDB: one per release (manifest.release), one of them active.
 * Rules kept here:
 * - a data set is identified by its release; within it, by its manifest's (version, dataVersion,
 *   file names): writing a different manifest for a release first deletes that release's old
 *   data and models in the same transaction, so two data sets never mix — not even two layouts
 *   (server shards, imported shards) of the same data; other releases are never touched;
 * - beginning, replacing or activating a data set makes it the active one (`meta.active`); every
 *   read without a release (loadDataset, loadMovies, completeManifest, ...) reads the active one;
 * - a download writes one shard per transaction, so a reload in the middle keeps every shard that
 *   committed and resumes with the rest; each write checks, in its own transaction, that the
 *   release's stored manifest still lists what it writes, so a download that was overtaken (by
 *   an import, or another tab) can never add its shards to the new data or mark it loaded;
 * - an import is one transaction (`replaceDataset`): all of it replaces the release's old data,
 *   or nothing changes; importing the data that is already stored changes nothing.
 */
import { concatColumns } from '../core/data/bytes';
import type { Dataset, Movie, RatingColumns, User } from '../core/data/types';
import type { Manifest } from '../core/data/manifest';
import { ReelError } from '../core/errors';
import {
  db,
  Store,
  type DatasetRecord,
  type DataSource,
  type ShardRecord,
  type TableRecord,
} from './db';
import { guard, transact } from './tx';

export interface StoredManifest {
  manifest: Manifest;
  source: DataSource;
  /** what markLoaded stored (only on a complete data set) */
  summary?: unknown;
}

/** A stored data set, as the Data page lists them. */
export interface StoredDataset {
  release: string;
  manifest: Manifest;
  source: DataSource;
  complete: boolean;
  active: boolean;
  summary?: unknown;
}

const sameData = (a: Manifest, b: Manifest) =>
  a.version === b.version &&
  a.dataVersion === b.dataVersion &&
  a.files.length === b.files.length &&
  a.files.every((f, i) => f.name === b.files[i]!.name);

const ratingFiles = (m: Manifest) => m.files.filter((f) => f.kind === 'ratings');

const overtaken = () =>
  new ReelError(
    'storage',
    'The stored data changed while it was being loaded (an import, or Reel in another tab). Reload the page to use it.',
  );

const isComplete = (d: DatasetRecord | undefined): d is DatasetRecord & { loaded: object } =>
  !!d?.loaded && d.loaded.dataVersion === d.manifest.dataVersion;

type AnyTx = {
  objectStore(name: typeof Store.meta): { get(key: 'active'): Promise<unknown> };
};

/** The active release, read inside a transaction that includes the meta store. */
export async function activeRelease(tx: AnyTx): Promise<string | undefined> {
  const rec = (await tx.objectStore(Store.meta).get('active')) as { release?: string } | undefined;
  return rec?.release;
}

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
      const current = await sets.get(release);
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

export interface CompleteDataset {
  manifest: Manifest;
  source: DataSource;
  movies: Movie[];
  users: User[];
  /** every ratings file of the manifest, in manifest order */
  shards: ShardRecord[];
  /** what markLoaded would store */
  summary: unknown;
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
  if (
    data.shards.length !== names.length ||
    data.shards.some(
      (s, i) =>
        s.name !== names[i] || s.dataVersion !== manifest.dataVersion || s.release !== release,
    )
  )
    throw new ReelError('internal', 'The shards to store do not match their manifest.');
  return guard('store the data', () =>
    transact([...DATA_STORES], 'readwrite', async (tx) => {
      const sets = tx.objectStore(Store.datasets);
      const current = await sets.get(release);
      await tx.objectStore(Store.meta).put({ key: 'active', release });
      if (isComplete(current) && current.manifest.dataVersion === manifest.dataVersion)
        return 'unchanged';
      await clearRelease(tx, release);
      const v = manifest.dataVersion;
      const tables = tx.objectStore(Store.tables);
      const shards = tx.objectStore(Store.shards);
      await Promise.all([
        sets.put({
          release,
          manifest,
          source,
          startedAt: Date.now(),
          loaded: { dataVersion: v, loadedAt: Date.now(), summary: data.summary },
        }),
        tables.put({ release, kind: 'movies', dataVersion: v, rows: data.movies }),
        tables.put({ release, kind: 'users', dataVersion: v, rows: data.users }),
        ...data.shards.map((rec) => shards.put(rec)),
      ]);
      return 'replaced';
    }),
  );
}

/** Names of the manifest files already stored (tables and shards) for the active data set. */
export function storedFiles(dataVersion: string): Promise<Set<string>> {
  return guard('read stored shards', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.datasets, Store.shards, Store.tables], 'readonly');
    const names = new Set<string>();
    const release = await activeRelease(tx);
    if (release === undefined) return names;
    const [rec, shards, tables] = await Promise.all([
      tx.objectStore(Store.datasets).get(release),
      tx.objectStore(Store.shards).index('release').getAll(release),
      tx.objectStore(Store.tables).getAll(IDBKeyRange.bound([release], [release, []])),
    ]);
    await tx.done;
    for (const s of shards) if (s.dataVersion === dataVersion) names.add(s.name);
    if (rec) {
      for (const t of tables) {
        const file = rec.manifest.files.find((f) => f.kind === t.kind);
        if (file && t.dataVersion === dataVersion) names.add(file.name);
      }
    }
    return names;
  });
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
export function markLoaded(dataVersion: string, summary: unknown): Promise<void> {
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
        throw new ReelError('no-data', 'The MovieLens data is only partly loaded.');
      await sets.put({ ...m, loaded: { dataVersion, loadedAt: Date.now(), summary } });
    }),
  );
}

/** The active data set's manifest when every file of it is stored, else undefined. */
export function completeManifest(): Promise<StoredManifest | undefined> {
  return guard('check the stored data', async () => {
    const d = await db();
    const active = (await d.get(Store.meta, 'active'))?.release;
    const rec = active === undefined ? undefined : await d.get(Store.datasets, active);
    return isComplete(rec)
      ? { manifest: rec.manifest, source: rec.source, summary: rec.loaded.summary }
      : undefined;
  });
}

/** Every stored data set (complete or not), the active one marked. */
export function listDatasets(): Promise<StoredDataset[]> {
  return guard('list the stored data', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.datasets], 'readonly');
    const [active, all] = await Promise.all([
      activeRelease(tx),
      tx.objectStore(Store.datasets).getAll(),
    ]);
    await tx.done;
    return all.map((r) => ({
      release: r.release,
      manifest: r.manifest,
      source: r.source,
      complete: isComplete(r),
      active: r.release === active,
      summary: r.loaded?.summary,
    }));
  });
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

/** The active data set as typed-array columns (rows in manifest order). */
export function loadDataset(): Promise<Dataset> {
  return guard('read the data', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.datasets, Store.tables, Store.shards], 'readonly');
    const release = (await activeRelease(tx)) ?? '';
    const [m, movies, users, shards] = await Promise.all([
      tx.objectStore(Store.datasets).get(release),
      tx.objectStore(Store.tables).get([release, 'movies']),
      tx.objectStore(Store.tables).get([release, 'users']),
      tx.objectStore(Store.shards).index('release').getAll(release),
    ]);
    await tx.done;
    if (!m || movies?.kind !== 'movies' || users?.kind !== 'users')
      throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
    const version = m.manifest.dataVersion;
    // Only the shards this manifest lists, in its order (never a stray one of another layout).
    const byName = new Map(shards.map((s) => [s.name, s]));
    const mine = ratingFiles(m.manifest).map((f) => byName.get(f.name));
    if (mine.some((s) => s === undefined || s.dataVersion !== version))
      throw new ReelError('no-data', 'The MovieLens data is only partly loaded.');
    return {
      version,
      movies: movies.rows,
      users: users.rows,
      ratings: concatShards(mine as ShardRecord[]),
    };
  });
}

export function concatShards(shards: ShardRecord[]): RatingColumns {
  if (shards.length === 0)
    return {
      users: new Uint32Array(0),
      movies: new Uint32Array(0),
      ratings: new Float32Array(0),
      timestamps: new Uint32Array(0),
    };
  const all = concatColumns(
    shards.map((s) => ({
      users: s.users,
      movies: s.movies,
      halves: s.halves,
      timestamps: s.timestamps,
    })),
  );
  const ratings = new Float32Array(all.halves.length);
  for (let i = 0; i < ratings.length; i++) ratings[i] = all.halves[i]! / 2; // stars x 2 → stars
  return { users: all.users, movies: all.movies, ratings, timestamps: all.timestamps };
}

/** Rating columns as a stored shard of `release` (stars become stars x 2). */
export function shardRecord(
  release: string,
  name: string,
  dataVersion: string,
  index: number,
  cols: RatingColumns,
): ShardRecord {
  return {
    release,
    name,
    dataVersion,
    index,
    rows: cols.ratings.length,
    users: cols.users,
    movies: cols.movies,
    halves: Uint8Array.from(cols.ratings, (r) => Math.round(r * 2)),
    timestamps: cols.timestamps,
  };
}

/** Just the active movies table and its data version: all that serving a saved model needs. */
export function loadMovies(): Promise<{ version: string; movies: Movie[] }> {
  return guard('read the movies', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.datasets, Store.tables], 'readonly');
    const release = (await activeRelease(tx)) ?? '';
    const [m, movies] = await Promise.all([
      tx.objectStore(Store.datasets).get(release),
      tx.objectStore(Store.tables).get([release, 'movies']),
    ]);
    await tx.done;
    if (!m || movies?.kind !== 'movies')
      throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
    return { version: m.manifest.dataVersion, movies: movies.rows };
  });
}

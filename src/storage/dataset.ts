/**
 * The MovieLens data in IndexedDB. Rules kept here:
 * - a data set is identified by its manifest's (version, dataVersion, file names); writing a
 *   different manifest first deletes the old data and models in the same transaction, so two
 *   data sets never mix — not even two layouts (server shards, imported shards) of the same data;
 * - a download writes one shard per transaction, so a reload in the middle keeps every shard that
 *   committed and resumes with the rest; each write checks, in its own transaction, that the
 *   stored manifest still lists what it writes, so a download that was overtaken (by an import,
 *   or another tab) can never add its shards to the new data or mark it loaded;
 * - an import is one transaction (`replaceDataset`): all of it replaces the old data, or nothing
 *   changes; importing the data that is already stored changes nothing.
 */
import type { Dataset, Movie, RatingColumns, User } from '../core/data/types';
import type { Manifest } from '../core/data/manifest';
import { ReelError } from '../core/errors';
import { db, Store, type DataSource, type MetaRecord, type ShardRecord } from './db';
import { guard, transact } from './tx';

export interface StoredManifest {
  manifest: Manifest;
  source: DataSource;
  /** what markLoaded stored (only on a complete data set) */
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

/** The stored manifest record, when it is the data set `dataVersion` names. */
function activeManifest(rec: MetaRecord | undefined, dataVersion: string) {
  if (rec?.key !== 'manifest' || rec.manifest.dataVersion !== dataVersion) throw overtaken();
  return rec;
}

export function getManifest(): Promise<StoredManifest | undefined> {
  return guard('read the data manifest', async () => {
    const rec = await (await db()).get(Store.meta, 'manifest');
    return rec?.key === 'manifest' ? { manifest: rec.manifest, source: rec.source } : undefined;
  });
}

/**
 * Makes `manifest` the active data set. Same data as stored: nothing changes (resume). Different
 * data: old shards, tables, models and the loaded mark are removed atomically first.
 * Returns true when old data was replaced.
 */
export function beginDataset(manifest: Manifest, source: DataSource): Promise<boolean> {
  return guard('prepare storage for the data', () =>
    transact([Store.meta, Store.tables, Store.shards, Store.models], 'readwrite', async (tx) => {
      const meta = tx.objectStore(Store.meta);
      const current = await meta.get('manifest');
      if (current?.key === 'manifest' && sameData(current.manifest, manifest)) {
        if (current.source !== source) await meta.put({ ...current, source });
        return false;
      }
      await Promise.all([
        tx.objectStore(Store.tables).clear(),
        tx.objectStore(Store.shards).clear(),
        tx.objectStore(Store.models).clear(),
        meta.delete('loaded'),
      ]);
      await meta.put({ key: 'manifest', manifest, source, startedAt: Date.now() });
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
 * Stores a complete data set in ONE transaction: the old data, models and loaded mark go, all of
 * the new one is written and marked loaded — or, on any failure, nothing changes. When the same
 * data (dataVersion) is already completely stored, nothing is written: returns 'unchanged'.
 */
export function replaceDataset(data: CompleteDataset): Promise<'replaced' | 'unchanged'> {
  const { manifest, source } = data;
  const names = ratingFiles(manifest).map((f) => f.name);
  if (
    data.shards.length !== names.length ||
    data.shards.some((s, i) => s.name !== names[i] || s.dataVersion !== manifest.dataVersion)
  )
    throw new ReelError('internal', 'The shards to store do not match their manifest.');
  return guard('store the data', () =>
    transact([Store.meta, Store.tables, Store.shards, Store.models], 'readwrite', async (tx) => {
      const meta = tx.objectStore(Store.meta);
      const [current, loaded] = await Promise.all([meta.get('manifest'), meta.get('loaded')]);
      if (
        current?.key === 'manifest' &&
        loaded?.key === 'loaded' &&
        loaded.dataVersion === current.manifest.dataVersion &&
        current.manifest.dataVersion === manifest.dataVersion
      )
        return 'unchanged';
      const shards = tx.objectStore(Store.shards);
      const tables = tx.objectStore(Store.tables);
      await Promise.all([
        tables.clear(),
        shards.clear(),
        tx.objectStore(Store.models).clear(),
        meta.delete('loaded'),
      ]);
      const v = manifest.dataVersion;
      await Promise.all([
        meta.put({ key: 'manifest', manifest, source, startedAt: Date.now() }),
        tables.put({ key: 'movies', dataVersion: v, rows: data.movies }),
        tables.put({ key: 'users', dataVersion: v, rows: data.users }),
        ...data.shards.map((rec) => shards.put(rec)),
        meta.put({ key: 'loaded', dataVersion: v, loadedAt: Date.now(), summary: data.summary }),
      ]);
      return 'replaced';
    }),
  );
}

/** Names of the manifest files already stored (tables and shards) for this data version. */
export function storedFiles(dataVersion: string): Promise<Set<string>> {
  return guard('read stored shards', async () => {
    const d = await db();
    const tx = d.transaction([Store.shards, Store.tables, Store.meta], 'readonly');
    const names = new Set<string>();
    const manifest = await tx.objectStore(Store.meta).get('manifest');
    for (const rec of await tx.objectStore(Store.shards).getAll())
      if (rec.dataVersion === dataVersion) names.add(rec.name);
    const tables = await tx.objectStore(Store.tables).getAll();
    await tx.done;
    if (manifest?.key === 'manifest') {
      for (const t of tables) {
        const file = manifest.manifest.files.find((f) => f.kind === t.key);
        if (file && t.dataVersion === dataVersion) names.add(file.name);
      }
    }
    return names;
  });
}

/** Stores one ratings shard of the active data set (refused once another data set took over). */
export function putShard(rec: ShardRecord): Promise<void> {
  return guard('store a ratings shard', () =>
    transact([Store.meta, Store.shards], 'readwrite', async (tx) => {
      const m = activeManifest(await tx.objectStore(Store.meta).get('manifest'), rec.dataVersion);
      if (!ratingFiles(m.manifest).some((f) => f.name === rec.name)) throw overtaken();
      await tx.objectStore(Store.shards).put(rec);
    }),
  );
}

function putTable(key: 'movies' | 'users', dataVersion: string, rows: Movie[] | User[]) {
  return guard(`store the ${key}`, () =>
    transact([Store.meta, Store.tables], 'readwrite', async (tx) => {
      activeManifest(await tx.objectStore(Store.meta).get('manifest'), dataVersion);
      await tx
        .objectStore(Store.tables)
        .put(
          key === 'movies'
            ? { key, dataVersion, rows: rows as Movie[] }
            : { key, dataVersion, rows: rows as User[] },
        );
    }),
  );
}

export const putMovies = (dataVersion: string, rows: Movie[]): Promise<void> =>
  putTable('movies', dataVersion, rows);

export const putUsers = (dataVersion: string, rows: User[]): Promise<void> =>
  putTable('users', dataVersion, rows);

/**
 * Marks the data set complete; `summary` (figures for the UI) is kept so a warm start needs no
 * scan. Refused unless the active manifest is `dataVersion` and every one of its files is stored.
 */
export function markLoaded(dataVersion: string, summary: unknown): Promise<void> {
  return guard('finish storing the data', () =>
    transact([Store.meta, Store.tables, Store.shards], 'readwrite', async (tx) => {
      const meta = tx.objectStore(Store.meta);
      const m = activeManifest(await meta.get('manifest'), dataVersion);
      const [keys, movies, users] = await Promise.all([
        tx.objectStore(Store.shards).getAllKeys(),
        tx.objectStore(Store.tables).get('movies'),
        tx.objectStore(Store.tables).get('users'),
      ]);
      const have = new Set(keys);
      if (
        movies?.dataVersion !== dataVersion ||
        users?.dataVersion !== dataVersion ||
        !ratingFiles(m.manifest).every((f) => have.has(f.name))
      )
        throw new ReelError('no-data', 'The MovieLens data is only partly loaded.');
      await meta.put({ key: 'loaded', dataVersion, loadedAt: Date.now(), summary });
    }),
  );
}

/** The stored data set's manifest when every file of it is stored, else undefined. */
export function completeManifest(): Promise<StoredManifest | undefined> {
  return guard('check the stored data', async () => {
    const d = await db();
    const [m, loaded] = await Promise.all([
      d.get(Store.meta, 'manifest'),
      d.get(Store.meta, 'loaded'),
    ]);
    if (m?.key !== 'manifest' || loaded?.key !== 'loaded') return undefined;
    return loaded.dataVersion === m.manifest.dataVersion
      ? { manifest: m.manifest, source: m.source, summary: loaded.summary }
      : undefined;
  });
}

/** The whole stored data set as typed-array columns (rows in manifest order). */
export function loadDataset(): Promise<Dataset> {
  return guard('read the data', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.tables, Store.shards], 'readonly');
    const [m, movies, users, shards] = await Promise.all([
      tx.objectStore(Store.meta).get('manifest'),
      tx.objectStore(Store.tables).get('movies'),
      tx.objectStore(Store.tables).get('users'),
      tx.objectStore(Store.shards).getAll(),
    ]);
    await tx.done;
    if (m?.key !== 'manifest' || movies?.key !== 'movies' || users?.key !== 'users')
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
  const n = shards.reduce((s, r) => s + r.rows, 0);
  const out: RatingColumns = {
    users: new Uint16Array(n),
    movies: new Uint16Array(n),
    ratings: new Uint8Array(n),
    timestamps: new Uint32Array(n),
  };
  let at = 0;
  for (const s of shards) {
    out.users.set(s.users, at);
    out.movies.set(s.movies, at);
    out.ratings.set(s.ratings, at);
    out.timestamps.set(s.timestamps, at);
    at += s.rows;
  }
  return out;
}

/** Deletes the data set and models (keeps the user's profile and ratings). */
export function clearDataset(): Promise<void> {
  return guard('delete the data', () =>
    transact([Store.meta, Store.tables, Store.shards, Store.models], 'readwrite', async (tx) => {
      await Promise.all([
        tx.objectStore(Store.meta).clear(),
        tx.objectStore(Store.tables).clear(),
        tx.objectStore(Store.shards).clear(),
        tx.objectStore(Store.models).clear(),
      ]);
    }),
  );
}

/** Just the movies table and its data version: all that serving a saved model needs. */
export function loadMovies(): Promise<{ version: string; movies: Movie[] }> {
  return guard('read the movies', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.tables], 'readonly');
    const [m, movies] = await Promise.all([
      tx.objectStore(Store.meta).get('manifest'),
      tx.objectStore(Store.tables).get('movies'),
    ]);
    await tx.done;
    if (m?.key !== 'manifest' || movies?.key !== 'movies')
      throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
    return { version: m.manifest.dataVersion, movies: movies.rows };
  });
}

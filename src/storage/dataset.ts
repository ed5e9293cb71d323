/**
 * The MovieLens data in IndexedDB. Rule kept here: a data set is identified by its manifest's
 * (version, dataVersion); writing a different manifest first deletes the old data and models in
 * the same transaction, so two data sets never mix. Shards are written one transaction each, so
 * a reload in the middle keeps every shard that committed and resumes with the rest.
 */
import type { Dataset, Movie, RatingColumns, User } from '../core/data/types';
import type { Manifest } from '../core/data/manifest';
import { ReelError } from '../core/errors';
import { db, Store, type DataSource, type ShardRecord } from './db';
import { guard } from './tx';

export interface StoredManifest {
  manifest: Manifest;
  source: DataSource;
  /** what markLoaded stored (only on a complete data set) */
  summary?: unknown;
}

const sameData = (a: Manifest, b: Manifest) =>
  a.version === b.version && a.dataVersion === b.dataVersion;

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
  return guard('prepare storage for the data', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.tables, Store.shards, Store.models], 'readwrite');
    const meta = tx.objectStore(Store.meta);
    const current = await meta.get('manifest');
    let replaced = false;
    if (current?.key === 'manifest' && sameData(current.manifest, manifest)) {
      if (current.source !== source) await meta.put({ ...current, source });
    } else {
      replaced = current !== undefined;
      await Promise.all([
        tx.objectStore(Store.tables).clear(),
        tx.objectStore(Store.shards).clear(),
        tx.objectStore(Store.models).clear(),
        meta.delete('loaded'),
      ]);
      await meta.put({ key: 'manifest', manifest, source, startedAt: Date.now() });
    }
    await tx.done;
    return replaced;
  });
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

export function putShard(rec: ShardRecord): Promise<void> {
  return guard('store a ratings shard', async () => {
    const tx = (await db()).transaction(Store.shards, 'readwrite');
    await tx.store.put(rec);
    await tx.done;
  });
}

export function putMovies(dataVersion: string, rows: Movie[]): Promise<void> {
  return guard('store the movies', async () => {
    const tx = (await db()).transaction(Store.tables, 'readwrite');
    await tx.store.put({ key: 'movies', dataVersion, rows });
    await tx.done;
  });
}

export function putUsers(dataVersion: string, rows: User[]): Promise<void> {
  return guard('store the users', async () => {
    const tx = (await db()).transaction(Store.tables, 'readwrite');
    await tx.store.put({ key: 'users', dataVersion, rows });
    await tx.done;
  });
}

/** Marks the data set complete; `summary` (figures for the UI) is kept so a warm start needs no scan. */
export function markLoaded(dataVersion: string, summary: unknown): Promise<void> {
  return guard('finish storing the data', async () => {
    const tx = (await db()).transaction(Store.meta, 'readwrite');
    await tx.store.put({ key: 'loaded', dataVersion, loadedAt: Date.now(), summary });
    await tx.done;
  });
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
    const mine = shards.filter((s) => s.dataVersion === version).sort((a, b) => a.index - b.index);
    const expected = m.manifest.files.filter((f) => f.kind === 'ratings').length;
    if (mine.length !== expected)
      throw new ReelError('no-data', 'The MovieLens data is only partly loaded.');
    return { version, movies: movies.rows, users: users.rows, ratings: concatShards(mine) };
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
  return guard('delete the data', async () => {
    const d = await db();
    const tx = d.transaction([Store.meta, Store.tables, Store.shards, Store.models], 'readwrite');
    await Promise.all([
      tx.objectStore(Store.meta).clear(),
      tx.objectStore(Store.tables).clear(),
      tx.objectStore(Store.shards).clear(),
      tx.objectStore(Store.models).clear(),
    ]);
    await tx.done;
  });
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

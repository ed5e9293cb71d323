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
  const mismatch = () =>
    new ReelError('internal', 'The shards to store do not match their manifest.');
  const fits = (s: ShardRecord, i: number) =>
    s.name === names[i] && s.dataVersion === manifest.dataVersion && s.release === release;
  if (data.shards.length !== names.length) throw mismatch();
  if (Array.isArray(data.shards) && !(data.shards as ShardRecord[]).every(fits)) throw mismatch();
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

/** Names of the manifest files already stored (tables and shards) for the active data set. */
export function storedFiles(dataVersion: string): Promise<Set<string>> {
  return guard('read stored shards', () =>
    transact([Store.meta, Store.datasets, Store.shards, Store.tables], 'readonly', async (tx) => {
      const names = new Set<string>();
      const release = await activeRelease(tx);
      if (release === undefined) return names;
      const [rec, shards, tables] = await Promise.all([
        tx.objectStore(Store.datasets).get(release),
        tx.objectStore(Store.shards).index('release').getAll(release),
        tx.objectStore(Store.tables).getAll(IDBKeyRange.bound([release], [release, []])),
      ]);
      for (const s of shards) if (s.dataVersion === dataVersion) names.add(s.name);
      if (rec) {
        for (const t of tables) {
          const file = rec.manifest.files.find((f) => f.kind === t.kind);
          if (file && t.dataVersion === dataVersion) names.add(file.name);
        }
      }
      return names;
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
    const rec = await transact([Store.meta, Store.datasets], 'readonly', async (tx) => {
      const active = (await tx.objectStore(Store.meta).get('active'))?.release;
      return active === undefined ? undefined : tx.objectStore(Store.datasets).get(active);
    });
    return isComplete(rec)
      ? { manifest: rec.manifest, source: rec.source, summary: rec.loaded.summary }
      : undefined;
  });
}

/** Every stored data set (complete or not), the active one marked. */
export function listDatasets(): Promise<StoredDataset[]> {
  return guard('list the stored data', async () => {
    const [active, all] = await transact([Store.meta, Store.datasets], 'readonly', (tx) =>
      Promise.all([activeRelease(tx), tx.objectStore(Store.datasets).getAll()]),
    );
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

/**
 * One read transaction on the active data set: `use` gets its manifest and tables ('no-data'
 * when they are not all there), and `eachShard`, which walks its stored shards of that version
 * with a cursor (storage order, one shard in memory at a time). `use` must call eachShard without
 * waiting on anything else first (the transaction ends when it has no request left).
 */
interface Active {
  manifest: Manifest;
  version: string;
  movies: Movie[];
  users: User[];
  eachShard: (each: (shard: ShardRecord) => void) => Promise<void>;
}

function withActive<T>(use: (active: Active) => Promise<T>): Promise<T> {
  return transact(
    [Store.meta, Store.datasets, Store.tables, Store.shards],
    'readonly',
    async (tx) => {
      const release = (await activeRelease(tx)) ?? '';
      const [m, movies, users] = await Promise.all([
        tx.objectStore(Store.datasets).get(release),
        tx.objectStore(Store.tables).get([release, 'movies']),
        tx.objectStore(Store.tables).get([release, 'users']),
      ]);
      if (!m || movies?.kind !== 'movies' || users?.kind !== 'users')
        throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
      const version = m.manifest.dataVersion;
      const eachShard = async (each: (shard: ShardRecord) => void): Promise<void> => {
        const range = IDBKeyRange.bound([release], [release, []]);
        for (
          let cursor = await tx.objectStore(Store.shards).openCursor(range);
          cursor;
          cursor = await cursor.continue()
        )
          if (cursor.value.dataVersion === version) each(cursor.value);
      };
      return use({
        manifest: m.manifest,
        version,
        movies: movies.rows,
        users: users.rows,
        eachShard,
      });
    },
  );
}

/**
 * Calls `each` with the active data set's ratings, one stored shard at a time (in storage order,
 * not manifest order), and returns its tables: for figures that need one pass over the ratings
 * (counts, the summary), without holding them all. Throws 'no-data' unless every shard was seen.
 */
export function forEachShard(
  each: (cols: RatingColumns) => void,
): Promise<{ version: string; movies: Movie[]; users: User[] }> {
  return guard('read the data', () =>
    withActive(async ({ manifest, version, movies, users, eachShard }) => {
      const rows = new Map(ratingFiles(manifest).map((f) => [f.name, f.rows]));
      const seen = new Set<string>();
      await eachShard((sh) => {
        if (rows.get(sh.name) !== sh.rows) return;
        seen.add(sh.name);
        each({
          users: sh.users,
          movies: sh.movies,
          ratings: Float32Array.from(sh.halves, (h) => h / 2),
          timestamps: sh.timestamps,
        });
      });
      if (seen.size !== rows.size)
        throw new ReelError('no-data', 'The MovieLens data is only partly loaded.');
      return { version, movies, users };
    }),
  );
}

/**
 * The active data set as typed-array columns (rows in manifest order). The shards are read one at
 * a time with a cursor straight into the final columns (17 bytes a rating), never all at once
 * (a getAll of ML-25M's shards plus their concatenation held ~45 bytes a rating).
 */
export function loadDataset(): Promise<Dataset> {
  return guard('read the data', () =>
    withActive(async ({ manifest, movies, users, version, eachShard }) => {
      // Only the shards this manifest lists, at their place in its order (never a stray one).
      const files = ratingFiles(manifest);
      const offset = new Map<string, { at: number; rows: number }>();
      let n = 0;
      for (const f of files) {
        offset.set(f.name, { at: n, rows: f.rows });
        n += f.rows;
      }
      const cols: RatingColumns = {
        users: new Uint32Array(n),
        movies: new Uint32Array(n),
        ratings: new Float32Array(n),
        timestamps: new Uint32Array(n),
      };
      const partly = () => new ReelError('no-data', 'The MovieLens data is only partly loaded.');
      const seen = new Set<string>();
      await eachShard((s) => {
        const place = offset.get(s.name);
        if (!place) return;
        if (s.halves.length !== place.rows || s.users.length !== place.rows) throw partly();
        cols.users.set(s.users, place.at);
        cols.movies.set(s.movies, place.at);
        cols.timestamps.set(s.timestamps, place.at);
        for (let i = 0; i < place.rows; i++) cols.ratings[place.at + i] = s.halves[i]! / 2; // stars x 2 → stars
        seen.add(s.name);
      });
      if (seen.size !== files.length) throw partly();
      return { version, movies, users, ratings: cols };
    }),
  );
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

/** The active movies and users tables (no ratings). */
export function loadTables(): Promise<{ movies: Movie[]; users: User[] }> {
  return guard('read the movies', async () => {
    const [movies, users] = await transact([Store.meta, Store.tables], 'readonly', async (tx) => {
      const release = (await activeRelease(tx)) ?? '';
      return Promise.all([
        tx.objectStore(Store.tables).get([release, 'movies']),
        tx.objectStore(Store.tables).get([release, 'users']),
      ]);
    });
    if (movies?.kind !== 'movies' || users?.kind !== 'users')
      throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
    return { movies: movies.rows, users: users.rows };
  });
}

/** Just the active movies table and its data version: all that serving a saved model needs. */
export function loadMovies(): Promise<{ version: string; movies: Movie[] }> {
  return guard('read the movies', async () => {
    const [m, movies] = await transact(
      [Store.meta, Store.datasets, Store.tables],
      'readonly',
      async (tx) => {
        const release = (await activeRelease(tx)) ?? '';
        return Promise.all([
          tx.objectStore(Store.datasets).get(release),
          tx.objectStore(Store.tables).get([release, 'movies']),
        ]);
      },
    );
    if (!m || movies?.kind !== 'movies')
      throw new ReelError('no-data', 'The MovieLens data is not loaded yet.');
    return { version: m.manifest.dataVersion, movies: movies.rows };
  });
}

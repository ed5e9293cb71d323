/**
 * Reading the MovieLens data sets in IndexedDB (one per release, one of them active; written by
 * datasetWrite.ts, whose header gives the rules). Every read without a release reads the active
 * data set; a data set counts only once complete (its loaded mark names its manifest's data
 * version). Every record is checked as it is read back (restoreDatasetSummary, restoreShardRecord,
 * datasetRecord.ts): a damaged or older one is never trusted as stored. A damaged data-set record
 * counts as no data (nothing complete, no tables stored); listDatasets leaves it out of the list
 * and deletes nothing, so nothing is lost: loading that release again replaces it.
 */
import { restoreDatasetSummary, type DatasetSummary } from '../core/api/data';
import { fromHalfSteps } from '../core/data/stars';
import type { Dataset, Movie, RatingColumns, User } from '../core/data/types';
import type { Manifest } from '../core/data/manifest';
import { dataNotLoaded, dataPartlyLoaded } from '../core/errors';
import { Store, type DatasetRecord, type DataSource, type ShardRecord } from './db';
import {
  restoreDatasetRecord,
  restoreMovies,
  restoreUsers,
  storedDatasetRecord,
} from './datasetRecord';
import { restoreShardRecord } from './shardRecord';
import { guard, transact } from './tx';

export interface StoredManifest {
  manifest: Manifest;
  source: DataSource;
  /** what markLoaded stored (only on a complete data set), restored; undefined when unusable */
  summary?: DatasetSummary;
}

/** A stored data set, as the Data page lists them. */
export interface StoredDataset {
  release: string;
  manifest: Manifest;
  source: DataSource;
  complete: boolean;
  active: boolean;
  summary?: DatasetSummary;
}

export const ratingFiles = (m: Manifest) => m.files.filter((f) => f.kind === 'ratings');

export const isComplete = (d: DatasetRecord | undefined): d is DatasetRecord & { loaded: object } =>
  !!d?.loaded && d.loaded.dataVersion === d.manifest.dataVersion;

type AnyTx = {
  objectStore(name: typeof Store.meta): { get(key: 'active'): Promise<unknown> };
};

/** The active release, read inside a transaction that includes the meta store. */
export async function activeRelease(tx: AnyTx): Promise<string | undefined> {
  const rec = (await tx.objectStore(Store.meta).get('active')) as { release?: string } | undefined;
  return rec?.release;
}

/** Names of the manifest files already stored (tables and shards) for the active data set. */
export function storedFiles(dataVersion: string): Promise<Set<string>> {
  return guard('read stored shards', () =>
    transact([Store.meta, Store.datasets, Store.shards, Store.tables], 'readonly', async (tx) => {
      const names = new Set<string>();
      const release = await activeRelease(tx);
      if (release === undefined) return names;
      const [raw, shards, tables] = await Promise.all([
        tx.objectStore(Store.datasets).get(release),
        tx.objectStore(Store.shards).index('release').getAll(release),
        tx.objectStore(Store.tables).getAll(IDBKeyRange.bound([release], [release, []])),
      ]);
      for (const s of shards) if (s.dataVersion === dataVersion) names.add(s.name);
      const rec = storedDatasetRecord(raw);
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

/** The active data set's manifest when every file of it is stored, else undefined. */
export function completeManifest(): Promise<StoredManifest | undefined> {
  return guard('check the stored data', async () => {
    const rec = storedDatasetRecord(
      await transact([Store.meta, Store.datasets], 'readonly', async (tx) => {
        const active = (await tx.objectStore(Store.meta).get('active'))?.release;
        return active === undefined ? undefined : tx.objectStore(Store.datasets).get(active);
      }),
    );
    return isComplete(rec)
      ? {
          manifest: rec.manifest,
          source: rec.source,
          summary: restoreDatasetSummary(rec.loaded.summary),
        }
      : undefined;
  });
}

/** Every stored data set (complete or not), the active one marked. */
export function listDatasets(): Promise<StoredDataset[]> {
  return guard('list the stored data', async () => {
    const [active, all] = await transact([Store.meta, Store.datasets], 'readonly', (tx) =>
      Promise.all([activeRelease(tx), tx.objectStore(Store.datasets).getAll()]),
    );
    const valid = all.map(storedDatasetRecord).filter((r) => r !== undefined);
    return valid.map((r) => ({
      release: r.release,
      manifest: r.manifest,
      source: r.source,
      complete: isComplete(r),
      active: r.release === active,
      summary: restoreDatasetSummary(r.loaded?.summary),
    }));
  });
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
      if (!m || movies?.kind !== 'movies' || users?.kind !== 'users') throw dataNotLoaded();
      const { manifest } = restoreDatasetRecord(m);
      const version = manifest.dataVersion;
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
        manifest,
        version,
        movies: restoreMovies(movies.rows),
        users: restoreUsers(users.rows),
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
      await eachShard((raw) => {
        const sh = restoreShardRecord(raw, rows.get(raw.name));
        if (!sh) return;
        seen.add(sh.name);
        each({
          users: sh.users,
          movies: sh.movies,
          ratings: Float32Array.from(sh.halves, fromHalfSteps),
          timestamps: sh.timestamps,
        });
      });
      if (seen.size !== rows.size) throw dataPartlyLoaded();
      return { version, movies, users };
    }),
  );
}

/**
 * The active data set as typed-array columns (rows in manifest order). The shards are read one at
 * a time with a cursor straight into the final columns, never all at once (a getAll of every shard
 * plus their concatenation would hold the ratings more than twice over).
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
      const partly = dataPartlyLoaded;
      const seen = new Set<string>();
      await eachShard((raw) => {
        const place = offset.get(raw.name);
        if (!place) return;
        const s = restoreShardRecord(raw, place.rows);
        if (!s) throw partly();
        cols.users.set(s.users, place.at);
        cols.movies.set(s.movies, place.at);
        cols.timestamps.set(s.timestamps, place.at);
        for (let i = 0; i < place.rows; i++)
          cols.ratings[place.at + i] = fromHalfSteps(s.halves[i]!);
        seen.add(s.name);
      });
      if (seen.size !== files.length) throw partly();
      return { version, movies, users, ratings: cols };
    }),
  );
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
    if (movies?.kind !== 'movies' || users?.kind !== 'users') throw dataNotLoaded();
    return { movies: restoreMovies(movies.rows), users: restoreUsers(users.rows) };
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
    if (!m || movies?.kind !== 'movies') throw dataNotLoaded();
    const { manifest } = restoreDatasetRecord(m);
    return { version: manifest.dataVersion, movies: restoreMovies(movies.rows) };
  });
}

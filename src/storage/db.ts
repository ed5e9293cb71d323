/**
 * The one IndexedDB database of Reel. Everything persistent lives here. Since v3 (issue #10)
 * several MovieLens data sets can be stored, one per release ("ml-1m", "ml-25m", ...), and one
 * of them is active; models, profile and ratings belong to a data set:
 *   meta        — { key: 'active', release }: the active data set
 *   datasets    — per release: its manifest, source and, once complete, the loaded mark  (v3)
 *   tables      — movies and users tables, keyed [release, kind]                        (v3 key)
 *   shards      — decoded rating shards, keyed [release, name]; a shard counts as loaded
 *                 only once its transaction has committed                               (v3 key)
 *   models      — trained weights + metadata, keyed [release, kind]                     (v3 key)
 *   profile     — the user's profile per DATA VERSION (the manifest's content hash), with
 *                 its release, clock and what a carry-over left behind                   (v4 key)
 *   userRatings — the user's ratings and "haven't seen", keyed [dataVersion, movieId], each
 *                 with its clock and the film's title and year                           (v4 key)
 * A profile belongs to content, not to a release name: the same id may be another film in
 * another data version (issue 22; src/storage/profile.ts carries actions over).
 * Ratings in shards are one byte each holding half steps (core/data/stars.ts); ids are 32-bit.
 *
 * DO NOT CHANGE DB_NAME, store names or key paths WITHOUT ADDING A MIGRATION to `upgrade` and a
 * test for it (tests/unit/storage/migrations.test.ts). `upgrade` must stay idempotent: each step
 * checks what exists, so any old version (or a half-upgraded one) ends at the current schema.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type { Movie, User } from '../core/data/types';
import type { Manifest } from '../core/data/manifest';
import { restoreDatasetSummary, type DataSource, type DatasetSummary } from '../core/api/data';
import { toHalfSteps } from '../core/data/stars';
import type { BlendInfo, ModelInfo } from '../core/api/model';
import type { ModelKind } from '../core/kinds';
import type { Profile, UserRating } from '../core/profile';
import type { CarryReport } from '../core/profile/carryOver';

export const DB_NAME = 'reel';
export const DB_VERSION = 4;
/** The release a v1/v2 database held (they only read ML-1M). */
export const LEGACY_RELEASE = 'ml-1m';

export const Store = {
  meta: 'meta',
  datasets: 'datasets',
  tables: 'tables',
  shards: 'shards',
  models: 'models',
  profile: 'profile',
  userRatings: 'userRatings',
} as const;

export interface ShardRecord {
  release: string;
  name: string;
  dataVersion: string;
  /** row offset of this shard within the full ratings columns */
  index: number;
  rows: number;
  users: Uint32Array;
  movies: Uint32Array;
  /** half steps, 1..10 (core/data/stars.ts) */
  halves: Uint8Array;
  timestamps: Uint32Array;
}

export type { DataSource };

type MetaRecord = { key: 'active'; release: string };

export interface DatasetRecord {
  release: string;
  manifest: Manifest;
  source: DataSource;
  startedAt: number;
  /**
   * set once every file is stored (markLoaded), with the data set's figures (none, or an older
   * Reel's, until read back through restoreDatasetSummary: then computed again)
   */
  loaded?: { dataVersion: string; loadedAt: number; summary?: DatasetSummary };
}

export type TableRecord =
  | { release: string; kind: 'movies'; dataVersion: string; rows: Movie[] }
  | { release: string; kind: 'users'; dataVersion: string; rows: User[] };

/**
 * A trained model (weights as plain typed arrays; the worker validates them on load), or under
 * 'blend' the served blend's weights and figures, measured on the models saved beside it.
 * Their metadata is checked on every read (restoreModelInfo / restoreBlendInfo, src/core/api).
 */
export type ModelKey = ModelKind | 'blend';

export interface TrainedModelRecord {
  kind: ModelKind;
  dataVersion: string;
  savedAt: number;
  meta: ModelInfo;
  /** serialized weights, whose shape the model layer owns and checks (restoreWeights) */
  weights: unknown;
}

/** The served blend: figures only, no weights. */
export interface BlendRecord {
  kind: 'blend';
  dataVersion: string;
  savedAt: number;
  meta: BlendInfo;
  weights: null;
}

export type ModelRecord = TrainedModelRecord | BlendRecord;

/** A profile, stored under the data version its actions' ids belong to. */
export type ProfileRecord = Profile & {
  dataVersion: string;
  release: string;
  /** the last clock value this profile issued (core/profile/ordering.ts) */
  hlc: number;
  /** set when the profile was made by carrying another version's actions over */
  carry?: CarryReport;
};

/** One action (rating or "haven't seen") of the profile of `dataVersion`. */
export type ActionRecord = UserRating & { dataVersion: string };

/** The version a v3 profile is moved to when its release's data was not completely stored. */
const UNKNOWN_VERSION_PREFIX = 'unknown:';

export interface ReelDB extends DBSchema {
  meta: { key: 'active'; value: MetaRecord };
  datasets: { key: string; value: DatasetRecord };
  tables: { key: [string, 'movies' | 'users']; value: TableRecord };
  shards: { key: [string, string]; value: ShardRecord; indexes: { release: string } };
  models: { key: [string, ModelKey]; value: ModelRecord & { release: string } };
  profile: { key: string; value: ProfileRecord };
  userRatings: { key: [string, number]; value: ActionRecord };
}

export type ReelDatabase = IDBPDatabase<ReelDB>;
type UpgradeTx = IDBPTransaction<ReelDB, StoreNames<ReelDB>[], 'versionchange'>;

/** Idempotent schema upgrade from any older version (see header). */
async function upgrade(db: ReelDatabase, oldVersion: number, tx: UpgradeTx): Promise<void> {
  // Loosely typed view for the stores as older versions laid them out.
  const anyDb = db as unknown as IDBPDatabase;
  const anyTx = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
  const has = (name: string) => db.objectStoreNames.contains(name as StoreNames<ReelDB>);
  const readAll = async (name: string): Promise<Record<string, unknown>[]> =>
    has(name) ? ((await anyTx.objectStore(name).getAll()) as Record<string, unknown>[]) : [];

  // v1/v2 -> v3: everything belonged to the one (ML-1M) data set; re-key it under its release.
  let old: Record<string, Record<string, unknown>[]> | null = null;
  if (oldVersion > 0 && oldVersion < 3 && !has(Store.datasets)) {
    old = {};
    for (const name of ['meta', 'tables', 'shards', 'models', 'profile', 'userRatings'])
      old[name] = await readAll(name);
    for (const name of ['tables', 'shards', 'models', 'profile', 'userRatings'])
      if (has(name)) anyDb.deleteObjectStore(name);
    if (has('meta')) await anyTx.objectStore('meta').clear();
  }
  if (!has(Store.meta)) db.createObjectStore(Store.meta, { keyPath: 'key' });
  if (!has(Store.datasets)) db.createObjectStore(Store.datasets, { keyPath: 'release' });
  if (!has(Store.tables)) db.createObjectStore(Store.tables, { keyPath: ['release', 'kind'] });
  if (!has(Store.shards))
    db.createObjectStore(Store.shards, { keyPath: ['release', 'name'] }).createIndex(
      'release',
      'release',
    );
  if (!has(Store.models)) db.createObjectStore(Store.models, { keyPath: ['release', 'kind'] });
  // A v1/v2 profile first moves to its v3 place (by release), then on to v4 with the others.
  if (old) {
    if (!has(Store.profile)) anyDb.createObjectStore(Store.profile, { keyPath: 'release' });
    if (!has(Store.userRatings))
      anyDb.createObjectStore(Store.userRatings, { keyPath: ['release', 'movieId'] });
    await moveLegacy(tx, old);
  }
  await profilesToVersions(db, tx);
  if (!has(Store.profile)) db.createObjectStore(Store.profile, { keyPath: 'dataVersion' });
  if (!has(Store.userRatings))
    db.createObjectStore(Store.userRatings, { keyPath: ['dataVersion', 'movieId'] });
}

/**
 * v3 -> v4: profiles and actions keyed by release move to the data version stored for that
 * release (the content their ids were given on), and each action gets its film's title and year
 * from that version's movies and its wall-clock time as its clock. A release whose data is not
 * completely stored (a replacement was being downloaded) cannot say which content the ids named:
 * its profile goes under UNKNOWN_VERSION_PREFIX + release, untitled, so it is never carried
 * over by id alone. Runs only while the stores have their v3 key paths (idempotent).
 */
async function profilesToVersions(db: ReelDatabase, tx: UpgradeTx): Promise<void> {
  const anyDb = db as unknown as IDBPDatabase;
  const anyTx = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
  const has = (name: string) => db.objectStoreNames.contains(name as StoreNames<ReelDB>);
  const keyPathOf = (name: string) => (has(name) ? anyTx.objectStore(name).keyPath : null);
  const oldProfiles = keyPathOf(Store.profile) === 'release';
  const oldActions = JSON.stringify(keyPathOf(Store.userRatings)) === '["release","movieId"]';
  if (!oldProfiles && !oldActions) return;
  type Old = Record<string, unknown> & { release: string };
  const profiles = oldProfiles ? ((await anyTx.objectStore(Store.profile).getAll()) as Old[]) : [];
  const actions = oldActions
    ? ((await anyTx.objectStore(Store.userRatings).getAll()) as Old[])
    : [];
  const versions = new Map<string, { dataVersion: string; films: Map<number, Movie> }>();
  for (const release of new Set([...profiles, ...actions].map((r) => r.release))) {
    const set = (await anyTx.objectStore(Store.datasets).get(release)) as DatasetRecord | undefined;
    const complete = set?.loaded && set.loaded.dataVersion === set.manifest.dataVersion;
    const dataVersion = complete ? set.manifest.dataVersion : UNKNOWN_VERSION_PREFIX + release;
    const table = complete
      ? ((await anyTx.objectStore(Store.tables).get([release, 'movies'])) as
          TableRecord | undefined)
      : undefined;
    const films = new Map<number, Movie>();
    if (table?.kind === 'movies' && table.dataVersion === dataVersion)
      for (const m of table.rows) films.set(m.id, m);
    versions.set(release, { dataVersion, films });
  }
  if (oldProfiles) anyDb.deleteObjectStore(Store.profile);
  if (oldActions) anyDb.deleteObjectStore(Store.userRatings);
  const profileStore = db.createObjectStore(Store.profile, { keyPath: 'dataVersion' });
  const actionStore = db.createObjectStore(Store.userRatings, {
    keyPath: ['dataVersion', 'movieId'],
  });
  const clocks = new Map<string, number>();
  const puts: Promise<unknown>[] = [];
  for (const { release, ...a } of actions) {
    const { dataVersion, films } = versions.get(release)!;
    const at = typeof a.at === 'number' ? a.at : 0;
    const film = films.get(a.movieId as number);
    clocks.set(dataVersion, Math.max(clocks.get(dataVersion) ?? 0, at));
    puts.push(
      actionStore.put({
        ...(a as unknown as UserRating),
        hlc: at,
        ...(film ? { title: film.title, year: film.year } : {}),
        dataVersion,
      }),
    );
  }
  for (const { release, ...p } of profiles) {
    const { dataVersion } = versions.get(release)!;
    puts.push(
      profileStore.put({
        ...(p as unknown as Profile),
        dataVersion,
        release,
        hlc: clocks.get(dataVersion) ?? 0,
      }),
    );
  }
  await Promise.all(puts);
}

async function moveLegacy(tx: UpgradeTx, old: Record<string, Record<string, unknown>[]>) {
  const anyTx = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
  const release = LEGACY_RELEASE;
  const meta = old.meta!;
  const m = meta.find((r) => r.key === 'manifest') as
    { manifest: Manifest; source: DataSource; startedAt: number } | undefined;
  const loaded = meta.find((r) => r.key === 'loaded') as
    { dataVersion: string; loadedAt: number; summary: unknown } | undefined;
  const puts: Promise<unknown>[] = [];
  if (m) {
    puts.push(
      tx.objectStore(Store.datasets).put({
        release,
        manifest: { ...m.manifest, release },
        source: m.source,
        startedAt: m.startedAt,
        ...(loaded
          ? {
              loaded: {
                dataVersion: loaded.dataVersion,
                loadedAt: loaded.loadedAt,
                summary: restoreDatasetSummary(loaded.summary),
              },
            }
          : {}),
      }),
      tx.objectStore(Store.meta).put({ key: 'active', release }),
    );
  }
  for (const t of old.tables!)
    puts.push(
      tx.objectStore(Store.tables).put({
        release,
        kind: t.key,
        dataVersion: t.dataVersion,
        rows: t.rows,
      } as TableRecord),
    );
  for (const s of old.shards!) {
    const r = s as { name: string; dataVersion: string; index: number; rows: number } & Record<
      string,
      ArrayLike<number>
    >;
    puts.push(
      tx.objectStore(Store.shards).put({
        release,
        name: r.name,
        dataVersion: r.dataVersion,
        index: r.index,
        rows: r.rows,
        users: Uint32Array.from(r.users!),
        movies: Uint32Array.from(r.movies!),
        halves: Uint8Array.from(r.ratings!, toHalfSteps),
        timestamps: Uint32Array.from(r.timestamps!),
      }),
    );
  }
  for (const rec of old.models!)
    puts.push(tx.objectStore(Store.models).put({ ...(rec as unknown as ModelRecord), release }));
  for (const p of old.profile!) {
    const { key: _key, ...profile } = p;
    puts.push(anyTx.objectStore(Store.profile).put({ ...profile, release }));
  }
  // Under v3's key paths: profilesToVersions moves them on.
  for (const r of old.userRatings!)
    puts.push(anyTx.objectStore(Store.userRatings).put({ ...r, release }));
  await Promise.all(puts);
}

let dbPromise: Promise<ReelDatabase> | null = null;

/**
 * One shared connection per JS realm (page or worker). When the browser closes it (the user
 * cleared site data, or the disk went away) or another tab upgrades, the next call opens a new
 * one instead of failing with "The database connection is closing" until a reload.
 */
export function db(): Promise<ReelDatabase> {
  if (dbPromise) return dbPromise;
  const opening: Promise<ReelDatabase> = openDB<ReelDB>(DB_NAME, DB_VERSION, {
    upgrade: (database, oldVersion, _newVersion, tx) => upgrade(database, oldVersion, tx),
    blocking: () => {
      // A newer version of the app was opened in another tab: let it upgrade.
      void opening.then((d) => d.close());
      forget(opening);
    },
    terminated: () => {
      terminations++;
      forget(opening);
      for (const f of [...lostListeners]) f();
    },
  });
  dbPromise = opening;
  opening.catch(() => forget(opening));
  return opening;
}

const lostListeners = new Set<() => void>();
let terminations = 0;

/** How many times the browser has closed a connection under us (a counter to compare). */
export function connectionTerminations(): number {
  return terminations;
}

/**
 * Called when the browser closes the database under us — the user cleared the site's data. What
 * the page shows was read from a database that no longer exists; the listener decides what to do.
 */
export function onConnectionLost(f: () => void): () => void {
  lostListeners.add(f);
  return () => lostListeners.delete(f);
}

function forget(p: Promise<ReelDatabase>): void {
  if (dbPromise === p) dbPromise = null;
}

/**
 * True for the errors IndexedDB gives when a connection closed under us: InvalidStateError for a
 * request on a closed connection, and (Chromium, whatever the error's name) "Connection is closing
 * because of: Force close delete origin" or "The connection was closed" for a transaction that was
 * running when the site's data was cleared.
 */
export function isClosedConnection(e: unknown): boolean {
  const { name, message } = (e ?? {}) as { name?: string; message?: string };
  return (
    name === 'InvalidStateError' ||
    /connection (is closing|was closed)|force close/i.test(message ?? '')
  );
}

/** Forgets the shared connection (found closed); the next db() opens a new one. */
export function resetConnection(): void {
  dbPromise = null;
}

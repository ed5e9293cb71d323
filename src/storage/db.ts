/**
 * The one IndexedDB database of Reel. Everything persistent lives here:
 *   meta        — small keyed records: the active data manifest, the data source
 *   tables      — the movies and users tables, one record each
 *   shards      — decoded rating shards (typed-array columns), one record per manifest file;
 *                 a shard counts as loaded only once its transaction has committed
 *   models      — trained weights + metadata per model kind           (since v2)
 *   profile     — the user's profile, one record                       (since v2)
 *   userRatings — the user's ratings and "haven't seen", keyed by movie (since v2)
 *
 * DO NOT CHANGE DB_NAME, store names or key paths WITHOUT ADDING A MIGRATION to `upgrade` and a
 * test for it (tests/unit/storage/migrations.test.ts). `upgrade` must stay idempotent: each step
 * checks what exists, so any old version (or a half-upgraded one) ends at the current schema.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Movie, User } from '../core/data/types';
import type { Manifest } from '../core/data/manifest';
import type { ModelKind } from '../core/kinds';
import type { Profile, UserRating } from '../core/profile';

export const DB_NAME = 'reel';
export const DB_VERSION = 2;

export const Store = {
  meta: 'meta',
  tables: 'tables',
  shards: 'shards',
  models: 'models',
  profile: 'profile',
  userRatings: 'userRatings',
} as const;

export interface ShardRecord {
  name: string;
  dataVersion: string;
  /** row offset of this shard within the full ratings columns */
  index: number;
  rows: number;
  users: Uint16Array;
  movies: Uint16Array;
  ratings: Uint8Array;
  timestamps: Uint32Array;
}

export type DataSource = 'server' | 'import';

export type MetaRecord =
  | { key: 'manifest'; manifest: Manifest; source: DataSource; startedAt: number }
  | { key: 'loaded'; dataVersion: string; loadedAt: number; summary: unknown };

export type TableRecord =
  | { key: 'movies'; dataVersion: string; rows: Movie[] }
  | { key: 'users'; dataVersion: string; rows: User[] };

/**
 * A trained model (weights as plain typed arrays; the worker validates them on load), or under
 * 'blend' the served blend's weights and figures, measured on the models saved beside it.
 */
export type ModelKey = ModelKind | 'blend';

export interface ModelRecord {
  kind: ModelKey;
  dataVersion: string;
  savedAt: number;
  meta: Record<string, unknown>;
  weights: unknown;
}

export interface ReelDB extends DBSchema {
  meta: { key: MetaRecord['key']; value: MetaRecord };
  tables: { key: TableRecord['key']; value: TableRecord };
  shards: { key: string; value: ShardRecord };
  models: { key: ModelKey; value: ModelRecord };
  profile: { key: 'me'; value: Profile & { key: 'me' } };
  userRatings: { key: number; value: UserRating };
}

export type ReelDatabase = IDBPDatabase<ReelDB>;

/** Idempotent schema upgrade from any older version (see header). */
export function upgrade(db: ReelDatabase, oldVersion: number): void {
  // v1: the data set
  if (!db.objectStoreNames.contains(Store.meta))
    db.createObjectStore(Store.meta, { keyPath: 'key' });
  if (!db.objectStoreNames.contains(Store.tables))
    db.createObjectStore(Store.tables, { keyPath: 'key' });
  if (!db.objectStoreNames.contains(Store.shards))
    db.createObjectStore(Store.shards, { keyPath: 'name' });
  // v2: models and the user's profile (v1 had neither; nothing to move)
  if (oldVersion < 2 || !db.objectStoreNames.contains(Store.models)) {
    if (!db.objectStoreNames.contains(Store.models))
      db.createObjectStore(Store.models, { keyPath: 'kind' });
    if (!db.objectStoreNames.contains(Store.profile))
      db.createObjectStore(Store.profile, { keyPath: 'key' });
    if (!db.objectStoreNames.contains(Store.userRatings))
      db.createObjectStore(Store.userRatings, { keyPath: 'movieId' });
  }
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
    upgrade: (database, oldVersion) => upgrade(database, oldVersion),
    blocking: () => {
      // A newer version of the app was opened in another tab: let it upgrade.
      void opening.then((d) => d.close());
      forget(opening);
    },
    terminated: () => {
      forget(opening);
      for (const f of [...lostListeners]) f();
    },
  });
  dbPromise = opening;
  opening.catch(() => forget(opening));
  return opening;
}

const lostListeners = new Set<() => void>();

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

/** True for the error IndexedDB throws when a connection closed under us. */
export function isClosedConnection(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'InvalidStateError';
}

/** Forgets the shared connection (found closed); the next db() opens a new one. */
export function resetConnection(): void {
  dbPromise = null;
}

/** For tests: drop the cached connection (after deleting the database). */
export async function closeDb(): Promise<void> {
  const p = dbPromise;
  dbPromise = null;
  if (p) (await p).close();
}

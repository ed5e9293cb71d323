/**
 * Storage helpers for tests that use the app's IndexedDB (fake-indexeddb in Node). deleteDb goes
 * through the shipped path: the open shared connection closes itself on the delete's
 * versionchange (db()'s `blocking` handler, as when another tab upgrades) and the next db()
 * opens a new one.
 */
import type { Profile, UserRating } from '../../src/core/profile';
import { DB_NAME } from '../../src/storage/db';
import { readProfile } from '../../src/storage/profile';

/** Deletes the app's database and waits until it is gone. */
export function deleteDb(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** The active data set's stored profile. */
export async function getProfile(): Promise<Profile | undefined> {
  return (await readProfile()).profile;
}

/** The active data set's stored rating actions. */
export async function getUserRatings(): Promise<UserRating[]> {
  return (await readProfile()).ratings;
}

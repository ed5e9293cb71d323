/**
 * The user's profile and ratings. Each rating is its own record, written the moment it is given,
 * so a reload at any point loses nothing. Reads go through the core restore functions: stored
 * data is treated as untrusted (a bad record is dropped, never crashes the app).
 * Profile and ratings belong to the ACTIVE data set (keyed by its release): switching data sets
 * switches profiles, since movie ids mean different movies in different releases.
 * Every committed change is announced on a BroadcastChannel, so other tabs (and workers) re-read
 * instead of showing, exporting or building on an older snapshot (`onProfileChanged`).
 */
import { restoreProfile, restoreRating, type Profile, type UserRating } from '../core/profile';
import { activeRelease } from './dataset';
import { LEGACY_RELEASE, Store } from './db';
import { guard, transact } from './tx';

const CHANNEL = 'reel-profile';

/** Tells every other tab that the profile or ratings changed (after the change committed). */
const releaseIn = async (tx: Parameters<typeof activeRelease>[0]) =>
  (await activeRelease(tx)) ?? LEGACY_RELEASE;
const mine = (release: string) => IDBKeyRange.bound([release], [release, []]);

function announce(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** Calls `onChange` whenever another tab changed the profile or ratings; returns unsubscribe. */
export function onProfileChanged(onChange: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => onChange();
  return () => channel.close();
}

export function getProfile(): Promise<Profile | undefined> {
  return guard('read your profile', async () => {
    const rec = await transact([Store.meta, Store.profile], 'readonly', async (tx) =>
      tx.objectStore(Store.profile).get(await releaseIn(tx)),
    );
    if (!rec) return undefined;
    try {
      return restoreProfile(rec);
    } catch {
      return undefined;
    }
  });
}

export function saveProfile(profile: Profile): Promise<void> {
  return guard('save your profile', async () => {
    await transact([Store.meta, Store.profile], 'readwrite', async (tx) => {
      await tx.objectStore(Store.profile).put({ ...profile, release: await releaseIn(tx) });
    });
    announce();
  });
}

export function getUserRatings(): Promise<UserRating[]> {
  return guard('read your ratings', async () => {
    const rows = await transact([Store.meta, Store.userRatings], 'readonly', async (tx) =>
      tx.objectStore(Store.userRatings).getAll(mine(await releaseIn(tx))),
    );
    const out: UserRating[] = [];
    for (const r of rows) {
      try {
        const { release: _release, ...rating } = r;
        out.push(restoreRating(rating));
      } catch {
        /* a damaged record is skipped */
      }
    }
    return out.sort((a, b) => a.at - b.at);
  });
}

export function putUserRating(r: UserRating): Promise<void> {
  return guard('save your rating', async () => {
    await transact([Store.meta, Store.userRatings], 'readwrite', async (tx) => {
      await tx.objectStore(Store.userRatings).put({ ...r, release: await releaseIn(tx) });
    });
    announce();
  });
}

export function deleteUserRating(movieId: number): Promise<void> {
  return guard('remove your rating', async () => {
    await transact([Store.meta, Store.userRatings], 'readwrite', async (tx) =>
      tx.objectStore(Store.userRatings).delete([await releaseIn(tx), movieId]),
    );
    announce();
  });
}

/** Replaces profile and ratings in one transaction (import). */
export function replaceProfile(profile: Profile, ratings: UserRating[]): Promise<void> {
  return guard('import your profile', async () => {
    await transact([Store.meta, Store.profile, Store.userRatings], 'readwrite', async (tx) => {
      const release = await releaseIn(tx);
      const store = tx.objectStore(Store.userRatings);
      await store.delete(mine(release));
      await Promise.all([
        tx.objectStore(Store.profile).put({ ...profile, release }),
        ...ratings.map((r) => store.put({ ...r, release })),
      ]);
    });
    announce();
  });
}

/** Deletes the profile and all the user's ratings (of the active data set). */
export function resetProfile(): Promise<void> {
  return guard('delete your profile', async () => {
    await transact([Store.meta, Store.profile, Store.userRatings], 'readwrite', async (tx) => {
      const release = await releaseIn(tx);
      await Promise.all([
        tx.objectStore(Store.profile).delete(release),
        tx.objectStore(Store.userRatings).delete(mine(release)),
      ]);
    });
    announce();
  });
}

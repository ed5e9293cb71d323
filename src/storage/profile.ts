/**
 * The user's profile and ratings. Each rating is its own record, written the moment it is given,
 * so a reload at any point loses nothing. Reads go through the core restore functions: stored
 * data is treated as untrusted (a bad record is dropped, never crashes the app).
 * Every committed change is announced on a BroadcastChannel, so other tabs (and workers) re-read
 * instead of showing, exporting or building on an older snapshot (`onProfileChanged`).
 */
import { restoreProfile, restoreRating, type Profile, type UserRating } from '../core/profile';
import { db, Store } from './db';
import { guard, transact } from './tx';

const CHANNEL = 'reel-profile';

/** Tells every other tab that the profile or ratings changed (after the change committed). */
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
    const rec = await (await db()).get(Store.profile, 'me');
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
    await transact([Store.profile], 'readwrite', async (tx) => {
      await tx.objectStore(Store.profile).put({ ...profile, key: 'me' });
    });
    announce();
  });
}

export function getUserRatings(): Promise<UserRating[]> {
  return guard('read your ratings', async () => {
    const rows = await (await db()).getAll(Store.userRatings);
    const out: UserRating[] = [];
    for (const r of rows) {
      try {
        out.push(restoreRating(r));
      } catch {
        /* a damaged record is skipped */
      }
    }
    return out.sort((a, b) => a.at - b.at);
  });
}

export function putUserRating(r: UserRating): Promise<void> {
  return guard('save your rating', async () => {
    await transact([Store.userRatings], 'readwrite', async (tx) => {
      await tx.objectStore(Store.userRatings).put(r);
    });
    announce();
  });
}

export function deleteUserRating(movieId: number): Promise<void> {
  return guard('remove your rating', async () => {
    await transact([Store.userRatings], 'readwrite', (tx) =>
      tx.objectStore(Store.userRatings).delete(movieId),
    );
    announce();
  });
}

/** Replaces profile and ratings in one transaction (import). */
export function replaceProfile(profile: Profile, ratings: UserRating[]): Promise<void> {
  return guard('import your profile', async () => {
    await transact([Store.profile, Store.userRatings], 'readwrite', async (tx) => {
      const store = tx.objectStore(Store.userRatings);
      await store.clear();
      await Promise.all([
        tx.objectStore(Store.profile).put({ ...profile, key: 'me' }),
        ...ratings.map((r) => store.put(r)),
      ]);
    });
    announce();
  });
}

/** Deletes the profile and all the user's ratings. */
export function resetProfile(): Promise<void> {
  return guard('delete your profile', async () => {
    await transact([Store.profile, Store.userRatings], 'readwrite', async (tx) => {
      await Promise.all([
        tx.objectStore(Store.profile).clear(),
        tx.objectStore(Store.userRatings).clear(),
      ]);
    });
    announce();
  });
}

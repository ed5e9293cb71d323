import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, Store, closeDb, db } from '../../../src/storage/db';
import {
  getProfile,
  getUserRatings,
  onProfileChanged,
  putUserRating,
  replaceProfile,
  resetProfile,
  saveProfile,
} from '../../../src/storage/profile';

afterEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase(DB_NAME);
});

const profile = { genres: ['Drama', 'Comedy', 'War'], createdAt: 5 };

describe('profile storage', () => {
  it('saves the profile and each rating at once; reads them back in order', async () => {
    await saveProfile(profile);
    await putUserRating({ movieId: 2, rating: 4, at: 10 });
    await putUserRating({ movieId: 1, rating: null, at: 11 });
    await putUserRating({ movieId: 2, rating: 5, at: 12 });
    expect(await getProfile()).toEqual(profile);
    expect(await getUserRatings()).toEqual([
      { movieId: 1, rating: null, at: 11 },
      { movieId: 2, rating: 5, at: 12 },
    ]);
  });

  it('skips damaged records instead of failing', async () => {
    await putUserRating({ movieId: 3, rating: 2, at: 1 });
    await (await db()).put(Store.userRatings, { release: 'ml-1m', movieId: 4, rating: 9, at: 2 });
    expect(await getUserRatings()).toEqual([{ movieId: 3, rating: 2, at: 1 }]);
  });

  it('replace and reset', async () => {
    await saveProfile(profile);
    await putUserRating({ movieId: 3, rating: 2, at: 1 });
    await replaceProfile({ ...profile, genres: ['Horror', 'Drama', 'Crime'] }, [
      { movieId: 9, rating: 1, at: 2 },
    ]);
    expect((await getProfile())?.genres).toEqual(['Horror', 'Drama', 'Crime']);
    expect(await getUserRatings()).toEqual([{ movieId: 9, rating: 1, at: 2 }]);
    await resetProfile();
    expect(await getProfile()).toBeUndefined();
    expect(await getUserRatings()).toEqual([]);
  });
});

describe('a connection the browser closed (issue #8 item 8)', () => {
  it('is reopened: saving after it closed works, and nothing is lost', async () => {
    await putUserRating({ movieId: 1, rating: 4, at: 1 });
    (await db()).close(); // what clearing site data does to a running page's connection
    await putUserRating({ movieId: 2, rating: 5, at: 2 });
    expect((await getUserRatings()).map((r) => r.movieId)).toEqual([1, 2]);
  });
});

describe('other tabs (issue #8 item 9)', () => {
  it('hear of every committed change, so they re-read instead of keeping an older snapshot', async () => {
    let heard = 0;
    const stop = onProfileChanged(() => heard++);
    await putUserRating({ movieId: 1, rating: 4, at: 1 });
    await expect.poll(() => heard).toBe(1);
    await replaceProfile(profile, []);
    await expect.poll(() => heard).toBe(2);
    stop();
  });
});

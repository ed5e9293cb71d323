import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Store, db, type DatasetRecord } from '../../../src/storage/db';
import {
  applyActions,
  putUserRating,
  restoreUserRating,
  saveProfile,
  undoActions,
} from '../../../src/storage/profile';
import type { Movie } from '../../../src/core/data/types';
import type { UserRating } from '../../../src/core/profile';
import { ReelError } from '../../../src/core/errors';
import { manifestFor } from './helpers';
import { deleteDb, getProfile, getUserRatings } from '../../helpers/storage';

afterEach(async () => {
  await deleteDb();
});

const profile = { genres: ['Drama', 'Comedy', 'War'], createdAt: 5 };
const FILMS: Movie[] = [1, 2, 3, 4].map((id) => ({ id, title: `F${id}`, year: 1995, genres: [] }));

async function storeVersion(dataVersion: string, release = 'ml-1m') {
  const d = await db();
  await d.put(Store.datasets, {
    release,
    manifest: { ...manifestFor(dataVersion, 1), release },
    source: 'server',
    startedAt: 1,
    loaded: { dataVersion, loadedAt: 1 },
  } as DatasetRecord);
  await d.put(Store.tables, { release, kind: 'movies', dataVersion, rows: FILMS });
  await d.put(Store.meta, { key: 'active', release });
}

const view = (rs: UserRating[]) => rs.map((r) => [r.movieId, r.rating, r.mark ?? null]);

describe('marks, undo and atomic batches in storage', () => {
  it('stores marks and restores exactly the previous action', async () => {
    await storeVersion('v1');
    await saveProfile(profile, 'v1');
    const first = await putUserRating({ movieId: 1, rating: 4, at: 10 }, 'v1');
    await putUserRating({ movieId: 1, rating: null, mark: 'want', at: 20 }, 'v1');
    expect(view(await getUserRatings())).toEqual([[1, null, 'want']]);
    await restoreUserRating(1, first, 'v1');
    expect(await getUserRatings()).toEqual([first]);
    await restoreUserRating(1, undefined, 'v1');
    expect(await getUserRatings()).toEqual([]);
  });

  it('applies a batch in one step (with the signup profile) and undoes it in one step', async () => {
    await storeVersion('v1');
    await saveProfile(profile, 'v1');
    const kept = await putUserRating({ movieId: 1, rating: 2, at: 10 }, 'v1');
    const batch = await applyActions(
      [
        { movieId: 1, rating: 5, at: 5 },
        { movieId: 2, rating: null, mark: 'seen', at: 6 },
        { movieId: 3, rating: null, mark: 'want', at: 7 },
      ],
      'v1',
    );
    expect(view(await getUserRatings())).toEqual([
      [1, 5, null],
      [2, null, 'seen'],
      [3, null, 'want'],
    ]);
    // clocks keep rising past what was stored
    expect(batch.entries.every((e) => e.stored.hlc! > kept.hlc!)).toBe(true);
    expect(await undoActions(batch)).toBe(3);
    expect(await getUserRatings()).toEqual([kept]);
  });

  it('saves the profile with an import at signup', async () => {
    await storeVersion('v1');
    await applyActions([{ movieId: 4, rating: 3, at: 1 }], 'v1', profile);
    expect((await getProfile())?.genres).toEqual(profile.genres);
    expect(view(await getUserRatings())).toEqual([[4, 3, null]]);
  });

  it('an undo leaves films changed after the import alone', async () => {
    await storeVersion('v1');
    await saveProfile(profile, 'v1');
    const batch = await applyActions(
      [
        { movieId: 1, rating: 5, at: 5 },
        { movieId: 2, rating: 4, at: 5 },
      ],
      'v1',
    );
    await putUserRating({ movieId: 2, rating: 1, at: 99 }, 'v1');
    expect(await undoActions(batch)).toBe(1);
    expect(view(await getUserRatings())).toEqual([[2, 1, null]]);
  });

  it('nothing is half-saved: a refused batch stores nothing', async () => {
    await storeVersion('v1');
    await saveProfile(profile, 'v1');
    const bad = applyActions(
      [
        { movieId: 1, rating: 5, at: 5 },
        { movieId: 2, rating: 4, at: 5 },
      ],
      'v0',
    );
    await expect(bad).rejects.toBeInstanceOf(ReelError);
    expect(await getUserRatings()).toEqual([]);
  });
});

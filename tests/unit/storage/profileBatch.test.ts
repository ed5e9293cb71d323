import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyActions, putUserRating, restoreUserRating } from '../../../src/storage/profile';
import { saveProfile, undoActions } from '../../../src/storage/profile';
import type { Movie } from '../../../src/core/data/types';
import type { UserRating } from '../../../src/core/profile';
import { ReelError } from '../../../src/core/errors';
import { freshDbPerTest, PROFILE, storeVersion } from './helpers';
import { getProfile, getUserRatings } from '../../helpers/storage';

freshDbPerTest();

const FILMS: Movie[] = [1, 2, 3, 4].map((id) => ({ id, title: `F${id}`, year: 1995, genres: [] }));

const view = (rs: UserRating[]) => rs.map((r) => [r.movieId, r.rating, r.mark ?? null]);

describe('marks, undo and atomic batches in storage', () => {
  it('stores marks and restores exactly the previous action', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
    const first = await putUserRating({ movieId: 1, rating: 4, at: 10 }, 'v1');
    await putUserRating({ movieId: 1, rating: null, mark: 'want', at: 20 }, 'v1');
    expect(view(await getUserRatings())).toEqual([[1, null, 'want']]);
    await restoreUserRating(1, first, 'v1');
    expect(await getUserRatings()).toEqual([first]);
    await restoreUserRating(1, undefined, 'v1');
    expect(await getUserRatings()).toEqual([]);
  });

  it('applies a batch in one step (with the signup profile) and undoes it in one step', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
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
    await storeVersion('v1', FILMS);
    await applyActions([{ movieId: 4, rating: 3, at: 1 }], 'v1', PROFILE);
    expect((await getProfile())?.genres).toEqual(PROFILE.genres);
    expect(view(await getUserRatings())).toEqual([[4, 3, null]]);
  });

  it('an undo leaves films changed after the import alone', async () => {
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
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
    await storeVersion('v1', FILMS);
    await saveProfile(PROFILE, 'v1');
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
